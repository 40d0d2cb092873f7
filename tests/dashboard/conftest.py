"""Dashboard fixtures: a database named by HJM_DATABASE_URL, seeded or empty, and an AppTest per page."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).parent))  # the seeding helper lives next to the tests

from seed import Seeded, seed_small  # noqa: E402

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ("today", "company", "people", "signals", "sources", "import_", "settings")
TIMEOUT = 60  # seconds: generous, a slow CI machine shares its cores


def _forget_caches(url: str | None) -> None:
    from dashboard import data

    if url:
        data.engine(url).dispose()
    st.cache_data.clear()
    st.cache_resource.clear()


@pytest.fixture
def dash_url(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An empty database (SQLite, then PostgreSQL) that the dashboard reads through HJM_DATABASE_URL."""
    monkeypatch.setenv("HJM_DATABASE_URL", db_url)
    _forget_caches(None)
    yield db_url
    _forget_caches(db_url)


@pytest.fixture
def now() -> datetime:
    """The seeding clock (the dashboard reads with the real clock, so it is today)."""
    return datetime.now(UTC)


@pytest.fixture
def seeded(dash_url: str, now: datetime) -> Seeded:
    """The small fictional dataset, with a hostile headline among the signals."""
    return seed_small(dash_url, now=now, hostile=True)


@pytest.fixture
def open_page() -> Callable[..., AppTest]:
    """Run the app and switch to a page: open_page('company', company=3)."""

    def run(page: str = "today", **query: object) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        for key, value in query.items():
            at.query_params[key] = str(value)
        at.run()
        if page != "today":
            at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run
