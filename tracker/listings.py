"""Read-side listings for browsing (the dashboard's pages): paginated and aggregated reads that return plain
dicts and never more rows than asked for, so no page sends the browser more than it can show."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Sequence as _Sequence
from typing import Any as _Any

import sqlalchemy as _sa
from sqlmodel import Session as _Session

from tracker import models as _m
from tracker.queries import contact_strengths, raw_rows


def _utc(value: _dt.datetime | None) -> _dt.datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value.replace(tzinfo=_dt.UTC) if value is not None and value.tzinfo is None else value


def company_choices(*, session: _Session) -> list[dict[str, _Any]]:
    """Every watchlist company as {id, name}, by name (for pickers)."""
    rows = session.execute(_sa.select(_m.Company.id, _m.Company.name).order_by(_m.Company.name)).all()
    return [{"id": r.id, "name": r.name} for r in rows]


def _signal_filter(query, *, kinds, company_ids, since, until, min_confidence, include_wrong):  # noqa: ANN001, ANN202
    if kinds:
        query = query.where(_m.Signal.kind.in_(list(kinds)))
    if company_ids:
        query = query.where(_m.Signal.company_id.in_(list(company_ids)))
    if since is not None:
        query = query.where(_m.Signal.occurred_at >= since)
    if until is not None:
        query = query.where(_m.Signal.occurred_at < until)
    if min_confidence:
        query = query.where(_m.Signal.confidence >= min_confidence)
    if not include_wrong:
        query = query.where(_m.Signal.wrong.is_(False))
    return query


def signal_page(*, session: _Session, kinds: _Sequence[str] = (), company_ids: _Sequence[int] = (),
                since: _dt.datetime | None = None, until: _dt.datetime | None = None, min_confidence: float = 0.0,
                include_wrong: bool = False, offset: int = 0, limit: int = 50) -> tuple[list[dict[str, _Any]], int]:
    """One page of signals (newest first) with company and article, and the total matching the filters."""
    filters = {"kinds": kinds, "company_ids": company_ids, "since": since, "until": until,
               "min_confidence": min_confidence, "include_wrong": include_wrong}
    total = session.execute(_signal_filter(_sa.select(_sa.func.count(_m.Signal.id)), **filters)).scalar_one()
    query = (
        _sa.select(_m.Signal.id, _m.Signal.kind, _m.Signal.confidence, _m.Signal.evidence, _m.Signal.facts,
                _m.Signal.occurred_at, _m.Signal.wrong, _m.Signal.corrected_kind, _m.Signal.story_id,
                _m.Signal.contact_id, _m.Signal.company_id, _m.Company.name.label("company"),
                _m.Article.title, _m.Article.url)
        .join(_m.Company, _m.Company.id == _m.Signal.company_id)
        .outerjoin(_m.Article, _m.Article.id == _m.Signal.article_id)
        .order_by(_m.Signal.occurred_at.desc(), _m.Signal.id.desc())
        .offset(max(0, offset)).limit(max(0, limit))
    )
    rows = [dict(r._mapping) for r in session.execute(_signal_filter(query, **filters))]
    for row in rows:
        row["occurred_at"] = _utc(row["occurred_at"])
    return rows, int(total)


def story_sources(*, session: _Session, signal_ids: _Sequence[int]) -> dict[int, list[dict[str, _Any]]]:
    """Every article telling the story of each signal: {signal_id: [{title, url, published_at, source}]}."""
    if not signal_ids:
        return {}
    pairs = session.execute(
        _sa.select(_m.Signal.id, _m.Signal.story_id, _m.Signal.article_id).where(_m.Signal.id.in_(list(signal_ids)))
    ).all()
    story_ids = {p.story_id for p in pairs if p.story_id is not None}
    article_ids = {p.article_id for p in pairs if p.article_id is not None}
    articles = session.execute(
        _sa.select(_m.Article.id, _m.Article.story_id, _m.Article.title, _m.Article.url, _m.Article.published_at,
                _m.Source.url.label("source"))
        .outerjoin(_m.Source, _m.Source.id == _m.Article.source_id)
        .where(_sa.or_(_m.Article.story_id.in_(story_ids or {-1}), _m.Article.id.in_(article_ids or {-1})))
        .order_by(_m.Article.published_at)
    ).all()
    result: dict[int, list[dict[str, _Any]]] = {}
    for pair in pairs:
        result[pair.id] = [
            {"title": a.title, "url": a.url, "published_at": _utc(a.published_at), "source": a.source}
            for a in articles
            if (pair.story_id is not None and a.story_id == pair.story_id) or a.id == pair.article_id
        ]
    return result


def signal_timeline(*, session: _Session, company_id: int, since: _dt.datetime | None = None) -> list[dict[str, _Any]]:
    """Signals of one company for a timeline chart: id, kind, confidence, occurred_at (oldest first)."""
    query = (_sa.select(_m.Signal.id, _m.Signal.kind, _m.Signal.confidence, _m.Signal.occurred_at)
             .where(_m.Signal.company_id == company_id, _m.Signal.wrong.is_(False))
             .order_by(_m.Signal.occurred_at).limit(5000))
    if since is not None:
        query = query.where(_m.Signal.occurred_at >= since)
    return [dict(r._mapping, occurred_at=_utc(r.occurred_at)) for r in session.execute(query)]


def job_changes(*, session: _Session, since: _dt.datetime, limit: int = 50) -> list[dict[str, _Any]]:
    """Recent contact_joined / contact_left events in the network, newest first."""
    rows = session.execute(
        _sa.select(_m.Signal.id, _m.Signal.kind, _m.Signal.occurred_at, _m.Signal.evidence,
                _m.Company.name.label("company"), _m.Contact.id.label("contact_id"),
                _m.Contact.full_name.label("contact"))
        .join(_m.Company, _m.Company.id == _m.Signal.company_id)
        .outerjoin(_m.Contact, _m.Contact.id == _m.Signal.contact_id)
        .where(_m.Signal.kind.in_(["contact_joined", "contact_left"]), _m.Signal.occurred_at >= since)
        .order_by(_m.Signal.occurred_at.desc()).limit(limit)
    ).all()
    return [dict(r._mapping, occurred_at=_utc(r.occurred_at)) for r in rows]


def crawl_runs(*, session: _Session, limit: int = 20) -> list[dict[str, _Any]]:
    """The most recent crawl runs with their statistics, newest first."""
    runs = session.execute(_sa.select(_m.CrawlRun).order_by(_m.CrawlRun.started_at.desc()).limit(limit)).scalars()
    return [{"id": r.id, "started_at": _utc(r.started_at), "finished_at": _utc(r.finished_at),
             "status": r.status, "trigger": r.trigger, **{k: v for k, v in (r.stats or {}).items()
                                                           if isinstance(v, int | float | str)}} for r in runs]


def duplicate_contacts(*, session: _Session, limit: int = 200) -> list[dict[str, _Any]]:
    """Pairs of contacts with the same normalised name: candidates for a merge (the user decides)."""
    names = (_sa.select(_m.Contact.normalized_name).where(_m.Contact.normalized_name != "")
             .group_by(_m.Contact.normalized_name).having(_sa.func.count(_m.Contact.id) > 1)
             .order_by(_m.Contact.normalized_name).limit(limit)).subquery()
    rows = session.execute(
        _sa.select(_m.Contact.id, _m.Contact.full_name, _m.Contact.headline, _m.Contact.normalized_name,
                _m.Contact.emails, _m.Contact.linkedin_url)
        .where(_m.Contact.normalized_name.in_(_sa.select(names.c.normalized_name))).order_by(_m.Contact.id)
    ).all()
    groups: dict[str, list[_Any]] = {}
    for r in rows:
        groups.setdefault(r.normalized_name, []).append(r)
    pairs = []
    for members in groups.values():
        keep = members[0]
        for other in members[1:]:
            pairs.append({"keep_id": keep.id, "keep": keep.full_name, "keep_title": keep.headline,
                          "other_id": other.id, "other": other.full_name, "other_title": other.headline,
                          "reason": "same name"})
    return pairs[:limit]


def company_summary(*, session: _Session, company_id: int, now: _dt.datetime) -> dict[str, _Any] | None:
    """One company's row of the overview without ranking them all: signals in 30 days and warmth."""
    company = session.get(_m.Company, company_id)
    if company is None:
        return None
    month = session.execute(
        _sa.select(_sa.func.count(_m.Signal.id)).where(
            _m.Signal.company_id == company_id, _m.Signal.occurred_at >= now - _dt.timedelta(days=30),
            _sa.or_(_m.Signal.wrong.is_(False), _m.Signal.corrected_kind.is_not(None)))).scalar_one()
    jobs = session.execute(_sa.select(_m.Employment.contact_id, _m.Employment.is_current)
                           .where(_m.Employment.company_id == company_id)).all()
    current = {cid for cid, is_current in jobs if is_current}
    strength = contact_strengths(session=session, contact_ids=sorted(current), now=now)
    return {"id": company.id, "name": company.name, "domain": company.domain, "stage": company.stage,
            "notes": company.notes, "signals_30d": int(month), "people": len(current),
            "alumni": len({cid for cid, _ in jobs} - current),
            "best_tie": max((strength.get(c, 0) for c in current), default=None)}


