
# --- dashboard read functions ---
# Paginated and aggregated reads for the dashboard: each returns plain dicts, never more rows than asked for.

from collections.abc import Sequence as _Sequence
from datetime import UTC as _UTC
from datetime import datetime as _datetime
from datetime import timedelta as _timedelta
from typing import Any as _Any

from sqlalchemy import func as _func
from sqlalchemy import or_ as _or
from sqlalchemy import select as _select
from sqlmodel import Session as _Session

from tracker import models as _m
from tracker.queries import (  # noqa: F401  DRAFT ONLY
    HORIZON_HALF_LIVES,
    company_heat_detail,
    company_overview,
    contact_strengths,
    heat_config,
    signal_views,
)


def _utc(value: _datetime | None) -> _datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value.replace(tzinfo=_UTC) if value is not None and value.tzinfo is None else value


def company_choices(*, session: _Session) -> list[dict[str, _Any]]:
    """Every watchlist company as {id, name}, by name (for pickers)."""
    rows = session.execute(_select(_m.Company.id, _m.Company.name).order_by(_m.Company.name)).all()
    return [{"id": r.id, "name": r.name} for r in rows]


def heat_trends(*, session: _Session, now: _datetime, days: int = 90, step_days: int = 7) -> dict[int, list[float]]:
    """Each company's heat at weekly points over the last `days` (oldest first), for sparklines.

    Same rules as `company_heat` (weights, confidence, status, half-life, one story counted once by its
    strongest signal), vectorised so that 100,000 signals take a fraction of a second.
    """
    import numpy as np

    from tracker.scoring import effective_kind, status_factor

    weights, half_life = heat_config(session=session)
    points = np.array([days - i * step_days for i in range(days // step_days + 1)], dtype=float)  # days ago
    since = now - _timedelta(days=days + half_life * HORIZON_HALF_LIVES)
    companies, stories, bases, ages = [], [], [], []
    for company_id, views in signal_views(session=session, since=since).items():
        for v in views:
            kind = effective_kind(v.kind, wrong=v.wrong, corrected_kind=v.corrected_kind)
            weight = weights.get(kind or "", 0.0)
            if not weight:
                continue
            companies.append(company_id)
            stories.append(v.story_id if v.story_id is not None else -1 - len(stories))  # no story: its own
            bases.append(weight * max(0.0, min(1.0, v.confidence)) * status_factor(v.facts))
            ages.append((now - _utc(v.occurred_at)).total_seconds() / 86400)
    if not bases:
        return {}
    company_arr, base_arr, age_arr = np.array(companies), np.array(bases), np.array(ages)
    # One story counts once: keep each (company, story)'s strongest signal.
    order = np.lexsort((-np.abs(base_arr), np.array(stories), company_arr))
    keys = np.stack([company_arr[order], np.array(stories)[order]], axis=1)
    first = np.ones(len(order), dtype=bool)
    first[1:] = np.any(keys[1:] != keys[:-1], axis=1)
    keep = order[first]
    company_arr, base_arr, age_arr = company_arr[keep], base_arr[keep], age_arr[keep]
    # Heat as it stood `p` days ago: signals that had happened by then, decayed to that day.
    since_point = age_arr[:, None] - points[None, :]
    contrib = np.where(since_point >= 0, base_arr[:, None] * np.power(0.5, np.maximum(since_point, 0) / half_life),
                       0.0)
    ids, index = np.unique(company_arr, return_inverse=True)
    sums = np.zeros((len(ids), len(points)))
    np.add.at(sums, index, contrib)
    return {int(cid): [round(float(x), 2) for x in row] for cid, row in zip(ids, sums, strict=True)}


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
                since: _datetime | None = None, until: _datetime | None = None, min_confidence: float = 0.0,
                include_wrong: bool = False, offset: int = 0, limit: int = 50) -> tuple[list[dict[str, _Any]], int]:
    """One page of signals (newest first) with company and article, and the total matching the filters."""
    filters = {"kinds": kinds, "company_ids": company_ids, "since": since, "until": until,
               "min_confidence": min_confidence, "include_wrong": include_wrong}
    total = session.execute(_signal_filter(_select(_func.count(_m.Signal.id)), **filters)).scalar_one()
    query = (
        _select(_m.Signal.id, _m.Signal.kind, _m.Signal.confidence, _m.Signal.evidence, _m.Signal.facts,
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
        _select(_m.Signal.id, _m.Signal.story_id, _m.Signal.article_id).where(_m.Signal.id.in_(list(signal_ids)))
    ).all()
    story_ids = {p.story_id for p in pairs if p.story_id is not None}
    article_ids = {p.article_id for p in pairs if p.article_id is not None}
    articles = session.execute(
        _select(_m.Article.id, _m.Article.story_id, _m.Article.title, _m.Article.url, _m.Article.published_at,
                _m.Source.url.label("source"))
        .outerjoin(_m.Source, _m.Source.id == _m.Article.source_id)
        .where(_or(_m.Article.story_id.in_(story_ids or {-1}), _m.Article.id.in_(article_ids or {-1})))
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


def signal_timeline(*, session: _Session, company_id: int, since: _datetime | None = None) -> list[dict[str, _Any]]:
    """Signals of one company for a timeline chart: id, kind, confidence, occurred_at (oldest first)."""
    query = (_select(_m.Signal.id, _m.Signal.kind, _m.Signal.confidence, _m.Signal.occurred_at)
             .where(_m.Signal.company_id == company_id, _m.Signal.wrong.is_(False))
             .order_by(_m.Signal.occurred_at).limit(5000))
    if since is not None:
        query = query.where(_m.Signal.occurred_at >= since)
    return [dict(r._mapping, occurred_at=_utc(r.occurred_at)) for r in session.execute(query)]


def job_changes(*, session: _Session, since: _datetime, limit: int = 50) -> list[dict[str, _Any]]:
    """Recent contact_joined / contact_left events in the network, newest first."""
    rows = session.execute(
        _select(_m.Signal.id, _m.Signal.kind, _m.Signal.occurred_at, _m.Signal.evidence,
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
    runs = session.execute(_select(_m.CrawlRun).order_by(_m.CrawlRun.started_at.desc()).limit(limit)).scalars()
    return [{"id": r.id, "started_at": _utc(r.started_at), "finished_at": _utc(r.finished_at),
             "status": r.status, "trigger": r.trigger, **{k: v for k, v in (r.stats or {}).items()
                                                           if isinstance(v, int | float | str)}} for r in runs]


def duplicate_contacts(*, session: _Session, limit: int = 200) -> list[dict[str, _Any]]:
    """Pairs of contacts with the same normalised name: candidates for a merge (the user decides)."""
    names = (_select(_m.Contact.normalized_name).where(_m.Contact.normalized_name != "")
             .group_by(_m.Contact.normalized_name).having(_func.count(_m.Contact.id) > 1)
             .order_by(_m.Contact.normalized_name).limit(limit)).subquery()
    rows = session.execute(
        _select(_m.Contact.id, _m.Contact.full_name, _m.Contact.headline, _m.Contact.normalized_name,
                _m.Contact.emails, _m.Contact.linkedin_url)
        .where(_m.Contact.normalized_name.in_(_select(names.c.normalized_name))).order_by(_m.Contact.id)
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
