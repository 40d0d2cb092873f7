"""Every read the dashboard makes: cached loaders over tracker functions, returning rows or DataFrames."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import inspect
from sqlalchemy.engine import Engine, make_url
from sqlmodel import Session

from tracker import listings, queries
from tracker.config import load_settings
from tracker.db import make_engine

TTL = 60  # seconds: fresh enough for a page a person reads, cheap enough for 100,000 signals
# The heaviest loaders (ranking every company, every contact's strength) refresh in the background once their
# TTL is over: the page shows the previous value at once while the new one is computed.
PAGE_SIZE = 50
MAX_ROWS = 10_000  # never send more rows than this to the browser


def database_url() -> str:
    """The database the dashboard shows (HJM_DATABASE_URL or the default file)."""
    return load_settings().database_url


def display_url(url: str) -> str:
    """The URL without its password (for the sidebar)."""
    return make_url(url).render_as_string(hide_password=True)


def now() -> datetime:
    """The dashboard's clock (UTC)."""
    return datetime.now(UTC)


@st.cache_resource(show_spinner=False)
def engine(url: str) -> Engine:
    """One engine per database for the whole server; creates the schema on a brand-new database."""
    eng = make_engine(url)
    if not inspect(eng).has_table("company"):
        from tracker.migrations import upgrade

        upgrade(url)
    return eng


@contextmanager
def session(url: str) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    with Session(engine(url), expire_on_commit=False) as s:
        try:
            yield s
            s.commit()
        except BaseException:
            s.rollback()
            raise


@st.cache_resource(show_spinner=False)
def warm_up(url: str) -> threading.Thread:
    """Fill the heaviest caches in a background thread, once per database and server (after the first page
    is drawn, so the two do not compete), so the next visit to Today or People does not wait for them."""

    def run() -> None:
        for loader in (overview, directory):
            try:
                loader(url)
            except Exception:  # noqa: BLE001 - the page will compute (and report) it in the foreground
                logging.getLogger(__name__).exception("warming the dashboard cache failed")

    thread = threading.Thread(target=run, name="hjm-warm-up", daemon=True)
    thread.start()
    return thread


def refresh() -> None:
    """Forget every cached read (after a write, or when the user asks)."""
    st.cache_data.clear()


# --- companies -----------------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner=False)
def companies(url: str) -> list[dict[str, Any]]:
    """Every watchlist company as {id, name}, by name."""
    with session(url) as s:
        return listings.company_choices(session=s)


@st.cache_data(ttl=TTL, show_spinner="Ranking companies…", refresh_mode="background")
def overview(url: str) -> pd.DataFrame:
    """Companies ranked by heat with explanation, 90-day trend, signals in 30 days, warmth and stage."""
    at = now()
    with session(url) as s:
        rows, trends = queries.overview_and_trends(session=s, now=at)  # one read of the signals for both
    frame = pd.DataFrame(rows, columns=["id", "name", "domain", "heat", "heat_parts", "signals_30d", "people",
                                        "alumni", "best_tie", "stage"])
    frame["trend"] = [trends.get(cid, [0.0]) for cid in frame["id"]]
    frame["why"] = ["; ".join(parts) for parts in frame["heat_parts"]]
    return frame


@st.cache_data(ttl=TTL, show_spinner=False)
def company(url: str, company_id: int) -> dict[str, Any] | None:
    """One company with its signals in 30 days, people known there and the strongest tie."""
    with session(url) as s:
        return listings.company_summary(session=s, company_id=company_id, now=now())


@st.cache_data(ttl=TTL, show_spinner=False)
def heat_detail(url: str, company_id: int) -> dict[str, Any]:
    """One company's heat with every explanation line."""
    with session(url) as s:
        heat = queries.company_heat_detail(session=s, company_id=company_id, now=now())
    return {"score": round(heat.score, 2), "parts": [{"points": round(p.points, 2), "kind": p.kind, "text": p.text,
                                                      "signal_id": p.signal_id} for p in heat.parts]}


