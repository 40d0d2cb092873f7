"""Dashboard fixtures: a database named by HJM_DATABASE_URL, seeded or empty, and an AppTest per page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.dashboard import apptest
from tests.dashboard.seed import Seeded, seed_small


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
    return apptest.open_page
