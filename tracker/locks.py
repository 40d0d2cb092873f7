"""A named lock held in the database, so two crawls never overlap (SQLite and PostgreSQL alike)."""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from tracker.db import get_engine
from tracker.errors import UserError
from tracker.models import Lock

_LOCK = Lock.__table__
_POLL_SECONDS = 0.2
_HOLDER = re.compile(r"@(?P<host>[^@:]+):(?P<pid>\d+)$")


class LockBusy(UserError):
    """The lock is held by someone else (and did not come free within the wait)."""

    def __init__(self, name: str, holder: str, since: datetime | None, expires: datetime | None) -> None:
        self.name, self.holder, self.since, self.expires = name, holder, since, expires
        when = since.strftime("%Y-%m-%d %H:%M:%S %Z") if since else "an unknown time"
        what = "another crawl" if name == "crawl" else f"another '{name}' job"
        until = f"; it expires at {expires:%Y-%m-%d %H:%M:%S %Z} if that process died" if expires else ""
        super().__init__(f"{what} is running since {when} (holder {holder}){until}")


@dataclass(frozen=True)
class LockInfo:
    """Who holds a lock, since when, until when."""

    name: str
    holder: str
    acquired_at: datetime
    expires_at: datetime


def default_holder(trigger: str = "cli") -> str:
    """A readable holder id: what took the lock, on which machine, in which process."""
    return f"{trigger}@{socket.gethostname()}:{os.getpid()}"


def _utcnow() -> datetime:
    return datetime.now(UTC)


def holder_is_dead(holder: str) -> bool:
    """True when a holder id from default_holder names a process on this machine that no longer exists."""
    m = _HOLDER.search(holder)
    if m is None or m.group("host") != socket.gethostname():
        return False  # another machine (or a custom holder): only the expiry can tell
    try:
        os.kill(int(m.group("pid")), 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


def lock_info(*, url: str, name: str) -> LockInfo | None:
    """The current row of a lock, or None when nobody holds it."""
    with get_engine(url).connect() as conn:
        row = conn.execute(select(_LOCK).where(_LOCK.c.name == name)).mappings().first()
    return LockInfo(**row) if row else None


def try_acquire(*, engine: Engine, name: str, holder: str, ttl_seconds: int) -> datetime | None:
    """One atomic attempt: insert, or take over an expired row; returns our acquired_at token or None."""
    now = _utcnow()
    values = {"holder": holder, "acquired_at": now, "expires_at": now + timedelta(seconds=ttl_seconds)}
    try:
        with engine.begin() as conn:
            conn.execute(insert(_LOCK).values(name=name, **values))
        return now
    except IntegrityError:
        pass
    # The row exists: take it over only if it has expired (its holder crashed or hung) or its holder is
    # a dead process on this machine (a killed crawl frees the lock at once, not after the TTL). The
    # WHERE makes this a compare-and-swap, so of two racing takers exactly one updates the row.
    with engine.begin() as conn:
        row = conn.execute(select(_LOCK).where(_LOCK.c.name == name)).mappings().first()
        if row is None:
            return None  # released meanwhile: the caller's next attempt inserts
        stale = row["expires_at"] < now or holder_is_dead(row["holder"])
        if not stale:
            return None
        taken = conn.execute(
            update(_LOCK).where(_LOCK.c.name == name, _LOCK.c.holder == row["holder"],
                                _LOCK.c.acquired_at == row["acquired_at"]).values(**values)
        ).rowcount
    return now if taken == 1 else None


def _renew(engine: Engine, name: str, holder: str, token: datetime, ttl_seconds: int) -> bool:
    with engine.begin() as conn:
        return conn.execute(
            update(_LOCK)
            .where(_LOCK.c.name == name, _LOCK.c.holder == holder, _LOCK.c.acquired_at == token)
            .values(expires_at=_utcnow() + timedelta(seconds=ttl_seconds))
        ).rowcount == 1


def _release(engine: Engine, name: str, holder: str, token: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            delete(_LOCK).where(_LOCK.c.name == name, _LOCK.c.holder == holder, _LOCK.c.acquired_at == token)
        )


@contextmanager
def db_lock(*, url: str, name: str, holder: str, ttl_seconds: int = 3600,
            wait_seconds: float = 0) -> Iterator[None]:
    """Hold the named database lock for the block; wait up to `wait_seconds`, else raise LockBusy.

    A live holder renews its lease every third of the TTL, so a long crawl keeps the lock while a
    crashed one loses it after at most `ttl_seconds`.
    """
    if ttl_seconds <= 0:
        raise UserError("the lock's ttl_seconds must be positive")
    engine = get_engine(url)
    deadline = time.monotonic() + max(0.0, wait_seconds)
    while (token := try_acquire(engine=engine, name=name, holder=holder, ttl_seconds=ttl_seconds)) is None:
        if time.monotonic() >= deadline:
            info = lock_info(url=url, name=name)
            if info is None:  # released between our attempt and the read: try once more
                continue
            raise LockBusy(name, info.holder, info.acquired_at, info.expires_at)
        time.sleep(min(_POLL_SECONDS, max(0.0, deadline - time.monotonic())))
    stop = threading.Event()

    def heartbeat() -> None:
        while not stop.wait(ttl_seconds / 3):
            try:
                if not _renew(engine, name, holder, token, ttl_seconds):
                    return  # taken over after we stalled past the TTL; nothing left to renew
            except Exception:  # noqa: BLE001 - a transient database error must not kill the job
                continue

    beat = threading.Thread(target=heartbeat, name=f"hjm-lock-{name}", daemon=True)
    beat.start()
    try:
        yield
    finally:
        stop.set()
        beat.join(timeout=5)
        _release(engine, name, holder, token)