@st.cache_data(ttl=TTL, show_spinner=False)
def timeline(url: str, company_id: int) -> pd.DataFrame:
    """A company's signals over time (for the timeline chart)."""
    with session(url) as s:
        rows = listings.signal_timeline(session=s, company_id=company_id)
    return pd.DataFrame(rows, columns=["id", "kind", "confidence", "occurred_at"])


@st.cache_data(ttl=TTL, show_spinner="Finding who to ask…")
def who_to_ask(url: str, company_id: int, include_recent: bool = False) -> list[dict[str, Any]]:
    """The people to ask at a company, best first, with reasons and the suggested ask."""
    from tracker.who import who_to_ask as rank

    with session(url) as s:
        return rank(session=s, company_id=company_id, now=now(), limit=10, include_recent=include_recent)


@st.cache_data(ttl=TTL, show_spinner=False)
def pipeline(url: str, company_id: int) -> dict[str, Any]:
    """A company's pipeline stage, notes and history (newest first)."""
    from tracker.models import Company
    from tracker.pipeline import history

    with session(url) as s:
        company = s.get(Company, company_id)
        if company is None:
            return {"stage": "watching", "notes": "", "history": []}
        return {"stage": company.stage, "notes": company.notes,
                "history": list(reversed(history(session=s, company=company)))}


@st.cache_data(ttl=TTL, show_spinner="Writing a draft…")
def outreach_draft(url: str, company_id: int, contact_id: int, signal_id: int | None) -> dict[str, Any]:
    """The outreach draft for one person about one signal (or the best signal when None)."""
    from tracker.models import Company
    from tracker.outreach import draft_outreach

    with session(url) as s:
        company = s.get(Company, company_id)
        draft = draft_outreach(session=s, company=company, now=now(), contact=str(contact_id), signal_id=signal_id)
    return asdict(draft)


# --- signals -------------------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner=False)
def signals(url: str, *, kinds: tuple[str, ...] = (), company_ids: tuple[int, ...] = (),
            since: datetime | None = None, until: datetime | None = None, min_confidence: float = 0.0,
            include_wrong: bool = False, offset: int = 0, limit: int = PAGE_SIZE) -> tuple[pd.DataFrame, int]:
    """One page of signals (newest first) matching the filters, and how many match in all."""
    with session(url) as s:
        rows, total = listings.signal_page(session=s, kinds=kinds, company_ids=company_ids, since=since, until=until,
                                          min_confidence=min_confidence, include_wrong=include_wrong,
                                          offset=offset, limit=min(limit, MAX_ROWS))
    columns = ["id", "occurred_at", "company", "company_id", "kind", "confidence", "title", "evidence", "facts",
               "url", "wrong", "corrected_kind", "story_id", "contact_id"]
    frame = pd.DataFrame(rows, columns=columns)
    frame[["title", "evidence"]] = frame[["title", "evidence"]].fillna("")
    return frame, total


@st.cache_data(ttl=TTL, show_spinner=False)
def sources_of(url: str, signal_ids: tuple[int, ...]) -> dict[int, list[dict[str, Any]]]:
    """Every article telling each signal's story (its sources)."""
    with session(url) as s:
        return listings.story_sources(session=s, signal_ids=signal_ids)


@st.cache_data(ttl=TTL, show_spinner=False)
def job_changes(url: str, days: int = 90) -> pd.DataFrame:
    """People in the network who joined or left a target company lately."""
    with session(url) as s:
        rows = listings.job_changes(session=s, since=now() - timedelta(days=days))
    return pd.DataFrame(rows, columns=["occurred_at", "contact", "kind", "company", "evidence", "contact_id", "id"])


@st.cache_data(ttl=TTL, show_spinner=False)
def signal_kinds(url: str) -> list[dict[str, Any]]:
    """The signal taxonomy: name, label, default weight, positive, description."""
    from tracker.signals.taxonomy import KINDS

    return [{"name": k.name, "label": k.label, "weight": k.weight, "positive": k.positive,
             "description": k.description} for k in KINDS.values()]


