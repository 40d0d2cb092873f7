"""The scheduled run: cron parsing, missed runs coalesced once by APScheduler, no overlap, the crontab line."""

from __future__ import annotations

import threading
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