DIRECTORY_COLUMNS = ("id", "name", "title", "employer", "company", "tags", "closeness")


def contact_directory(*, session: _Session) -> list[dict[str, _Any]]:
    """Every contact as a light row (id, name, title, employer, company, tags, closeness), read column by
    column: 30,000 contacts in a fraction of the time ORM objects take. Strength comes separately."""
    columns = contact_directory_columns(session=session)
    return [dict(zip(DIRECTORY_COLUMNS, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def contact_directory_columns(*, session: _Session) -> dict[str, list[_Any]]:
    """contact_directory as one list per column (DIRECTORY_COLUMNS), ready for a DataFrame."""
    # The driver's rows, tags as JSON text: most lists are empty, nothing to decode.
    employers: dict[int, tuple[str, str, str | None]] = {}
    for contact_id, employer, title, company in raw_rows(session, binary=True, stmt=
            _sa.select(_m.Employment.contact_id, _m.Employment.employer_name, _m.Employment.title, _m.Company.name)
            .outerjoin(_m.Company, _m.Company.id == _m.Employment.company_id)
            .where(_m.Employment.is_current.is_(True)).order_by(_m.Employment.id)):
        employers[contact_id] = (employer, title, company)  # the latest current job wins, as in `contacts list`
    columns: dict[str, list[_Any]] = {name: [] for name in DIRECTORY_COLUMNS}
    ids, names, titles, employer_names, companies, tags, closeness = columns.values()
    none = ("", None, None)
    for cid, name, headline, tag_text, close in raw_rows(session, binary=True, stmt=
            _sa.select(_m.Contact.id, _m.Contact.full_name, _m.Contact.headline, _sa.cast(_m.Contact.tags, _sa.String),
                       _m.Contact.closeness)):
        employer, title, company = employers.get(cid, none)
        ids.append(cid)
        names.append(name)
        titles.append(title or headline or "")
        employer_names.append(employer or "")
        companies.append(company)
        tags.append(_tag_list(tag_text))
        closeness.append(close)
    return columns


def _tag_list(text: str | None) -> list[str]:
    """A JSON list of tags as stored (a new empty list for the usual '[]')."""
    return list(json.loads(text) or []) if text and text not in ("[]", "null") else []
