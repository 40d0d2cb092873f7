"""The scheduled run: cron parsing, missed runs coalesced once by APScheduler, no overlap, the crontab line."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED, EVENT_JOB_SUBMITTED
from apscheduler.schedulers.blocking import BlockingScheduler

from tracker.errors import UserError
from tracker.schedule import (
    JOB_ID,
    MISFIRE_GRACE_SECONDS,
    add_scheduled_job,
    cron_line,
    job_options,
    missed_since,
    next_fire_times,
    parse_cron,
)


@pytest.mark.parametrize("expr", ["0 7 * * *", "*/15 6-22 * * mon-fri", "30 7 1 * *", " 0  7 * * * "])
def test_valid_cron_expressions_parse(expr: str) -> None:
    assert parse_cron(expr, timezone="UTC").get_next_fire_time(None, datetime(2026, 1, 1, tzinfo=UTC)) is not None


@pytest.mark.parametrize("expr", ["", "0 7 * *", "61 7 * * *", "0 25 * * *", "every morning", "0 7 * * * *"])
def test_invalid_cron_expressions_are_one_line_user_errors(expr: str) -> None:
    with pytest.raises(UserError, match="--cron: .* is not a crontab expression"):
        parse_cron(expr)


@pytest.mark.parametrize(("cron", "now", "expected"), [
    ("0 7 * * *", datetime(2026, 3, 1, 6, 0, tzinfo=UTC),
     [datetime(2026, 3, d, 7, 0, tzinfo=UTC) for d in (1, 2, 3)]),
    ("0 7 * * *", datetime(2026, 3, 1, 7, 0, 1, tzinfo=UTC),
     [datetime(2026, 3, d, 7, 0, tzinfo=UTC) for d in (2, 3, 4)]),
    ("0 9 * * mon", datetime(2026, 3, 1, 12, 0, tzinfo=UTC),  # a Sunday
     [datetime(2026, 3, d, 9, 0, tzinfo=UTC) for d in (2, 9, 16)]),
])
def test_next_fire_times(cron: str, now: datetime, expected: list[datetime]) -> None:
    assert next_fire_times(cron=cron, now=now, timezone="UTC") == expected


@pytest.mark.parametrize(("last", "now", "expected"), [
    # the 7:00 run of March 2 was missed while the process was down: run once now
    (datetime(2026, 3, 1, 7, 0, 5, tzinfo=UTC), datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
     datetime(2026, 3, 2, 7, 0, tzinfo=UTC)),
    # several days down: still the first missed one (it runs once)
    (datetime(2026, 3, 1, 7, 0, 5, tzinfo=UTC), datetime(2026, 3, 5, 9, 30, tzinfo=UTC),
     datetime(2026, 3, 2, 7, 0, tzinfo=UTC)),
    # nothing missed yet
    (datetime(2026, 3, 2, 7, 0, 5, tzinfo=UTC), datetime(2026, 3, 2, 9, 30, tzinfo=UTC), None),
    # never ran on a schedule: nothing to catch up
    (None, datetime(2026, 3, 2, 9, 30, tzinfo=UTC), None),
])
def test_missed_since(last: datetime | None, now: datetime, expected: datetime | None) -> None:
    assert missed_since(trigger=parse_cron("0 7 * * *", timezone="UTC"), last_run_at=last, now=now) == expected


def test_job_options_coalesce_and_never_overlap() -> None:
    assert job_options() == {"coalesce": True, "max_instances": 1, "misfire_grace_time": MISFIRE_GRACE_SECONDS}


def _run_until_settled(scheduler: BlockingScheduler, settled: threading.Event) -> None:
    thread = threading.Thread(target=scheduler.start, daemon=True)
    thread.start()
    assert settled.wait(30), "the scheduler never processed the due job"
    scheduler.shutdown(wait=True)
    thread.join(10)


def _sleeping_laptop(*, coalesce: bool | None = None, cron: str = "0 7 * * *",
                     next_run: datetime) -> tuple[list, list, list]:
    """A scheduler whose job came due at `next_run` and missed every fire time since (the machine slept)."""
    scheduler = BlockingScheduler(timezone="UTC")
    runs: list[int] = []
    submitted: list[list[datetime]] = []
    missed: list[datetime] = []
    settled = threading.Event()

    def listener(event) -> None:  # noqa: ANN001
        if event.code == EVENT_JOB_SUBMITTED:
            submitted.append(list(event.scheduled_run_times))
        elif event.code == EVENT_JOB_MISSED:
            missed.append(event.scheduled_run_time)
            settled.set()
        elif event.code == EVENT_JOB_EXECUTED:
            settled.set()

    scheduler.add_listener(listener, EVENT_JOB_SUBMITTED | EVENT_JOB_EXECUTED | EVENT_JOB_MISSED)
    job = add_scheduled_job(scheduler, trigger=parse_cron(cron, timezone="UTC"), func=lambda: runs.append(1),
                            next_run_time=next_run)
    if coalesce is not None:
        job.modify(coalesce=coalesce)
    _run_until_settled(scheduler, settled)
    return runs, submitted, missed


def _daily_far_from_now(now: datetime) -> tuple[str, datetime]:
    """A daily cron whose fire time is 12 hours away from now (no boundary near), and its last fire time."""
    hour = (now.hour + 12) % 24
    last = now.replace(hour=hour, minute=0, second=0, microsecond=0)
    return f"0 {hour} * * *", last if last <= now else last - timedelta(days=1)


def test_runs_missed_during_a_sleep_run_once_on_wake() -> None:
    cron, last = _daily_far_from_now(datetime.now(UTC))
    runs, submitted, missed = _sleeping_laptop(cron=cron, next_run=last - timedelta(days=3))  # 4 runs missed
    assert runs == [1]
    assert submitted == [[last]]  # coalesced into the latest missed time
    assert missed == []


def test_without_coalescing_the_same_sleep_would_run_four_times() -> None:
    # The control for the test above: APScheduler's own behaviour without our option.
    cron, last = _daily_far_from_now(datetime.now(UTC))
    _, submitted, _ = _sleeping_laptop(coalesce=False, cron=cron, next_run=last - timedelta(days=3))
    assert submitted == [[last - timedelta(days=d) for d in (3, 2, 1, 0)]]


def test_a_run_missed_by_more_than_the_grace_time_is_reported_not_run() -> None:
    now = datetime.now(UTC)
    long_ago = now - timedelta(seconds=MISFIRE_GRACE_SECONDS + 3600)
    runs, submitted, missed = _sleeping_laptop(cron="0 7 1 1 *", next_run=long_ago)  # a yearly schedule
    assert runs == []
    assert missed == [long_ago]


def test_the_job_carries_the_options() -> None:
    scheduler = BlockingScheduler(timezone="UTC")
    job = add_scheduled_job(scheduler, trigger=parse_cron("0 7 * * *", timezone="UTC"), func=lambda: None)
    assert job.id == JOB_ID
    assert (job.coalesce, job.max_instances, job.misfire_grace_time) == (True, 1, MISFIRE_GRACE_SECONDS)


@pytest.mark.parametrize(("cron", "db", "expected_start", "expected_parts"), [
    ("0 7 * * *", None, "0 7 * * * ", ["schedule --once", ">> /var/log/hjm.log 2>&1"]),
    ("30  6 * * 1-5", "postgresql://hjm@db.example/hjm", "30 6 * * 1-5 ",
     ["--db postgresql://hjm@db.example/hjm"]),
    ("0 7 * * *", "postgresql://hjm:p%40ss@db.example/hjm", "0 7 * * * ", [r"p\%40ss"]),
])
def test_cron_line(cron: str, db: str | None, expected_start: str, expected_parts: list[str]) -> None:
    from pathlib import Path

    line = cron_line(cron=cron, db=db, hjm="/opt/hjm/bin/hjm", log_file=Path("/var/log/hjm.log"))
    assert line.startswith(expected_start + "/opt/hjm/bin/hjm ")
    for part in expected_parts:
        assert part in line
    assert "\n" not in line


def test_cron_line_refuses_a_bad_expression() -> None:
    with pytest.raises(UserError):
        cron_line(cron="0 7 * *")


# --- the job: a real crawl in a child process, the digest by SMTP and webhook ----------------------


def _crawl(settings):  # noqa: ANN001, ANN202
    from crawlers.run import crawl_in_subprocess

    return crawl_in_subprocess(settings=settings, trigger="schedule", timeout=300)


def test_scheduled_run_crawls_rescores_and_delivers(tmp_path, smtp_server, webhook_server,  # noqa: ANN001
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlmodel import Session, select

    from tests.helpers.fixture_server import FixtureServer
    from tests.ops.conftest import create_schema
    from tests.ops.site import build_site, register_sources
    from tracker.config import load_settings
    from tracker.db import get_engine
    from tracker.locks import LockBusy, db_lock
    from tracker.models import CrawlRun
    from tracker.schedule import RUN_LOCK, scheduled_run

    host, port, inbox = smtp_server
    hook, received, _ = webhook_server
    db = create_schema(f"sqlite:///{tmp_path / 'hjm.sqlite3'}")
    settings = load_settings(database_url=db, download_delay=0, smtp_host=host, smtp_port=port,
                             digest_email="jo@user.example", webhook_url=hook, allow_private_hosts=True)
    with FixtureServer() as fixture:
        # Dated today, so the signals fall inside the digest's period whatever day the test runs.
        pages = build_site(fixture, articles=21, feeds=3, overlap=1, now=datetime.now(UTC))
        with Session(get_engine(db)) as session:
            register_sources(session, pages)
        first = scheduled_run(settings=settings, crawl=_crawl)
        assert first["crawl"]["new_articles"] == 21 and first["crawl_error"] is None
        assert first["digest"]["signals"] > 0 and first["digest"]["sent"] == ["email:jo@user.example", "webhook"]
        assert len(inbox.messages) == 1 and len(received) == 1
        assert "Quillon Geospatial" in received[0]["json"]["text"]

        # A crawl started from the CLI holds the crawl lock: the scheduled crawl says so, the digest still goes.
        with db_lock(url=db, name="crawl", holder="cli@laptop:42"):
            second = scheduled_run(settings=settings, crawl=_crawl)
        assert "another crawl is running since" in second["crawl_error"] and "cli@laptop:42" in second["crawl_error"]
        assert len(inbox.messages) == 2

        # Two scheduled runs never overlap.
        with db_lock(url=db, name=RUN_LOCK, holder="schedule@other:7"), pytest.raises(LockBusy):
            scheduled_run(settings=settings, crawl=_crawl)
    with Session(get_engine(db)) as session:
        runs = session.exec(select(CrawlRun).order_by(CrawlRun.id)).all()
    assert [(r.trigger, r.status) for r in runs] == [("schedule", "finished")]
    assert second["digest"]["since"] == runs[0].started_at  # the digest covers what came since the last run


def test_a_scheduler_that_was_down_at_fire_time_runs_once_on_start(tmp_path) -> None:  # noqa: ANN001
    from sqlmodel import Session, select

    from tests.ops.conftest import create_schema
    from tracker.config import load_settings
    from tracker.db import get_engine
    from tracker.models import CrawlRun
    from tracker.schedule import build_scheduler

    db = create_schema(f"sqlite:///{tmp_path / 'hjm.sqlite3'}")
    cron, last_fire = _daily_far_from_now(datetime.now(UTC))
    with Session(get_engine(db)) as session:  # the last scheduled crawl was the day before the missed fire time
        session.add(CrawlRun(trigger="schedule", status="finished", started_at=last_fire - timedelta(days=1)))
        session.commit()
    settings = load_settings(database_url=db, download_delay=0)
    results: list[dict] = []
    done = threading.Event()
    scheduler = build_scheduler(settings=settings, cron=cron, crawl=_crawl, timezone="UTC",
                                on_result=lambda r: (results.append(r), done.set()))
    thread = threading.Thread(target=scheduler.start, daemon=True)
    thread.start()
    assert done.wait(120), "the missed run did not start"
    scheduler.shutdown(wait=True)
    thread.join(10)
    assert len(results) == 1 and results[0]["crawl"]["sources"] == 0 and results[0]["crawl_error"] is None
    with Session(get_engine(db)) as session:
        assert len(session.exec(select(CrawlRun).where(CrawlRun.trigger == "schedule")).all()) == 2


def test_a_scheduler_that_missed_nothing_waits_for_the_next_fire_time(tmp_path) -> None:  # noqa: ANN001
    from sqlmodel import Session

    from tests.ops.conftest import create_schema
    from tracker.config import load_settings
    from tracker.db import get_engine
    from tracker.models import CrawlRun
    from tracker.schedule import build_scheduler

    db = create_schema(f"sqlite:///{tmp_path / 'hjm.sqlite3'}")
    cron, last_fire = _daily_far_from_now(datetime.now(UTC))
    with Session(get_engine(db)) as session:
        session.add(CrawlRun(trigger="schedule", status="finished", started_at=last_fire + timedelta(seconds=5)))
        session.commit()
    scheduler = build_scheduler(settings=load_settings(database_url=db), cron=cron, crawl=_crawl, timezone="UTC")
    thread = threading.Thread(target=scheduler.start, kwargs={"paused": True}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not scheduler.running:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    (job,) = scheduler.get_jobs()
    next_run = job.next_run_time
    scheduler.shutdown(wait=True)
    thread.join(10)
    assert next_run == last_fire + timedelta(days=1)


def test_cli_print_cron_and_once(cli_db: str) -> None:
    from typer.testing import CliRunner

    from tracker.cli import app

    runner = CliRunner()
    printed = runner.invoke(app, ["schedule", "--print-cron", "--cron", "15 6 * * 1-5", "--db", cli_db])
    assert printed.exit_code == 0, printed.output
    line = printed.stdout.strip()
    assert line.startswith("15 6 * * 1-5 ") and " schedule --once --db " in line and line.endswith("2>&1")
    once = runner.invoke(app, ["schedule", "--once", "--db", cli_db], env={"HJM_DOWNLOAD_DELAY": "0"})
    assert once.exit_code == 0, once.output
    import json

    result = json.loads(once.stdout)
    assert result["crawl"]["trigger"] == "schedule" and result["digest"]["sent"] == []
