"""Helpers for crawl tests: a fictional watchlist and settings for fast crawls of the local fixture server."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlmodel import Session

from tracker.companies import WatchlistEntry, upsert_company
from tracker.config import Settings, load_settings
from tracker.db import get_engine

FILES = Path(__file__).resolve().parent.parent / "files"
WATCHLIST = (
    WatchlistEntry(name="Cartoplex Mapping", domain="cartoplex.example", aliases=("Cartoplex",)),
    WatchlistEntry(name="Geodyne Surveys", domain="geodyne.example", aliases=("Geodyne",)),
    WatchlistEntry(name="Skyloom Imaging", domain="skyloom.example", aliases=("Skyloom",)),
    WatchlistEntry(name="Placewise Analytics", domain="placewise.example", aliases=("Placewise",)),
)


def seed_watchlist(url: str) -> dict[str, int]:
    """Store the fictional watchlist; returns name -> company id."""
    with Session(get_engine(url), expire_on_commit=False) as session:
        companies = [upsert_company(session=session, entry=entry)[0] for entry in WATCHLIST]
        session.commit()
        return {company.name: company.id for company in companies}


def fast_settings(url: str, **overrides: Any) -> Settings:
    """Settings for crawling the local fixture server quickly: no delay, short timeouts."""
    values: dict[str, Any] = {"database_url": url, "download_delay": 0.0, "download_timeout": 3,
                              "allow_private_hosts": True}
    values.update(overrides)
    return load_settings(**values)


def run_crawl(url: str, *, settings: Settings | None = None, timeout: float = 180, **kwargs: Any) -> dict[str, Any]:
    """One real crawl in a fresh process (Twisted's reactor cannot restart), returning its statistics."""
    from crawlers.run import crawl_in_subprocess

    return crawl_in_subprocess(settings=settings or fast_settings(url), timeout=timeout, **kwargs)
