"""Fixtures for the relationship tests: a database the CLI can use as it is."""

from __future__ import annotations

import pytest
from alembic import command

from tracker.migrations import alembic_config


@pytest.fixture
def cli_db(db_url: str) -> str:
    """db_url with its model-built schema stamped as the newest revision, so the CLI's upgrade is a no-op."""
    command.stamp(alembic_config(db_url), "head")
    return db_url
