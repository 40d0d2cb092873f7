"""Shared by every benchmark: the machine line and rewriting one "## " section of docs/benchmarks.md."""

from __future__ import annotations

import os
import platform
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"
NEW_DOC = ("# Benchmarks\n\nMeasured on the machine each section names; every benchmark (`make bench`) rewrites "
           "only its own section.\n")


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2  # kB
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (AttributeError, OSError, ValueError):
        return None


def machine() -> str:
    """'AMD EPYC, 2 CPUs, 23.5 GiB RAM, Python 3.11.7, Linux 6.1.0, 2026-01-31': where a section was measured."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    memory = _memory_gib()
    parts = [_cpu_model(), f"{cpus} CPUs"]
    if memory is not None:
        parts.append(f"{memory:.1f} GiB RAM")
    parts += [f"Python {platform.python_version()}", f"{platform.system()} {platform.release()}".strip(),
              date.today().isoformat()]
    return ", ".join(parts)


def _line_starts(text: str) -> list[int]:
    return [0] + [i + 1 for i, char in enumerate(text) if char == "\n" and i + 1 < len(text)]


def write_section(title: str, body: str, *, doc: Path = DOC) -> None:
    """Replace the section headed by the line `title` ("## ...") up to the next "## " line, or append it.

    Every byte outside that section stays as it is; a missing file is created with a "# Benchmarks" heading.
    """
    if not title.startswith("## ") or "\n" in title:
        raise ValueError(f"a section title is one line starting with '## ', not {title!r}")
    section = title + "\n\n" + body.strip("\n") + "\n"
    current = doc.read_bytes().decode("utf-8") if doc.exists() else ""
    if not current.strip():
        doc.parent.mkdir(parents=True, exist_ok=True)
        current = NEW_DOC
    starts = _line_starts(current)
    lines = [current[s:e].rstrip("\r\n") for s, e in zip(starts, [*starts[1:], len(current)], strict=True)]
    start = next((s for s, line in zip(starts, lines, strict=True) if line == title), None)
    if start is None:
        if not current.endswith("\n"):
            current += "\n"
        updated = current + ("" if current.endswith("\n\n") else "\n") + section
    else:
        end = next((s for s, line in zip(starts, lines, strict=True) if s > start and line.startswith("## ")), None)
        updated = current[:start] + section + ("" if end is None else "\n" + current[end:])
    doc.write_bytes(updated.encode("utf-8"))


@contextmanager
def scratch_postgres(admin_url: str, prefix: str = "hjm_bench") -> Iterator[str]:
    """A new, empty PostgreSQL database for one measurement (dropped afterwards); yields its URL."""
    import psycopg

    from tracker.db import get_engine

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{admin_url.rsplit('/', 1)[0]}/{name}"
    finally:
        get_engine.cache_clear()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure_on_both(measure: Callable[[str], dict], *, postgres_admin_url: str | None) -> list[dict]:
    """measure(url) on a temporary SQLite file, then on a scratch PostgreSQL database when one is reachable."""
    import tempfile

    from tracker.db import get_engine

    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")]
        get_engine.cache_clear()
    if postgres_admin_url and postgres_reachable(postgres_admin_url):
        with scratch_postgres(postgres_admin_url) as url:
            results.append(measure(url))
    return results


def postgres_reachable(admin_url: str) -> bool:
    """True when the PostgreSQL server answers; otherwise says why it is not measured."""
    import psycopg

    try:
        psycopg.connect(admin_url, autocommit=True, connect_timeout=3).close()
    except psycopg.Error as exc:
        print(f"PostgreSQL not measured: {exc}")
        return False
    return True
