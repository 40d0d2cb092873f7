"""The scheduled run: on a cron schedule, crawl, re-score and send the digest (APScheduler 3, one at a time)."""

from __future__ import annotations

import logging
import shlex
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlmodel import select

from tracker.config import Settings
from tracker.db import session_scope
from tracker.errors import UserError
from tracker.locks import db_lock, default_holder
from tracker.models import CrawlRun

log = logging.getLogger(__name__)

DEFAULT_CRON = "0 7 * * *"
JOB_ID = "hjm-scheduled-run"
RUN_LOCK = "scheduled-run"
# With coalesce, only the latest missed fire time survives a sleep; it still runs when the machine wakes
# up to a week late (covers daily and weekly schedules); anything older is reported as missed.
MISFIRE_GRACE_SECONDS = 7 * 24 * 3600
# The scheduler sleeps on a monotonic clock that stops while the machine is suspended; waking it up
# every minute makes a run that came due during a suspend start within a minute of resume.
WAKEUP_SECONDS = 60
DEFAULT_DIGEST_DAYS = 7

CrawlFn = Callable[[Settings], dict[str, Any]]


def parse_cron(expr: str, *, timezone: tzinfo | str | None = None) -> CronTrigger:
    """A CronTrigger from a five-field crontab expression; UserError naming the problem otherwise."""
    try:
        return CronTrigger.from_crontab(expr.strip(), timezone=timezone)
    except (ValueError, TypeError) as exc:
        raise UserError(f"--cron: '{expr}' is not a crontab expression like '0 7 * * *' ({exc})") from exc