# --- people --------------------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner="Reading your network…", refresh_mode="background")
def directory(url: str) -> pd.DataFrame:
    """Every contact with current employer, tags, strength (0..100) and whether a follow-up is due."""
    from tracker.network.followups import due_followups

    at = now()
    with session(url) as s:
        columns = listings.contact_directory_columns(session=s)  # column by column: no dict per contact
        strength = queries.contact_strengths(session=s, contact_ids=columns["id"], now=at)
        due = {row["contact_id"] for row in due_followups(session=s, now=at)}
    # What the search box looks in, from the plain lists (cheaper than pandas' string methods).
    search = [f"{name} {title} {employer}".casefold()
              for name, title, employer in zip(columns["name"], columns["title"], columns["employer"], strict=True)]
    frame = pd.DataFrame(columns, columns=list(listings.DIRECTORY_COLUMNS))
    frame["strength"] = frame["id"].map(strength).fillna(0).astype(int)
    frame["due"] = frame["id"].isin(due)
    frame["search"] = search
    return frame.sort_values(["strength", "name"], ascending=[False, True], ignore_index=True)


def people(url: str, *, search: str = "", company: str | None = None, tag: str | None = None,
           min_strength: int = 0, due_only: bool = False, offset: int = 0,
           limit: int = PAGE_SIZE) -> tuple[pd.DataFrame, int]:
    """One page of contacts (strongest ties first) matching the filters, filtered over the cached directory."""
    frame = directory(url)
    mask = pd.Series(True, index=frame.index)
    for word in search.casefold().split():
        mask &= frame["search"].str.contains(word, regex=False)
    if company:
        mask &= frame["company"] == company
    if tag:
        mask &= frame["tags"].map(lambda tags: tag in tags)
    if min_strength:
        mask &= frame["strength"] >= min_strength
    if due_only:
        mask &= frame["due"]
    hits = frame[mask]
    return hits.iloc[offset: offset + min(limit, MAX_ROWS)].drop(columns=["search"]), int(len(hits))


@st.cache_data(ttl=TTL, show_spinner=False)
def tags(url: str) -> list[str]:
    """Every tag used on a contact, sorted."""
    return sorted({t for ts in directory(url)["tags"] for t in ts})


@st.cache_data(ttl=TTL, show_spinner=False)
def person(url: str, contact_id: int) -> dict[str, Any]:
    """One contact: records, employments past and present, interactions, follow-ups, strength and reasons."""
    from tracker.network.listing import contact_detail

    with session(url) as s:
        return contact_detail(session=s, contact_id=contact_id, now=now())


@st.cache_data(ttl=TTL, show_spinner=False)
def followups_due(url: str) -> pd.DataFrame:
    """Who is due or overdue for a follow-up or a keep-in-touch, most overdue first."""
    from tracker.network.followups import due_followups

    with session(url) as s:
        rows = due_followups(session=s, now=now())
    return pd.DataFrame(rows[:MAX_ROWS])


# --- sources -------------------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner=False)
def sources(url: str) -> pd.DataFrame:
    """Every source with its health (last success, last error, items, unhealthy flag)."""
    from tracker.sources import list_sources

    with session(url) as s:
        rows = list_sources(session=s)
    return pd.DataFrame(rows, columns=["id", "url", "kind", "company", "enabled", "last_crawled_at", "last_success_at",
                                       "last_error", "last_error_at", "consecutive_failures", "items_found",
                                       "unhealthy"])


def crawl_lock(url: str) -> dict[str, Any] | None:
    """Who holds the crawl lock right now (a scheduled or command-line crawl), or None (read each time)."""
    from tracker.locks import lock_info

    engine(url)  # make sure the schema exists
    info = lock_info(url=url, name="crawl")
    return None if info is None else {"holder": info.holder, "since": info.acquired_at, "until": info.expires_at}


