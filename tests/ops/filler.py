"""Fill every table of a schema with tricky rows, generically from its column types (works on any migration)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    Table,
    select,
)
from sqlalchemy.engine import Connection, Engine

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _type(column: Column) -> Any:
    return getattr(column.type, "impl", column.type)


def value_for(table: Table, column: Column, i: int, parents: dict[str, list[dict[str, Any]]]) -> Any:
    """A value for row i of a column: unique per row, hostile where text is allowed."""
    if column.foreign_keys:
        fk = next(iter(column.foreign_keys))
        rows = parents.get(fk.column.table.name) or []
        if not rows:  # self-reference or parent without rows
            return None
        return rows[i % len(rows)][fk.column.name]
    kind = _type(column)
    if column.nullable and not column.primary_key and i % 3 == 2:
        return None
    if isinstance(kind, Boolean):
        return i % 2 == 1
    if isinstance(kind, Integer):
        return i + 1 if column.primary_key else 10 * i + 7
    if isinstance(kind, Float | Numeric):
        return i + 0.25
    if isinstance(kind, DateTime):
        return datetime(2024, 2, 29, 23, 59, 58, 123456, tzinfo=UTC) + timedelta(days=i, seconds=i)
    if isinstance(kind, Date):
        return date(2024, 2, 28) + timedelta(days=i)
    if isinstance(kind, JSON):
        return {"n": i, "list": ["ünï", i, None], "nested": {"=x": "-1"}}
    if isinstance(kind, LargeBinary):
        return bytes([i, 0, 255, 10, 13])
    start = FORMULA_STARTS[i % len(FORMULA_STARTS)]
    return f'{start}{table.name}.{column.name} #{i} ünïcødé "q", ; line\nbreak'


def fill(conn: Connection, tables: list[Table], rows: int = 3) -> dict[str, list[dict[str, Any]]]:
    """Insert `rows` rows into every table, parents first; returns what was inserted."""
    inserted: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        batch = [{c.name: value_for(table, c, i, inserted) for c in table.columns} for i in range(rows)]
        conn.execute(table.insert(), batch)
        inserted[table.name] = batch
    return inserted


def normalise(value: Any) -> Any:
    """Comparable form: naive UTC datetimes, floats for decimals, bytes for buffers."""
    if isinstance(value, datetime):
        return (value.astimezone(UTC) if value.tzinfo else value).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, memoryview):
        return bytes(value)
    return value


def snapshot(engine: Engine, *, only: set[str] | None = None,
             skip: frozenset[str] = frozenset({"alembic_version"})) -> dict[str, dict[tuple, dict[str, Any]]]:
    """Every row of every table (reflected), keyed by primary key, values normalised."""
    meta = MetaData()
    meta.reflect(engine)
    out: dict[str, dict[tuple, dict[str, Any]]] = {}
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            if table.name in skip or (only is not None and table.name not in only):
                continue
            pk = [c.name for c in table.primary_key.columns]
            rows = conn.execute(select(table)).mappings().all()
            out[table.name] = {tuple(normalise(r[k]) for k in pk): {k: normalise(v) for k, v in r.items()}
                               for r in rows}
    return out
