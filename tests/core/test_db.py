"""The engine module: SQLite pragmas, PostgreSQL through psycopg 3, transactional sessions."""

import pytest
from sqlalchemy import text
from sqlmodel import select

from tracker.db import get_engine, normalise_url, session_scope
from tracker.models import Company


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_sqlite_uses_wal_foreign_keys_and_a_busy_timeout(sqlite_url: str) -> None:
    with get_engine(sqlite_url).connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_session_scope_commits_on_success_and_rolls_back_on_error(db_url: str) -> None:
    with session_scope(db_url) as session:
        session.add(Company(name="Kept", normalized_name="kept"))
    with pytest.raises(RuntimeError), session_scope(db_url) as session:
        session.add(Company(name="Lost", normalized_name="lost"))
        session.flush()
        raise RuntimeError("boom")
    with session_scope(db_url) as session:
        names = session.exec(select(Company.name)).all()
    assert names == ["Kept"]


def test_postgres_urls_use_psycopg3(db_url: str) -> None:
    engine = get_engine(db_url)
    assert engine.dialect.name in {"sqlite", "postgresql"}
    if engine.dialect.name == "postgresql":
        assert engine.dialect.driver == "psycopg"
