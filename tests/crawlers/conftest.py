"""Crawl test fixtures: databases the CLI accepts (stamped at the newest schema)."""

from __future__ import annotations

import pytest
from alembic import command

from tracker.migrations import alembic_config


@pytest.fixture
def crawl_db(db_url: str) -> str:
    """The test database (SQLite, then PostgreSQL), stamped at the newest schema so `hjm` accepts it."""
    command.stamp(alembic_config(db_url), "head")
    return db_url


@pytest.fixture
def sqlite_crawl_db(sqlite_url: str) -> str:
    """A SQLite-only database stamped at the newest schema (for the slower crawl scenarios)."""
    command.stamp(alembic_config(sqlite_url), "head")
    return sqlite_url
