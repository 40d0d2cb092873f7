"""Shared by the job-board and EDGAR tests: real crawls of the local fixture server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tracker.config import load_settings

FAST = {"allow_private_hosts": True, "download_delay": 0.0, "download_timeout": 5}


@pytest.fixture
def run_crawl(db_url: str) -> Callable[..., dict[str, Any]]:
    """Run one real crawl on the test database in a fresh process (Twisted's reactor starts once per process)."""
    from crawlers.run import crawl_in_subprocess

    def run(settings: dict[str, Any] | None = None, **kwargs: Any) -> dict[str, Any]:
        chosen = load_settings(database_url=db_url, **{**FAST, **(settings or {})})
        return crawl_in_subprocess(settings=chosen, timeout=120, **kwargs)

    return run
