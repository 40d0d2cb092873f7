"""Migrations and models agree: upgrading an empty database to head gives exactly the models' schema."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

from tracker.db import make_engine
from tracker.migrations import MIGRATIONS_DIR, alembic_config, upgrade


def _empty(url: str) -> None:
    engine = make_engine(url)
    if engine.dialect.name == "postgresql":
        with engine.begin() as conn:
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    else:
        SQLModel.metadata.drop_all(engine)
        with engine.begin() as conn:
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
    engine.dispose()


def test_upgrade_to_head_matches_the_models(db_url: str) -> None:
    _empty(db_url)
    upgrade(db_url)
    engine = make_engine(db_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        diffs = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert diffs == [], f"models changed without a migration: {diffs}"


def test_upgrade_is_idempotent_and_reaches_the_single_head(db_url: str) -> None:
    _empty(db_url)
    upgrade(db_url)
    upgrade(db_url)
    heads = ScriptDirectory.from_config(alembic_config(db_url)).get_heads()
    assert len(heads) == 1, f"migrations have several heads: {heads}"
    engine = make_engine(db_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == heads[0]
        assert "signal" in inspect(conn).get_table_names()
    engine.dispose()


@pytest.mark.parametrize("path", sorted((MIGRATIONS_DIR / "versions").glob("*.py")), ids=lambda p: p.name)
def test_every_migration_has_a_docstring(path) -> None:  # noqa: ANN001
    source = path.read_text()
    assert source.lstrip().startswith('"""'), f"{path.name} needs a docstring saying what it changes"
