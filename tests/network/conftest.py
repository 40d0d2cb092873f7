"""Fixtures for the network tests: a watchlist of fictional GIS companies and the export files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session

from tracker.companies import WatchlistEntry, upsert_company

FILES = Path(__file__).parent.parent / "files" / "contacts"
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
WATCHLIST = (
    WatchlistEntry(name="Meridian Geo", domain="meridiangeo.example", aliases=("Meridian Geospatial",)),
    WatchlistEntry(name="Orbital Imaging", domain="orbital.example"),
    WatchlistEntry(name="Terrasurvey Partners", domain="terrasurvey.example"),
    WatchlistEntry(name="Cartowerk"),
)


@pytest.fixture
def files() -> Path:
    """The folder of contact export fixtures."""
    return FILES


@pytest.fixture
def watchlist(session: Session) -> dict[str, int]:
    """The fictional watchlist in the test database: company name -> id."""
    ids = {}
    for entry in WATCHLIST:
        company, _ = upsert_company(session=session, entry=entry)
        ids[company.name] = company.id
    session.commit()
    return ids


@pytest.fixture
def cli_db(db_url: str) -> str:
    """db_url with its model-built schema stamped as the newest revision, so the CLI's upgrade is a no-op."""
    from alembic import command

    from tracker.migrations import alembic_config

    command.stamp(alembic_config(db_url), "head")
    return db_url
