"""The database lock: one holder at a time, on SQLite and PostgreSQL, across threads and processes."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from tracker.db import get_engine
from tracker.errors import UserError
from tracker.locks import LockBusy, db_lock, holder_is_dead, lock_info
from tracker.locks import _release as release_by_stale_holder_engine
from tracker.models import Lock


def test_second_taker_gets_a_clear_message_and_the_lock_is_freed_after(db_url: str) -> None:
    with db_lock(url=db_url, name="crawl", holder="scheduler@box:1"):
        assert lock_info(url=db_url, name="crawl").holder == "scheduler@box:1"
        with pytest.raises(LockBusy) as busy:
            with db_lock(url=db_url, name="crawl", holder="cli@box:2"):
                pytest.fail("two holders at once")
        message = str(busy.value)
        assert message.startswith("another crawl is running since ")
        assert "(holder scheduler@box:1)" in message
        assert isinstance(busy.value, UserError)
    assert lock_info(url=db_url, name="crawl") is None
    with db_lock(url=db_url, name="crawl", holder="cli@box:2"):
        assert lock_info(url=db_url, name="crawl").holder == "cli@box:2"


def test_different_names_do_not_block_each_other(db_url: str) -> None:
    with db_lock(url=db_url, name="crawl", holder="a"), db_lock(url=db_url, name="digest", holder="b"):
        assert lock_info(url=db_url, name="digest").holder == "b"


def test_an_expired_lock_of_a_crashed_holder_is_taken_over(db_url: str) -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    with get_engine(db_url).begin() as conn:
        conn.execute(insert(Lock.__table__).values(
            name="crawl", holder="dead@box:9", acquired_at=past, expires_at=past + timedelta(hours=1)))
    with db_lock(url=db_url, name="crawl", holder="cli@box:3"):
        assert lock_info(url=db_url, name="crawl").holder == "cli@box:3"
    assert lock_info(url=db_url, name="crawl") is None


def test_a_takeover_gets_a_new_token_so_the_stale_holders_release_misses(db_url: str) -> None:
    past = datetime.now(UTC) - timedelta(hours=2)
    with get_engine(db_url).begin() as conn:
        conn.execute(insert(Lock.__table__).values(
            name="crawl", holder="same@box:1", acquired_at=past, expires_at=past + timedelta(hours=1)))
    with db_lock(url=db_url, name="crawl", holder="same@box:1"):
        release_by_stale_holder(db_url, "crawl", "same@box:1", past)
        info = lock_info(url=db_url, name="crawl")
        assert info is not None and info.acquired_at > past


def release_by_stale_holder(url: str, name: str, holder: str, token: datetime) -> None:
    """What a stalled holder's `finally` does once its lease was taken over."""
    release_by_stale_holder_engine(get_engine(url), name, holder, token)


def test_threads_never_hold_the_lock_together_and_all_get_their_turn(db_url: str) -> None:
    inside, peak, done, errors = [0], [0], [], []
    guard = threading.Lock()

    def work(i: int) -> None:
        try:
            with db_lock(url=db_url, name="crawl", holder=f"t{i}", wait_seconds=60):
                with guard:
                    inside[0] += 1
                    peak[0] = max(peak[0], inside[0])
                time.sleep(0.05)
                with guard:
                    inside[0] -= 1
                done.append(i)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(done) == list(range(6))
    assert peak[0] == 1


def test_a_live_holder_keeps_its_lock_past_the_ttl(db_url: str) -> None:
    with db_lock(url=db_url, name="crawl", holder="long", ttl_seconds=1):
        time.sleep(2.2)  # two TTLs: without the heartbeat the lease would have expired
        with pytest.raises(LockBusy):
            with db_lock(url=db_url, name="crawl", holder="other"):
                pass


_HOLDER = """
import sys, time
from tracker.locks import db_lock, default_holder
holder = default_holder("victim") if sys.argv[3] == "default" else sys.argv[3]
with db_lock(url=sys.argv[1], name="crawl", holder=holder, ttl_seconds=int(sys.argv[2])):
    print(holder, flush=True)
    time.sleep(600)
"""


def _hold_in_child(db_url: str, ttl: int, holder: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-c", _HOLDER, db_url, str(ttl), holder], stdout=subprocess.PIPE,
                            text=True)
    return proc, proc.stdout.readline().strip()


def test_a_killed_process_on_this_machine_frees_the_lock_at_once(db_url: str) -> None:
    proc, holder = _hold_in_child(db_url, 3600, "default")
    try:
        assert holder == f"victim@{socket.gethostname()}:{proc.pid}"
        with pytest.raises(LockBusy, match=re.escape(f"(holder {holder})")):
            with db_lock(url=db_url, name="crawl", holder="survivor"):
                pass
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with db_lock(url=db_url, name="crawl", holder="survivor"):  # no waiting for the hour-long lease
            assert lock_info(url=db_url, name="crawl").holder == "survivor"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


def test_a_killed_process_elsewhere_frees_the_lock_when_its_lease_expires(db_url: str) -> None:
    proc, holder = _hold_in_child(db_url, 2, "worker@another-host.example:4242")
    try:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        with pytest.raises(LockBusy, match="holder worker@another-host.example:4242"):
            with db_lock(url=db_url, name="crawl", holder="survivor"):
                pass
        with db_lock(url=db_url, name="crawl", holder="survivor", wait_seconds=30):
            assert lock_info(url=db_url, name="crawl").holder == "survivor"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()


@pytest.mark.parametrize(("holder", "dead"), [
    ("cli@another-host.example:1", False),  # not this machine: unknown
    ("custom holder", False),
    (f"cli@{socket.gethostname()}:{os.getpid()}", False),  # this very process
    (f"cli@{socket.gethostname()}:999999999", True),  # no such process
])
def test_holder_is_dead(holder: str, dead: bool) -> None:
    assert holder_is_dead(holder) is dead