@st.cache_data(ttl=TTL, show_spinner=False)
def crawl_runs(url: str, limit: int = 20) -> pd.DataFrame:
    """The latest crawl runs with their statistics."""
    with session(url) as s:
        return pd.DataFrame(listings.crawl_runs(session=s, limit=limit))


# --- import --------------------------------------------------------------------------------------


def preview_contacts(path: Path, fmt: str = "auto", rows: int = 20) -> dict[str, Any]:
    """What importing a contacts export would read: its format, record count, skipped rows, a sample."""
    stat = path.stat()
    return _preview(str(path), stat.st_mtime_ns, stat.st_size, fmt, rows)


@st.cache_data(ttl=TTL, show_spinner="Reading the file…", max_entries=8)
def _preview(path: str, _mtime: int, _size: int, fmt: str, rows: int) -> dict[str, Any]:
    from tracker.network.formats.detect import parse_file

    parsed = parse_file(path, fmt)
    sample = []
    for record in parsed.records[:rows]:
        if hasattr(record, "data"):
            sample.append({"line": record.line, **record.data()})
        else:  # a message: who wrote to whom and when, never the body
            sample.append({"line": record.line, "from": record.sender[0], "sent_at": record.sent_at,
                           "to": ", ".join(name for name, _ in record.recipients)})
    return {"fmt": parsed.fmt, "records": len(parsed.records), "skipped": [s.as_dict() for s in parsed.skipped],
            "rows": sample}


# --- settings ------------------------------------------------------------------------------------


@st.cache_data(ttl=TTL, show_spinner=False)
def preferences(url: str) -> dict[str, Any]:
    """The user's settings as stored: profile, signal weights (default and own), half-life, cadences."""
    from tracker.network.followups import get_cadences
    from tracker.network.profile import get_profile
    from tracker.preferences import SIGNAL_WEIGHTS, get_preference
    from tracker.signals.taxonomy import KINDS, effective_weights

    with session(url) as s:
        profile = get_profile(session=s)
        overrides = get_preference(session=s, key=SIGNAL_WEIGHTS, default={}) or {}
        _, half_life = queries.heat_config(session=s)
        cadences = get_cadences(session=s)
    defaults = effective_weights({})
    weights = [{"kind": kind, "label": KINDS[kind].label if kind in KINDS else kind.replace("_", " "),
                "default": defaults[kind], "weight": float(overrides[kind]) if kind in overrides else None}
               for kind in defaults]
    return {"profile": {"roles": list(profile.roles), "functions": list(profile.functions),
                        "seniority": profile.seniority, "locations": list(profile.locations)},
            "weights": weights, "half_life_days": half_life,
            "cadences": [{"applies_to": key.removeprefix("tag:"), "days": days} for key, days in cadences.items()]}


# --- reviews -------------------------------------------------------------------------------------

MERGES_DISMISSED = "merges_dismissed"  # preference key: pairs of contact ids the user said are different people


@st.cache_data(ttl=TTL, show_spinner=False, refresh_mode="background")
def employer_matches(url: str) -> pd.DataFrame:
    """Suggested employer -> target company matches awaiting the user's decision."""
    from tracker.network.employer_review import list_matches

    with session(url) as s:
        rows = list_matches(session=s)
    return pd.DataFrame(rows, columns=["id", "employer", "company_id", "company", "score", "method", "status",
                                       "people"])


@st.cache_data(ttl=TTL, show_spinner=False)
def merge_suggestions(url: str) -> pd.DataFrame:
    """Pairs of contacts that may be one person, minus the pairs the user kept apart."""
    from tracker.preferences import get_preference

    with session(url) as s:
        pairs = listings.duplicate_contacts(session=s)
        dismissed = {frozenset(p) for p in get_preference(session=s, key=MERGES_DISMISSED, default=[]) or []}
    rows = [p for p in pairs if frozenset((p["keep_id"], p["other_id"])) not in dismissed]
    return pd.DataFrame(rows, columns=["keep_id", "keep", "keep_title", "other_id", "other", "other_title", "reason"])
