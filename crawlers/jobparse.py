"""What the job-board parsers share: strict JSON decoding, dates, and the location and team fields."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from dateutil import parser as dateparser


class BoardFormatError(ValueError):
    """A response that is not the job board's JSON (an HTML error page, a truncated body, another API)."""


def load_json(body: bytes, *, board: str) -> Any:
    """Decode a board's JSON, naming the board in the error when it is not JSON."""
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        snippet = body[:60].decode("utf-8", errors="replace").replace("\n", " ")
        raise BoardFormatError(f"{board}: the response is not JSON ({exc.__class__.__name__}; starts {snippet!r})") \
            from exc


def expect(value: Any, kind: type, *, board: str, what: str) -> Any:
    """`value` if it has the expected JSON type, else a BoardFormatError naming the field."""
    if not isinstance(value, kind):
        raise BoardFormatError(f"{board}: expected {what} to be a JSON {kind.__name__}, got {type(value).__name__}")
    return value


def text(value: Any) -> str:
    """A one-line string from a JSON value (None and non-strings become '')."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return " ".join(value.split()) if isinstance(value, str) else ""


def first_text(*values: Any) -> str:
    """The first non-empty text among the values."""
    for value in values:
        if found := text(value):
            return found
    return ""


def parse_when(value: Any) -> datetime | None:
    """An ISO date, a date with a zone, or epoch milliseconds -> aware UTC datetime; None when absent or bad."""
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        if isinstance(value, int | float):
            seconds = value / 1000 if value > 10**11 else value  # Lever sends epoch milliseconds
            return datetime.fromtimestamp(seconds, tz=UTC)
        parsed = dateparser.isoparse(str(value).strip())
    except (ValueError, OverflowError, OSError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def place(city: Any = None, region: Any = None, country: Any = None, *, remote: bool = False) -> str:
    """'City, Country' (or 'City, Region' when no country), 'Remote' for remote roles without a place."""
    parts = [p for p in (text(city), text(country) or text(region)) if p]
    if parts:
        return ", ".join(dict.fromkeys(parts))
    return "Remote" if remote else ""
