"""Run a crawl in-process with CrawlerProcess (or in a subprocess), record it as a CrawlRun, return its stats."""

from __future__ import annotations

import argparse
import json
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import CrawlerProcess
from sqlmodel import Session, delete, select

from crawlers.context import build_context, register, unregister
from crawlers.settings import scrapy_settings
from crawlers.spiders import spider_for
from crawlers.spiders.base import SourceInfo
from tracker.companies import find_company
from tracker.config import Settings, load_settings
from tracker.db import get_engine
from tracker.errors import UserError
from tracker.locks import LockBusy, db_lock, default_holder
from tracker.models import Company, CrawlRun, Lock
from tracker.sources import ensure_news_search_sources, sources_to_crawl

Progress = Callable[[dict[str, Any]], None]
LOCK_TTL_SECONDS = 900  # renewed while the crawl lives; a killed crawl frees the lock within this


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _plan(session: Session, *, settings: Settings, source_ids: Sequence[int] | None,
          kinds: Sequence[str] | None, company: str | None) -> list[SourceInfo]:
    """The sources this crawl covers (news_search sources are created per company on demand)."""
    target = find_company(session=session, name_or_id=company) if company else None
    if kinds and "news_search" in kinds and source_ids is None:
        companies = [target] if target else list(session.exec(select(Company).order_by(Company.id)).all())
        ensure_news_search_sources(session=session, settings=settings, companies=companies)
        session.flush()
    rows = sources_to_crawl(session=session, source_ids=source_ids, kinds=kinds,
                            company_id=target.id if target else None)
    names = {c.id: c.name for c in session.exec(select(Company)).all()}
    return [SourceInfo.from_source(row, names.get(row.company_id)) for row in rows]


def _close_stale_runs(session: Session, now: datetime) -> None:
    # We hold the crawl lock, so a run still marked running was killed before it could finish.
    for run in session.exec(select(CrawlRun).where(CrawlRun.status == "running")).all():
        run.status, run.finished_at = "interrupted", run.finished_at or now
        session.add(run)


def _holder_is_dead(holder: str) -> bool:
    """True when a lock holder named like `trigger@host:pid` was a process on this machine that is gone."""
    _, _, where = holder.rpartition("@")
    host, _, pid = where.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


@contextmanager
def _crawl_lock(url: str, trigger: str) -> Iterator[None]:
    """The "crawl" lock; a lock left by a killed crawl on this machine is taken over at once."""
    try:
        with db_lock(url=url, name="crawl", holder=default_holder(trigger), ttl_seconds=LOCK_TTL_SECONDS):
            yield
        return
    except LockBusy as busy:
        if not _holder_is_dead(busy.holder):
            raise
        with get_engine(url).begin() as conn:  # compare-and-delete: only that dead holder's row
            conn.execute(delete(Lock).where(Lock.name == "crawl", Lock.holder == busy.holder,
                                            Lock.acquired_at == busy.since))
    with db_lock(url=url, name="crawl", holder=default_holder(trigger), ttl_seconds=LOCK_TTL_SECONDS):
        yield


