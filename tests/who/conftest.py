"""Fixtures for heat, who-to-ask, outreach and pipeline tests."""

from __future__ import annotations

import pytest
from alembic import command
from sqlmodel import Session

from tests.who.world import World
from tracker.migrations import alembic_config


@pytest.fixture
def cli_db(db_url: str) -> str:
    """db_url with its model-built schema stamped as the newest revision, so the CLI's upgrade is a no-op."""
    command.stamp(alembic_config(db_url), "head")
    return db_url


@pytest.fixture
def world(session: Session) -> World:
    """An empty world on the test database (SQLite, then PostgreSQL)."""
    return World(session)
