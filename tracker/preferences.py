"""User preferences stored in the database as JSON (profile, signal weights, half-life, cadences)."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from tracker.models import UserSetting, utcnow

PROFILE = "profile"
SIGNAL_WEIGHTS = "signal_weights"
HALF_LIFE_DAYS = "half_life_days"
CADENCES = "cadences"  # {"tag:inner circle": 60, "default": 180}


def get_preference(*, session: Session, key: str, default: Any = None) -> Any:
    """The stored value for `key`, or `default` when unset."""
    row = session.get(UserSetting, key)
    return default if row is None or row.value is None else row.value


def set_preference(*, session: Session, key: str, value: Any) -> None:
    """Store `value` under `key` (in the caller's transaction)."""
    row = session.get(UserSetting, key)
    if row is None:
        row = UserSetting(key=key, value=value)
    else:
        row.value = value
        row.updated_at = utcnow()
    session.add(row)
    session.flush()
