"""Crawl pipeline: the full pipeline (fetch, extract, analyse, store) against a fetch-only Scrapy spider.

`python -m benchmarks.crawl_pipeline [--pages 2000] [--memory-pages 10000] [--delay 0.25]` serves a generated,
fictional news network (benchmarks/crawl_site.py: 10 sites on 127.0.0.2-11, RSS feeds of 100 items, article pages
of 50-150 KB) and crawls the same pages several times in the same run, each crawl in its own process with the same
Scrapy settings (robots.txt, one request at a time per site, the safety middleware, retries):

1. fetch-only: a bare spider that reads the feeds and downloads every page, doing nothing with them;
2. full: `crawlers.run.crawl` (page workers extract with trafilatura and analyse; the crawl's process stores
   MinHash stories, company links and signals in batched transactions into SQLite).

Both run at the benchmark's download delay (lower than the 1 s default, to finish in minutes) and at no delay
(the raw capacity, where the full pipeline also runs once without page workers). Each run's CPU time is measured
over its whole process tree (the crawl, its fork server and page workers), and the fixture server's separately.
Then the full pipeline crawls --memory-pages pages and reports the peak RSS of its process tree.
Targets: full rate >= half the fetch-only rate; peak memory < 500 MB. Rewrites its section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.report import machine, write_section

SECTION = "## Crawl pipeline"
SITES = [f"127.0.0.{i}" for i in range(2, 12)]
COMPANIES = 100
REPEATS = 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _feed_urls(port: int, pages: int) -> list[str]:
    from benchmarks.crawl_site import FEED_ITEMS

    return [f"http://{SITES[k % len(SITES)]}:{port}/feed/{k}.xml" for k in range(pages // FEED_ITEMS)]


def _prepare_db(url: str, feeds: list[str]) -> None:
    from sqlmodel import Session, SQLModel

    from benchmarks.crawl_site import company_names
    from tracker.companies import WatchlistEntry, upsert_company
    from tracker.db import make_engine
    from tracker.models import Source

    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        for name in company_names(COMPANIES):
            upsert_company(session=session, entry=WatchlistEntry(name=name))
        session.add_all(Source(url=feed, kind="rss") for feed in feeds)
        session.commit()
    engine.dispose()


class TreeMeter:
    """Peak memory and CPU time of this process and its descendants, sampled in a thread.

    Memory is the sum of each process's PSS (proportional set size: a page shared by the fork server and its
    workers is counted once, split between them), or of RSS where the system has no PSS. A page worker's CPU is
    its last sample, so up to SAMPLE_SECONDS of work per worker may be missed."""

    SAMPLE_SECONDS = 0.2

    def __init__(self) -> None:
        import psutil

        self.me = psutil.Process()
        self.peak_memory = 0
        self.child_cpu: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMeter:
        self.cpu_start = time.process_time()
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()
        # The sampling thread's own CPU is the meter's, not the crawl's.
        self.cpu = time.process_time() - self.cpu_start - self.own_cpu + sum(self.child_cpu.values())

    def _run(self) -> None:
        started = time.thread_time()
        while not self._stop.wait(self.SAMPLE_SECONDS):
            self.sample()
        self.own_cpu = time.thread_time() - started

    def sample(self) -> None:
        """Add up the tree's RSS now; remember each descendant's CPU time so far."""
        import psutil

        total = _memory(self.me)
        for child in self.me.children(recursive=True):
            try:
                total += _memory(child)
                times = child.cpu_times()
                self.child_cpu[child.pid] = times.user + times.system
            except psutil.Error:
                continue
        self.peak_memory = max(self.peak_memory, total)


def _memory(process: Any) -> int:
    info = process.memory_full_info()
    return getattr(info, "pss", info.rss)


def child_full(url: str, delay: float, workers: int | None) -> dict[str, Any]:
    """In a fresh process: the real crawl of every source in the database."""
    from crawlers.run import crawl
    from tracker.config import load_settings

    settings = load_settings(database_url=url, download_delay=delay, allow_private_hosts=True, page_workers=workers)
    with TreeMeter() as meter:
        started = time.perf_counter()
        stats = crawl(settings=settings, trigger="benchmark")
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": stats["pages"], "stats": stats, "cpu": meter.cpu,
            "peak_mb": meter.peak_memory / 2**20, "workers": settings.page_workers}


def child_fetch(feeds: list[str], delay: float) -> dict[str, Any]:
    """In a fresh process: download the feeds and every page they list, and nothing else."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from crawlers.settings import scrapy_settings
    from crawlers.spiders.rss import read_feed
    from tracker.config import load_settings

    counts = {"pages": 0}

    class FetchOnly(scrapy.Spider):
        name = "fetch_only"

        async def start(self):  # noqa: ANN201
            for feed in feeds:
                yield scrapy.Request(feed, callback=self.parse_feed)

        def parse_feed(self, response):  # noqa: ANN001, ANN201
            counts["pages"] += 1
            for entry in read_feed(response.body, url=response.url).entries:
                yield scrapy.Request(entry.url, callback=self.parse_page)

        def parse_page(self, response):  # noqa: ANN001, ANN201
            counts["pages"] += 1

    settings = load_settings(database_url="sqlite://", download_delay=delay, allow_private_hosts=True)
    process = CrawlerProcess(scrapy_settings(settings, ITEM_PIPELINES={}))
    process.crawl(FetchOnly)
    with TreeMeter() as meter:
        started = time.perf_counter()
        process.start()
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": counts["pages"], "cpu": meter.cpu, "peak_mb": meter.peak_memory / 2**20}


