"""Alembic migrations, run programmatically (`hjm init` upgrades to head)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from tracker.db import normalise_url

MIGRATIONS_DIR = Path(__file__).parent


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at this package's scripts and the given database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", normalise_url(url).replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Upgrade the database at `url` to `revision` (creating it if needed)."""
    from tracker.db import make_engine

    make_engine(url).dispose()  # creates the SQLite folder when needed
    command.upgrade(alembic_config(url), revision)
