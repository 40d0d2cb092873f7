"""Run every benchmark in turn (`make bench`); each one rewrites its own section of docs/benchmarks.md."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time

BENCHMARKS = [
    "benchmarks.analyze_throughput",
    "benchmarks.signals.evaluate",
    "benchmarks.contacts_import",
    "benchmarks.who_heat",
    "benchmarks.relationships",
    "benchmarks.job_boards",
    "benchmarks.crawl_pipeline",
    "benchmarks.dashboard_pages",
    "benchmarks.distributed_crawl",
]


def main(argv: list[str]) -> int:
    """Run the named benchmarks (default: all), each in its own process; non-zero if any failed."""
    chosen = [b for b in BENCHMARKS if not argv or b.rsplit(".", 1)[-1] in argv or b in argv]
    failed = []
    for name in chosen:
        if importlib.util.find_spec(name) is None:
            print(f"== {name}: missing", flush=True)
            failed.append(name)
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        code = subprocess.call([sys.executable, "-m", name])
        print(f"== {name}: exit {code} after {time.perf_counter() - started:.1f} s", flush=True)
        if code:
            failed.append(name)
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