def crawl(*, settings: Settings, source_ids: Sequence[int] | None = None, kinds: Sequence[str] | None = None,
          company: str | None = None, trigger: str = "cli", progress: Progress | None = None,
          scrapy_overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Crawl the chosen sources once (in this process: the Twisted reactor runs only once per process)."""
    url = settings.database_url
    with _crawl_lock(url, trigger):
        engine = get_engine(url)
        with Session(engine, expire_on_commit=False) as session:
            _close_stale_runs(session, _utcnow())
            plan = _plan(session, settings=settings, source_ids=source_ids, kinds=kinds, company=company)
            run = CrawlRun(trigger=trigger, started_at=_utcnow(), status="running")
            session.add(run)
            session.commit()
        context = build_context(url, progress, page_workers=settings.page_workers)
        key = f"run-{run.id}-{uuid.uuid4().hex[:8]}"
        register(key, context)
        status = "failed"
        try:
            by_kind: dict[str, list[SourceInfo]] = defaultdict(list)
            for info in plan:
                by_kind[info.kind].append(info)
            process = CrawlerProcess(scrapy_settings(settings, HJM_RUN_KEY=key, **(scrapy_overrides or {})))
            for kind, infos in by_kind.items():
                spider = spider_for(kind)
                if spider is None:
                    context.bump(sources=len(infos), sources_done=len(infos))
                    context.error(f"no spider for sources of kind '{kind}'")
                    continue
                process.crawl(spider, sources=infos)
            if process.crawlers:
                process.start()
            status = "interrupted" if "shutdown" in context.close_reasons else "finished"
        except KeyboardInterrupt:
            status = "interrupted"
            raise
        finally:
            context.close()
            unregister(key)
            stats = {**context.snapshot(), "run_id": run.id, "status": status, "trigger": trigger,
                     "error_messages": context.errors[:20]}
            with Session(engine) as session:
                row = session.get(CrawlRun, run.id)
                row.status, row.finished_at, row.stats = status, _utcnow(), stats
                session.add(row)
                session.commit()
    return stats


# --- subprocess --------------------------------------------------------------------------------------


def _env_for(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    for f in fields(Settings):
        value = getattr(settings, f.name)
        env[f"HJM_{f.name.upper()}"] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    return env


def crawl_in_subprocess(*, settings: Settings, source_ids: Sequence[int] | None = None,
                        kinds: Sequence[str] | None = None, company: str | None = None, trigger: str = "cli",
                        progress: Progress | None = None, timeout: float | None = None) -> dict[str, Any]:
    """Run crawl(...) in a fresh `python -m crawlers.run` process; returns its statistics."""
    cmd = [sys.executable, "-m", "crawlers.run", "--trigger", trigger]
    for sid in source_ids or ():
        cmd += ["--source-id", str(sid)]
    for kind in kinds or ():
        cmd += ["--kind", kind]
    if company:
        cmd += ["--company", company]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env_for(settings))
    lines: queue.Queue[str | None] = queue.Queue()
    stderr_tail: list[str] = []
    threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True).start()
    threading.Thread(target=_keep_tail, args=(proc.stderr, stderr_tail), daemon=True).start()
    deadline = time.monotonic() + timeout if timeout else None
    result: dict[str, Any] | None = None
    error: str | None = None
    try:
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                raise TimeoutError(f"crawl did not finish within {timeout} s")
            try:
                line = lines.get(timeout=wait)
            except queue.Empty:
                continue
            if line is None:
                break
            message = _json_line(line)
            if "progress" in message and progress is not None:
                progress(message["progress"])
            result = message.get("result", result)
            error = message.get("error", error)
        proc.wait(timeout=30)
    except BaseException:
        proc.terminate()  # SIGTERM: Scrapy shuts down cleanly; stored items stay stored
        proc.wait(timeout=30)
        raise
    if error:
        raise UserError(error)
    if result is None:
        tail = "".join(stderr_tail[-15:])
        raise RuntimeError(f"crawl subprocess exited with {proc.returncode} and no result:\n{tail}")
    return result


def _pump(stream: Any, lines: queue.Queue[str | None]) -> None:
    for line in stream:
        lines.put(line)
    lines.put(None)


def _keep_tail(stream: Any, tail: list[str]) -> None:
    for line in stream:
        tail.append(line)
        del tail[:-50]


def _json_line(line: str) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def main(argv: Sequence[str] | None = None) -> int:
    """`python -m crawlers.run`: crawl, printing JSON lines of progress and one final result line."""
    parser = argparse.ArgumentParser(prog="python -m crawlers.run", description=main.__doc__)
    parser.add_argument("--source-id", type=int, action="append", dest="source_ids")
    parser.add_argument("--kind", action="append", dest="kinds")
    parser.add_argument("--company")
    parser.add_argument("--trigger", default="cli")
    args = parser.parse_args(argv)
    last = [0.0]

    def emit(message: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(message, default=str) + "\n")
        sys.stdout.flush()

    def report(stats: dict[str, Any]) -> None:
        now = time.monotonic()
        if now - last[0] >= 0.2:  # progress lines at most five times a second
            last[0] = now
            emit({"progress": stats})

    try:
        stats = crawl(settings=load_settings(), source_ids=args.source_ids, kinds=args.kinds,
                      company=args.company, trigger=args.trigger, progress=report)
    except UserError as exc:
        emit({"error": str(exc)})
        return 1
    emit({"result": stats})
    return 0


if __name__ == "__main__":
    sys.exit(main())