def job_options() -> dict[str, Any]:
    """How the scheduled job behaves: missed runs coalesce into one, never two at a time."""
    return {"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS}


def add_scheduled_job(scheduler: BaseScheduler, *, trigger: CronTrigger, func: Callable[[], Any],
                      next_run_time: datetime | None = None) -> Any:
    """Add the run to a scheduler (optionally due at `next_run_time`, e.g. to catch up now)."""
    extra = {"next_run_time": next_run_time} if next_run_time is not None else {}
    return scheduler.add_job(func, trigger=trigger, id=JOB_ID, name="crawl, re-score, digest",
                             replace_existing=True, **job_options(), **extra)


def missed_since(*, trigger: CronTrigger, last_run_at: datetime | None, now: datetime) -> datetime | None:
    """The first fire time after the last run if it is already past (the process was down), else None."""
    if last_run_at is None:
        return None
    due = trigger.get_next_fire_time(None, last_run_at + timedelta(microseconds=1))
    return due if due is not None and due <= now else None


def last_scheduled_run(*, settings: Settings, before: datetime | None = None) -> datetime | None:
    """When the latest scheduled crawl started (optionally the latest before a moment)."""
    with session_scope(settings.database_url) as session:
        stmt = select(CrawlRun.started_at).where(CrawlRun.trigger == "schedule")
        if before is not None:
            stmt = stmt.where(CrawlRun.started_at < before)
        at = session.exec(stmt.order_by(CrawlRun.started_at.desc()).limit(1)).first()
    return at if at is None or at.tzinfo else at.replace(tzinfo=UTC)


def deliver_digest(*, settings: Settings, since: datetime, now: datetime, email: str | None,
                   webhook: str | None) -> dict[str, Any]:
    """Build the digest for (since, now] and send it where configured; returns what was sent."""
    from tracker.digest import build_digest
    from tracker.digest_render import render_html, render_markdown
    from tracker.notify import post_webhook, send_email

    with session_scope(settings.database_url) as session:
        digest = build_digest(session=session, since=since, now=now)
    text = render_markdown(digest)
    sent: list[str] = []
    if email:
        send_email(settings=settings, to=email, subject=digest.subject(), text=text, html=render_html(digest))
        sent.append(f"email:{email}")
    if webhook:
        post_webhook(url=webhook, text=text)
        sent.append("webhook")
    return {"since": since, "signals": digest.signal_count, "companies": len(digest.companies),
            "job_changes": len(digest.job_changes), "followups": len(digest.followups),
            "hottest": [row["name"] for row in digest.hottest], "sent": sent}


def scheduled_run(*, settings: Settings, crawl: CrawlFn, now: datetime | None = None,
                  email: str | None = None, webhook: str | None = None) -> dict[str, Any]:
    """One scheduled run: crawl (in a child process), then re-score and deliver the digest."""
    started = now or datetime.now(UTC)
    email = email if email is not None else (settings.digest_email or None)
    webhook = webhook if webhook is not None else (settings.webhook_url or None)
    result: dict[str, Any] = {"started_at": started, "crawl": None, "crawl_error": None, "digest": None}
    # A second scheduler (another terminal, a cron line plus the service) must not start a second run.
    with db_lock(url=settings.database_url, name=RUN_LOCK, holder=default_holder("schedule")):
        since = last_scheduled_run(settings=settings, before=started) or started - timedelta(days=DEFAULT_DIGEST_DAYS)
        try:
            result["crawl"] = crawl(settings)
        except UserError as exc:  # e.g. a crawl started from the CLI holds the crawl lock: report, go on
            result["crawl_error"] = str(exc)
            log.warning("scheduled crawl skipped: %s", exc)
        # Heat is computed at read time from the signals and `now`, so building the digest re-scores.
        result["digest"] = deliver_digest(settings=settings, since=since, now=datetime.now(UTC) if now is None
                                          else now, email=email, webhook=webhook)
    result["finished_at"] = datetime.now(UTC)
    return result


def build_scheduler(*, settings: Settings, cron: str, crawl: CrawlFn, timezone: tzinfo | str | None = None,
                    email: str | None = None, webhook: str | None = None,
                    on_result: Callable[[dict[str, Any]], None] | None = None,
                    now: datetime | None = None) -> BlockingScheduler:
    """A scheduler with the run on `cron`; due at once when a scheduled run was missed while it was down."""
    trigger = parse_cron(cron, timezone=timezone)
    scheduler = BlockingScheduler(timezone=trigger.timezone)

    def job() -> None:
        try:
            result = scheduled_run(settings=settings, crawl=crawl, email=email, webhook=webhook)
        except UserError as exc:
            log.error("scheduled run failed: %s", exc)
            return
        if on_result is not None:
            on_result(result)

    now = now or datetime.now(UTC)
    catch_up = missed_since(trigger=trigger, last_run_at=last_scheduled_run(settings=settings), now=now)
    add_scheduled_job(scheduler, trigger=trigger, func=job, next_run_time=now if catch_up else None)
    return scheduler


def run_scheduler(*, settings: Settings, cron: str, crawl: CrawlFn, timezone: tzinfo | str | None = None,
                  email: str | None = None, webhook: str | None = None,
                  on_result: Callable[[dict[str, Any]], None] | None = None) -> None:
    """Run in the foreground until interrupted: the scheduled run on every cron tick."""
    scheduler = build_scheduler(settings=settings, cron=cron, crawl=crawl, timezone=timezone, email=email,
                                webhook=webhook, on_result=on_result)
    stop = threading.Event()

    def nudge() -> None:
        while not stop.wait(WAKEUP_SECONDS):
            scheduler.wakeup()

    threading.Thread(target=nudge, name="hjm-schedule-wakeup", daemon=True).start()
    try:
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        stop.set()
        if scheduler.running:
            scheduler.shutdown(wait=False)


def next_fire_times(*, cron: str, now: datetime, count: int = 3,
                    timezone: tzinfo | str | None = None) -> list[datetime]:
    """The next `count` times the schedule fires after `now` (shown when the scheduler starts)."""
    trigger = parse_cron(cron, timezone=timezone)
    times, previous = [], None
    for _ in range(count):
        nxt = trigger.get_next_fire_time(previous, previous + timedelta(microseconds=1) if previous else now)
        if nxt is None:
            break
        times.append(nxt)
        previous = nxt
    return times


def cron_line(*, cron: str, db: str | None = None, hjm: str | None = None, log_file: Path | None = None) -> str:
    """A crontab line that runs one scheduled run (for users who prefer the system's cron)."""
    parse_cron(cron)
    exe = hjm or str(Path(sys.executable).with_name("hjm"))
    command = [exe, "schedule", "--once"] + (["--db", db] if db else [])
    line = " ".join(shlex.quote(part) for part in command)
    if log_file is not None:
        line += f" >> {shlex.quote(str(log_file))} 2>&1"
    # cron turns an unescaped % into a newline.
    return f"{' '.join(cron.split())} {line.replace('%', chr(92) + '%')}"