def _run_child(mode: str, url: str, feeds: list[str], delay: float, server: Any,
               workers: int | None = None) -> dict[str, Any]:
    args = [sys.executable, "-m", "benchmarks.crawl_pipeline", "--child", mode, "--db", url,
            "--delay", str(delay), "--feeds", ",".join(feeds)]
    if workers is not None:
        args += ["--workers", str(workers)]
    before = server.cpu_times()
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    after = server.cpu_times()
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["rate"] = result["pages"] / result["seconds"]
    result["server_cpu"] = (after.user + after.system) - (before.user + before.system)
    print(f"  {mode:10s} delay {delay:<5} workers {result.get('workers', '-')!s:>2} {result['pages']:>6} pages in "
          f"{result['seconds']:7.1f} s = {result['rate']:6.1f} pages/s, CPU {result['cpu']:.1f} s "
          f"(server {result['server_cpu']:.1f} s), peak {result['peak_mb']:.0f} MB", flush=True)
    return result


def _run_full(tmp: Path, feeds: list[str], delay: float, server: Any, workers: int | None = None) -> dict[str, Any]:
    """The full pipeline over the feeds, into a database of its own."""
    url = f"sqlite:///{tmp}/full_{time.monotonic_ns()}.sqlite3"
    _prepare_db(url, feeds)
    return _run_child("full", url, feeds, delay, server, workers=workers)


