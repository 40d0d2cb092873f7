"""What every command shares: the --db option, opening a session, printing tables or JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any

import typer
from sqlmodel import Session

from tracker.config import Settings, load_settings
from tracker.db import session_scope
from tracker.errors import UserError

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (overrides HJM_DATABASE_URL), e.g. sqlite:///demo.sqlite3.",
                 envvar="HJM_DATABASE_URL", show_envvar=False),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON array of objects.")]

_migrated: set[str] = set()


def settings_for(db: str | None) -> Settings:
    """Settings with the --db override applied."""
    return load_settings(database_url=db)


def ensure_schema(url: str) -> None:
    """Upgrade the database to the newest schema once per process."""
    if url in _migrated:
        return
    from tracker.migrations import upgrade

    upgrade(url)
    _migrated.add(url)


@contextmanager
def open_session(db: str | None) -> Iterator[Session]:
    """A transactional session on the chosen database, its schema brought up to date."""
    settings = settings_for(db)
    ensure_schema(settings.database_url)
    with session_scope(settings.database_url) as session:
        yield session


def fail(message: str, code: int = 1) -> None:
    """Print a one-line error and exit."""
    typer.echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def to_json(rows: Any) -> str:
    """JSON text for rows of plain values (dates as ISO strings)."""
    return json.dumps(_plain(rows), ensure_ascii=False, indent=2)


def emit(rows: Sequence[dict[str, Any]], as_json: bool, columns: Sequence[str] | None = None,
         empty: str = "Nothing to show.") -> None:
    """Print rows as a JSON array (--json) or as an aligned text table."""
    if as_json:
        typer.echo(to_json(list(rows)))
        return
    if not rows:
        typer.echo(empty)
        return
    columns = list(columns or rows[0].keys())
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    widths = [min(60, max(len(c), *(len(r[i]) for r in cells))) for i, c in enumerate(columns)]
    typer.echo("  ".join(c.upper().ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip())
    for r in cells:
        typer.echo("  ".join(v[:w].ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}={_cell(v)}" for k, v in value.items())
    return str(value).replace("\n", " ")


_SINCE = re.compile(r"^\s*(\d+)\s*([hdwmy])\s*$")


def parse_since(text: str | None, *, now: datetime | None = None) -> datetime | None:
    """Turn '30d', '12h', '2w', '6m', '1y' or an ISO date into a UTC datetime."""
    if not text:
        return None
    now = now or datetime.now(UTC)
    m = _SINCE.match(text)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        days = {"h": n / 24, "d": n, "w": 7 * n, "m": 30 * n, "y": 365 * n}[unit]
        return now - timedelta(days=days)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError as exc:
        raise UserError(f"--since: '{text}' is not a period like 30d, 2w or 6m, nor a date like 2026-01-31") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
