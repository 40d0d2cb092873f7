"""Shared fixtures: a fresh database per test on SQLite and on the real PostgreSQL server."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import lru_cache

import pytest
from sqlalchemy import inspect, text
from sqlmodel import Session, SQLModel

import tracker.models  # noqa: F401
from tracker.db import get_engine, make_engine

IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("HJM_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("HJM_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _service_missing(what: str, why: Exception) -> None:
    message = f"{what} is not reachable ({why.__class__.__name__}: {why}); start it to run these tests"
    if IN_CI:
        pytest.fail(f"CI=true requires {message}", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    """A throwaway PostgreSQL database for this test session (dropped at the end)."""
    import psycopg

    name = f"hjm_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001
        _service_missing("PostgreSQL at " + PG_ADMIN_URL, exc)
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    get_engine.cache_clear()
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@lru_cache(maxsize=1)
def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from tracker.migrations import alembic_config

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def _create_schema(url: str) -> None:
    """The models' tables, stamped as the newest migration (tests/core/test_migrations.py proves they agree)."""
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": _head_revision()})
    engine.dispose()


def _reset_postgres(url: str) -> None:
    """Empty every table (fast), or rebuild the schema when a test changed it."""
    engine = make_engine(url)
    tables = list(SQLModel.metadata.tables)
    with engine.begin() as conn:
        existing = set(inspect(conn).get_table_names())
        if existing == {*tables, "alembic_version"}:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
            conn.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": _head_revision()})
            engine.dispose()
            return
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    _create_schema(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """A fresh, empty database with the current schema: SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'hjm.sqlite3'}"
        _create_schema(url)
        yield url
        get_engine.cache_clear()
        return
    url = request.getfixturevalue("postgres_server_url")
    _reset_postgres(url)
    yield url
    get_engine.cache_clear()


@pytest.fixture
def sqlite_url(tmp_path) -> str:  # noqa: ANN001
    """A fresh SQLite database with the current schema (for tests that need only the embedded default)."""
    url = f"sqlite:///{tmp_path / 'hjm.sqlite3'}"
    _create_schema(url)
    return url


@pytest.fixture
def session(db_url: str) -> Iterator[Session]:
    """A session on the fresh database of `db_url` (the test commits what it wants to keep)."""
    engine = get_engine(db_url)
    with Session(engine, expire_on_commit=False) as s:
        yield s
    engine.dispose()


@pytest.fixture
def redis_url() -> str:
    """The local Redis (database 15, flushed), or a skip with a reason outside CI."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except Exception as exc:  # noqa: BLE001
        _service_missing("Redis at " + REDIS_URL, exc)
    client.flushdb()
    return REDIS_URL


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch) -> None:  # noqa: ANN001
    """Never touch the user's own data: every test gets its own data directory."""
    monkeypatch.setenv("HJM_DATA_DIR", str(tmp_path_factory.mktemp("hjm-data")))
    monkeypatch.delenv("HJM_DATABASE_URL", raising=False)
    monkeypatch.setenv("HJM_ALLOW_PRIVATE_HOSTS", "1")


# The local HTTP fixture server (tests/helpers/fixture_server.py), shared by every crawl test.
from tests.helpers.fixture_server import fixture_server  # noqa: E402,F401