def _median(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the median rate."""
    return sorted(runs, key=lambda r: r["rate"])[len(runs) // 2]


def run(pages: int, memory_pages: int, delay: float, tmp: Path) -> dict[str, Any]:
    """Serve the sites, crawl them fetch-only and fully at two delays, then the memory run."""
    import psutil

    from benchmarks.crawl_site import company_names, serve

    port = _free_port()
    process = multiprocessing.Process(target=serve, args=(SITES, port, company_names(COMPANIES)), daemon=True)
    process.start()
    time.sleep(1.0)
    server = psutil.Process(process.pid)
    results: dict[str, Any] = {"port": port}
    try:
        feeds = _feed_urls(port, pages)
        for d in (delay, 0.0):
            # Runs without a delay take seconds, so their rate is the median of REPEATS runs.
            repeats = 1 if d else REPEATS
            results[f"fetch_{d}"] = _median([_run_child("fetch-only", "sqlite://", feeds, d, server)
                                             for _ in range(repeats)])
            results[f"full_{d}"] = _median([_run_full(tmp, feeds, d, server) for _ in range(repeats)])
        results["inline"] = _median([_run_full(tmp, feeds, 0.0, server, workers=0) for _ in range(REPEATS)])
        url = f"sqlite:///{tmp}/memory.sqlite3"
        _prepare_db(url, _feed_urls(port, memory_pages))
        results["memory"] = _run_child("full", url, [], 0.0, server)
    finally:
        process.terminate()
    results["load"] = os.getloadavg()[0]
    return results


def _row(delay: float, fetch: dict[str, Any], full: dict[str, Any]) -> str:
    def cpu(r: dict[str, Any]) -> str:
        return f"{1000 * r['cpu'] / r['pages']:.1f} + {1000 * r['server_cpu'] / r['pages']:.1f}"

    return (f"| {delay:g} s | {full['workers']} | {fetch['rate']:.1f} pages/s ({fetch['seconds']:.1f} s) | "
            f"{full['rate']:.1f} pages/s ({full['seconds']:.1f} s) | **{_ratio(full, fetch):.0%}** | "
            f"{cpu(fetch)} | {cpu(full)} |")


def _ratio(full: dict[str, Any], fetch: dict[str, Any]) -> float:
    return full["rate"] / fetch["rate"]


def _verdict(full: dict[str, Any], fetch: dict[str, Any]) -> str:
    return "met" if _ratio(full, fetch) >= 0.5 else "not met"


def _section(r: dict[str, Any], pages: int, memory_pages: int, delay: float) -> str:
    """The section's body (everything under its heading)."""
    fetch0, full0, inline = r["fetch_0.0"], r["full_0.0"], r["inline"]
    rows = [_row(delay, r[f"fetch_{delay}"], r[f"full_{delay}"]), _row(0.0, fetch0, full0), _row(0.0, fetch0, inline)]
    mem, stats = r["memory"], r["memory"]["stats"]
    full_stats = r[f"full_{delay}"]["stats"]
    cores = multiprocessing.cpu_count()
    per_page = (full0["cpu"] + full0["server_cpu"]) / full0["pages"]
    ceiling = cores / per_page
    return "\n".join([
        f"`python -m benchmarks.crawl_pipeline` on {machine()}; SQLite. A generated, fictional news network "
        f"served from a separate process: {len(SITES)} sites on 127.0.0.2-11, RSS feeds of 100 items, article pages "
        f"of 50-150 KB (scripts, styles, navigation, comments around a 600-1,200-word article). {pages:,} article "
        f"pages, crawled by each spider in its own process with the same Scrapy settings (robots.txt, one request at "
        f"a time per site, safety middleware, retries). The benchmark lowers the download delay from the default 1 s "
        f"to {delay:g} s per site (and to 0 for the raw capacity); AutoThrottle is on whenever the delay is above 0. "
        f"The full pipeline extracts and analyses pages in page workers (HJM_PAGE_WORKERS, one per core up to four; "
        f"0 = in the crawl's own process) and stores them in batched transactions. Rows without a delay are the "
        f"median of {REPEATS} runs each.",
        "",
        "| delay per site | page workers | fetch-only spider | full pipeline (fetch, extract, analyse, store) | "
        "full / fetch-only | CPU ms per page, fetch-only (crawl + server) | CPU ms per page, full |",
        "|---|---|---|---|---|---|---|",
        *rows, "",
        f"Full pipeline at {delay:g} s: {full_stats['new_articles']:,} articles, {full_stats['new_signals']:,} "
        f"signals, {full_stats['errors']} errors. Target: full >= 50% of fetch-only: "
        f"**{_verdict(r[f'full_{delay}'], r[f'fetch_{delay}'])} at {delay:g} s, {_verdict(full0, fetch0)} with no "
        f"delay.** With no delay the fetch-only spider is bound by its one process "
        f"(about one core), while the full pipeline needs {1000 * per_page:.1f} ms of CPU per page in all "
        f"(crawl, page workers and fixture server); {cores} cores can then do at most {ceiling:.0f} pages/s, "
        f"{ceiling / fetch0['rate']:.0%} of the fetch-only rate, however the work is spread over processes. "
        f"More cores raise that ceiling (the page workers scale with them); "
        f"without page workers the same crawl does {inline['rate']:.1f} pages/s.", "",
        f"Memory: the full pipeline over {stats['pages']:,} pages, feeds and articles "
        f"({stats['new_articles']:,} articles, {stats['new_signals']:,} signals, {mem['seconds']:.0f} s at "
        f"{mem['rate']:.1f} pages/s, {mem['workers']} page workers): peak memory of the crawl, its fork server and "
        f"its page workers together (the sum of their PSS, so pages they share count once) **{mem['peak_mb']:.0f} "
        f"MB** (target < 500 MB).", "",
        f"Load average at the end of the run: {r['load']:.1f} on {cores} CPUs.",
    ])


def main(argv: list[str]) -> int:
    """Run the benchmark (or one child crawl); non-zero when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.crawl_pipeline")
    parser.add_argument("--pages", type=int, default=2_000)
    parser.add_argument("--memory-pages", type=int, default=10_000)
    parser.add_argument("--delay", type=float, default=0.25)
    parser.add_argument("--child", choices=["full", "fetch-only"])
    parser.add_argument("--db", default="")
    parser.add_argument("--feeds", default="")
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    if args.child:
        feeds = [f for f in args.feeds.split(",") if f]
        result = (child_full(args.db, args.delay, args.workers) if args.child == "full"
                  else child_fetch(feeds, args.delay))
        print(json.dumps(result, default=str))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        results = run(args.pages, args.memory_pages, args.delay, Path(tmp))
    body = _section(results, args.pages, args.memory_pages, args.delay)
    print(f"{SECTION}\n\n{body}")
    write_section(SECTION, body)
    ratios = [_ratio(results[f"full_{d}"], results[f"fetch_{d}"]) for d in (args.delay, 0.0)]
    return 0 if min(ratios) >= 0.5 and results["memory"]["peak_mb"] < 500 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
