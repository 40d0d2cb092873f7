"""Export every table (JSON backup or CSV files) and restore a JSON backup into an empty database."""

from __future__ import annotations

import base64
import csv
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Column, Date, DateTime, LargeBinary, Table, func, insert, inspect, select, text
from sqlalchemy.types import JSON
from sqlmodel import Session, SQLModel

import tracker.models  # noqa: F401  (registers every table on the metadata)
from tracker.errors import InputError, UserError

FORMAT = "hjm-backup"
VERSION = 1
# Runtime state, not the user's data: a lock only means something to the process that holds it.
SKIPPED_TABLES = {"lock"}
BATCH = 500
# A cell starting with one of these is read as a formula by spreadsheet programs (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def tables() -> list[Table]:
    """The tables a backup holds, parents before children."""
    return [t for t in SQLModel.metadata.sorted_tables if t.name not in SKIPPED_TABLES]


def _kind(column: Column) -> str:
    col_type = getattr(column.type, "impl", column.type)
    if isinstance(col_type, JSON):
        return "json"
    if isinstance(col_type, DateTime):
        return "datetime"
    if isinstance(col_type, Date):
        return "date"
    if isinstance(col_type, LargeBinary):
        return "bytes"
    return "plain"


def encode(column: Column, value: Any) -> Any:
    """A database value as a JSON value (datetimes ISO 8601 in UTC, bytes base64)."""
    if value is None:
        return None
    kind = _kind(column)
    if kind == "datetime":
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).isoformat()
    if kind == "date":
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def decode(column: Column, value: Any) -> Any:
    """The inverse of `encode`."""
    if value is None:
        return None
    kind = _kind(column)
    if kind == "datetime":
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "bytes":
        return base64.b64decode(value)
    return value


def iter_rows(*, session: Session, table: Table) -> Iterator[dict[str, Any]]:
    """Every row of a table as encoded JSON values, in primary-key order, streamed."""
    stmt = select(table).order_by(*table.primary_key.columns)
    result = session.connection().execution_options(yield_per=BATCH).execute(stmt)
    for row in result.mappings():
        yield {c.name: encode(c, row[c.name]) for c in table.columns}


def schema_revision(*, session: Session) -> str | None:
    """The Alembic revision the database is at (None when it was created without migrations)."""
    if not inspect(session.connection()).has_table("alembic_version"):
        return None
    return session.connection().execute(text("SELECT version_num FROM alembic_version")).scalar()


def export_json(*, session: Session, path: Path, now: datetime) -> dict[str, int]:
    """Write every table to one JSON file; returns rows per table."""
    counts: dict[str, int] = {}
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": FORMAT, "version": VERSION, "schema_revision": schema_revision(session=session),
              "exported_at": now.isoformat()}
    with path.open("w", encoding="utf-8") as out:
        out.write(json.dumps(header, ensure_ascii=False)[:-1] + ', "tables": {')
        for i, table in enumerate(tables()):
            out.write(("," if i else "") + f"\n{json.dumps(table.name)}: [")
            n = 0
            for row in iter_rows(session=session, table=table):
                out.write(("," if n else "") + "\n" + json.dumps(row, ensure_ascii=False))
                n += 1
            out.write("]")
            counts[table.name] = n
        out.write("\n}}\n")
    return counts


def neutralise(value: Any) -> Any:
    """A CSV cell that a spreadsheet cannot run as a formula: a cell starting =, +, -, @, tab or CR gets a quote."""
    if isinstance(value, int | float) and not isinstance(value, bool) and value < 0:
        value = str(value)  # every cell, even a negative number, so no cell starts with "-"
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def export_csv(*, session: Session, directory: Path) -> dict[str, int]:
    """Write one CSV file per table into `directory` (cells neutralised); returns rows per table."""
    directory.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for table in tables():
        names = [c.name for c in table.columns]
        json_cols = {c.name for c in table.columns if _kind(c) == "json"}
        n = 0
        with (directory / f"{table.name}.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(names)
            for row in iter_rows(session=session, table=table):
                writer.writerow([neutralise(json.dumps(row[k], ensure_ascii=False) if k in json_cols
                                            and row[k] is not None else row[k]) for k in names])
                n += 1
        counts[table.name] = n
    return counts


def read_backup(path: Path) -> dict[str, Any]:
    """Load and check a JSON backup file; InputError naming the file (and line) when it is not one."""
    try:
        with path.open(encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError as exc:
        raise InputError(str(path), None, None, "no such file") from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(path), exc.lineno, None, f"not valid JSON ({exc.msg})") from exc
    except UnicodeDecodeError as exc:
        raise InputError(str(path), None, None, "not a UTF-8 JSON file") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InputError(str(path), None, "format", f"not an hjm backup (expected \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise InputError(str(path), None, "version", f"backup version {data.get('version')!r} is not {VERSION}")
    if not isinstance(data.get("tables"), dict):
        raise InputError(str(path), None, "tables", "missing or not an object")
    return data


def _check_empty(*, session: Session) -> None:
    for table in tables():
        count = session.connection().execute(select(func.count()).select_from(table)).scalar()
        if count:
            raise UserError(f"import-backup restores into an empty database, but table '{table.name}' "
                            f"already has {count} rows; use a new --db")


def _reset_sequences(*, session: Session) -> None:
    # PostgreSQL serial counters do not move when ids are inserted explicitly.
    if session.connection().dialect.name != "postgresql":
        return
    for table in tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or _kind(pk[0]) != "plain" or pk[0].type.python_type is not int:
            continue
        name, col = f'"{table.name}"', f'"{pk[0].name}"'
        # pg_get_serial_sequence gives NULL for a column without a sequence; setval(NULL, ...) is a no-op.
        session.connection().execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', '{pk[0].name}'), COALESCE(MAX({col}), 1), "
            f"MAX({col}) IS NOT NULL) FROM {name}"))


def import_backup(*, session: Session, path: Path) -> dict[str, int]:
    """Restore a JSON backup into an empty database in the caller's transaction; returns rows per table."""
    data = read_backup(path)
    known = {t.name: t for t in tables()}
    unknown = sorted(set(data["tables"]) - set(known))
    if unknown:
        raise InputError(str(path), None, f"tables.{unknown[0]}",
                         "unknown table (a backup from a newer version? upgrade hjm first)")
    _check_empty(session=session)
    counts: dict[str, int] = {}
    for table in tables():
        rows = data["tables"].get(table.name, [])
        columns = {c.name: c for c in table.columns}
        batch: list[dict[str, Any]] = []
        for i, row in enumerate(rows):
            if not isinstance(row, dict):
                raise InputError(str(path), None, f"tables.{table.name}[{i}]", "not an object")
            extra = sorted(set(row) - set(columns))
            if extra:
                raise InputError(str(path), None, f"tables.{table.name}[{i}].{extra[0]}", "unknown column")
            try:
                batch.append({k: decode(columns[k], v) for k, v in row.items()})
            except (ValueError, TypeError) as exc:
                raise InputError(str(path), None, f"tables.{table.name}[{i}]", f"bad value ({exc})") from exc
            if len(batch) >= BATCH:
                session.connection().execute(insert(table), batch)
                batch = []
        if batch:
            session.connection().execute(insert(table), batch)
        counts[table.name] = len(rows)
    _reset_sequences(session=session)
    return counts
