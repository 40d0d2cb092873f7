"""The demo, start to finish: a fresh database, the fictional watchlist and network, a crawl, the hottest companies."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from tracker.companies import find_company, import_watchlist
from tracker.config import Settings
from tracker.db import get_engine, normalise_url, session_scope
from tracker.demo.content import FEED_COMPANY, data_file, load_json
from tracker.demo.newsroom import feed_names, serve_newsroom
from tracker.migrations import upgrade
from tracker.models import Contact

CrawlFn = Callable[[Settings], dict[str, Any]]


@dataclass
class DemoResult:
    """What the demo did and found."""

    database_url: str
    crawl_stats: dict[str, Any] = field(default_factory=dict)
    hottest: list[dict[str, Any]] = field(default_factory=list)


def demo_database_url(settings: Settings, explicit_url: str | None) -> str:
    """The demo's own SQLite file, unless the user named a database."""
    return explicit_url or f"sqlite:///{settings.data_dir / 'demo.sqlite3'}"


def reset_sqlite(url: str) -> None:
    """Delete a SQLite database file and its WAL companions (the demo starts fresh each time)."""
    url = normalise_url(url)
    if not url.startswith("sqlite"):
        return
    get_engine.cache_clear()
    database = make_url(url).database
    if database and database != ":memory:":
        for suffix in ("", "-wal", "-shm"):
            Path(database + suffix).unlink(missing_ok=True)


def load_network(*, session: Session, now: datetime) -> dict[str, Any]:
    """Import the two fictional LinkedIn exports (a year apart, so job changes show) and the demo's relationships."""
    from tracker.network.importer import import_contacts
    from tracker.network.interactions import add_interaction
    from tracker.network.profile import set_profile

    older = import_contacts(session=session, path=data_file("Connections_2025.csv"), fmt="linkedin",
                            now=now - timedelta(days=1))
    newer = import_contacts(session=session, path=data_file("Connections.csv"), fmt="linkedin", now=now)
    network = load_json("network.json")
    set_profile(session=session, **{k: tuple(v) if isinstance(v, list) else v for k, v in network["profile"].items()})
    by_name = {c.full_name: c for c in session.exec(select(Contact)).all()}
    for entry in network["contacts"]:
        contact = by_name[entry["name"]]
        contact.closeness = entry.get("closeness", contact.closeness)
        contact.tags = sorted(set(contact.tags) | set(entry.get("tags", [])))
        session.add(contact)
    for entry in network["interactions"]:
        add_interaction(session=session, contact_id=by_name[entry["name"]].id, kind=entry["kind"],
                        occurred_at=now - timedelta(days=entry["days_ago"]), note=entry["note"])
    session.flush()
    return {"older_export": older.as_dict(), "newer_export": newer.as_dict()}


def add_demo_sources(*, session: Session, base_url: str) -> int:
    """One RSS source per demo feed, tied to its company where it has one."""
    from tracker.sources import add_source

    for feed in feed_names():
        company = FEED_COMPANY.get(feed)
        owner = find_company(session=session, name_or_id=company) if company else None
        add_source(session=session, url=f"{base_url}/feeds/{feed}.xml", kind="rss", company=owner)
    return len(feed_names())


def hottest_with_people(
    *, session: Session, now: datetime, companies: int = 5, people: int = 3
) -> list[dict[str, Any]]:
    """The hottest companies, each with the top people to ask there."""
    from tracker.queries import hottest_companies
    from tracker.who import who_to_ask

    rows = []
    for company in hottest_companies(session=session, now=now, limit=companies):
        ask = who_to_ask(session=session, company_id=company["id"], now=now, limit=people, include_recent=True)
        rows.append({**company, "who_to_ask": ask})
    return rows


def run_demo(*, settings: Settings, database_url: str, now: datetime, crawl: CrawlFn, fresh: bool = True,
             say: Callable[[str], None] = print) -> DemoResult:
    """Build the demo database, crawl the demo newsroom, and report the hottest companies and whom to ask."""
    if fresh:
        reset_sqlite(database_url)
    upgrade(database_url)
    result = DemoResult(database_url=database_url)
    with session_scope(database_url) as session:
        companies = import_watchlist(session=session, path=data_file("companies.csv"))
        say(f"Watchlist: {companies.created} companies added, {companies.unchanged + companies.updated} already there.")
        imported = load_network(session=session, now=now)
        newer = imported["newer_export"]
        say(f"Network: {newer['created'] + imported['older_export']['created']} people imported "
            f"from two fictional LinkedIn exports.")
    with serve_newsroom(now=now) as base_url:
        with session_scope(database_url) as session:
            count = add_demo_sources(session=session, base_url=base_url)
        say(f"Crawling the demo newsroom at {base_url} ({count} feeds)...")
        crawl_settings = Settings(**{**settings.__dict__, "database_url": database_url,
                                     "allow_private_hosts": True, "download_delay": 0.0})
        result.crawl_stats = crawl(crawl_settings)
    with session_scope(database_url) as session:
        result.hottest = hottest_with_people(session=session, now=now)
    return result


def format_hottest(rows: list[dict[str, Any]]) -> str:
    """The demo's closing report: five hottest companies, three people each, with why."""
    lines = ["", "Hottest companies right now, and whom to ask:"]
    for rank, company in enumerate(rows, 1):
        lines.append(f"{rank}. {company['name']}  (heat {company['heat']:.1f})")
        for part in company.get("heat_parts", [])[:3]:
            lines.append(f"     {part}")
        people = company.get("who_to_ask") or []
        if not people:
            lines.append("     nobody in your network there yet")
        for person in people:
            why = " ".join(person.get("reasons", [])[:2])
            lines.append(f"   - {person['contact']}, {person.get('title') or 'position unknown'}: {why}")
    return "\n".join(lines)
