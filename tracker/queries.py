"""Read side shared by the CLI and the dashboard: companies ranked by heat, with network warmth."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import DateTime, Float, String, case, cast, distinct, func, literal, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlmodel import Session, select

from tracker.config import load_settings
from tracker.events import EVENT_FIELDS, TITLE_FIELDS
from tracker.models import Company, Contact, Employment, Interaction, Signal
from tracker.preferences import HALF_LIFE_DAYS, SIGNAL_WEIGHTS, get_preference
from tracker.scoring import Heat, SignalView, company_heat, part_text
from tracker.scoring_bulk import BulkPart, Columns, columns_heat, columns_trends
from tracker.scoring_bulk import columns as bulk_columns

# Beyond this many half-lives a signal adds less than 0.03% of its weight: not worth reading.
HORIZON_HALF_LIVES = 12
OVERVIEW_PARTS = 3
STRENGTH_CHUNK = 1000


def heat_config(*, session: Session) -> tuple[dict[str, float], float]:
    """The signed signal weights (user overrides applied) and the half-life in days."""
    from tracker.signals.taxonomy import effective_weights

    overrides = get_preference(session=session, key=SIGNAL_WEIGHTS, default=None) or {}
    half_life = get_preference(session=session, key=HALF_LIFE_DAYS, default=None)
    if half_life is None:
        half_life = load_settings().half_life_days
    return effective_weights({k: float(v) for k, v in overrides.items()}), float(half_life)


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def signal_views(*, session: Session, since: datetime | None = None,
                 company_ids: Sequence[int] | None = None) -> dict[int, list[SignalView]]:
    """Signals grouped by company as SignalView (one query; wrong ones without a correction skipped)."""
    stmt = select(Signal.id, Signal.company_id, Signal.kind, Signal.confidence, Signal.occurred_at,
                  Signal.story_id, Signal.facts, Signal.evidence, Signal.wrong, Signal.corrected_kind)
    stmt = stmt.where((Signal.wrong == False) | (Signal.corrected_kind != None))  # noqa: E711,E712
    if since is not None:
        stmt = stmt.where(Signal.occurred_at >= since)
    if company_ids is not None:
        stmt = stmt.where(Signal.company_id.in_(list(company_ids)))  # type: ignore[union-attr]
    stmt = stmt.order_by(Signal.id)  # a stable order: heat breaks exact ties by it
    grouped: dict[int, list[SignalView]] = defaultdict(list)
    for sid, cid, kind, conf, at, story, facts, evidence, wrong, corrected in session.exec(stmt):
        grouped[cid].append(SignalView(sid, kind, conf or 0.0, at, story, facts or {}, evidence or "",
                                       bool(wrong), corrected))
    return grouped


def _signal_columns(*, session: Session, since: Sequence[datetime], now: datetime
                    ) -> tuple[Any, Columns, list[Any]]:
    """Every signal since the earliest of `since` (not marked wrong, or corrected) as numpy columns, in id
    order: the ids, the columns (tracker.scoring_bulk.Columns: ages, story and event keys computed in
    SQL) and, per date in `since`, a mask of the rows that happened since then. No ORM objects: 100,000
    rows must be read and scored in well under a second."""
    import numpy as np

    naive = now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        age = func.julianday(naive.isoformat(sep=" ")) - func.julianday(Signal.occurred_at)
        facts: Any = None
    else:
        age = cast(func.extract("epoch", literal(naive, DateTime()) - Signal.occurred_at), Float) / 86400.0
        facts = cast(Signal.facts, JSONB)  # parsed once per row, then read many times
    earliest = min(since)  # every row read happened since then: no need to ask the database
    flags = [(Signal.occurred_at >= at).label(f"since_{i}") for i, at in enumerate(since) if at != earliest]
    columns = [Signal.id, Signal.company_id, func.coalesce(func.nullif(Signal.corrected_kind, ""), Signal.kind),
               Signal.confidence, age.label("age"),
               func.coalesce(Signal.story_id, -Signal.id), *flags]  # no story: one of its own (negative)
    base = (select(*columns, *([] if sqlite else [facts.label("facts")]))
            .where((Signal.wrong == False) | (Signal.corrected_kind != None))  # noqa: E711,E712
            # coalesce() keeps SQLite off the date index: nearly every row matches, a plain scan is faster.
            .where(func.coalesce(Signal.occurred_at, Signal.occurred_at) >= earliest))
    if sqlite:
        # Parse the JSON for a status only where one can be: most signals have none.
        text = type_coerce(Signal.facts, String)
        status = case((func.instr(text, literal('"status"', String)) > 0, Signal.facts["status"].as_string()),
                      else_=None)
        stmt = base.add_columns(status, _event_key_sql(Signal.facts, sqlite=True))
    else:
        inner = base.offset(0).subquery()  # OFFSET 0: PostgreSQL keeps the subquery, so the cast runs once
        stmt = select(*(c for c in inner.c if c.name != "facts"), inner.c.facts["status"].astext,
                      _event_key_sql(inner.c.facts, sqlite=False))
    rows = _raw_rows(session, stmt, binary=True)
    rows.sort(key=itemgetter(0))  # id order (sorted in Python: cheaper than by the database, often already so)
    # One list per column (faster than zip(*rows) over 100,000 rows).
    ids, cids, kinds, confs, ages, stories = ([r[i] for r in rows] for i in range(6))
    statuses, keys = ([r[i] for r in rows] for i in (-2, -1))
    flagged = iter([np.array([r[6 + i] for r in rows], dtype=bool) for i in range(len(flags))])
    masks = [np.ones(len(rows), dtype=bool) if at == earliest else next(flagged) for at in since]
    cols = bulk_columns(company_ids=cids, kinds=kinds, confidences=confs, ages=ages, story_ids=stories,
                        statuses=statuses, event_keys=keys)
    return np.array(ids, dtype=np.int64), cols, masks


def _raw_rows(session: Session, stmt: Any, *, binary: bool = False) -> list[tuple]:
    """All rows of a statement as the driver's plain tuples (no per-value processing by SQLAlchemy);
    `binary`: in PostgreSQL's binary format, for many rows (the statement is compiled each time)."""
    connection = session.connection()
    if binary and connection.dialect.name == "postgresql":
        # Numbers arrive without parsing text: a third less time for 100,000 rows.
        compiled = stmt.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
        with connection.connection.dbapi_connection.cursor(binary=True) as cursor:
            cursor.execute(str(compiled), compiled.params)
            return cursor.fetchall()
    result = connection.execute(stmt)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def _event_key_sql(facts: Any, *, sqlite: bool) -> Any:
    """The defining facts of each signal as one text (see tracker.events), read in SQL: a JSON array in
    SQLite, the values joined by '|' in PostgreSQL. Equal facts give equal texts; all-empty ones are in
    tracker.scoring_bulk.EMPTY_KEYS."""
    if sqlite:
        named = facts["person"].as_string().is_not(None)

        def array(fields: tuple[str, ...]) -> Any:
            return func.json_extract(facts, *(f"$.{name}" for name in fields))
    else:
        named = facts["person"].astext.is_not(None)

        def array(fields: tuple[str, ...]) -> Any:
            # Text values joined by '|' (NULL as empty): cheaper in PostgreSQL than building a JSON array.
            parts: list[Any] = []
            for name in fields:
                parts += [facts[name].astext, "|"]
            return func.concat(*parts[:-1])
    return case((named, array(EVENT_FIELDS)), else_=array(TITLE_FIELDS))


def _part_texts(*, session: Session, parts: dict[int, list[tuple[int, BulkPart]]], now: datetime
                ) -> dict[int, list[str]]:
    """Explanation lines for the parts kept, rendered from the signals' full facts (one query per 500)."""
    ids = sorted({sid for rows in parts.values() for sid, _ in rows})
    full: dict[int, tuple[dict, str]] = {}
    cols = (Signal.id, cast(Signal.facts, String), Signal.evidence)  # the driver's rows, facts decoded here
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        full.update({sid: (json.loads(facts or "null") or {}, ev or "") for sid, facts, ev
                     in _raw_rows(session, select(*cols).where(Signal.id.in_(chunk)))})  # type: ignore[attr-defined]
    texts: dict[int, list[str]] = {}
    for cid, rows in parts.items():
        lines = []
        for sid, p in rows:
            facts, evidence = full.get(sid, ({}, ""))
            view = SignalView(sid, p.kind, 1.0, now, None, facts, evidence)
            lines.append(part_text(p.points, p.kind, view, p.age, note=p.note))
        texts[cid] = lines
    return texts


def company_heat_detail(*, session: Session, company_id: int, now: datetime | None = None) -> Heat:
    """One company's heat with every explanation part."""
    now = _now(now)
    weights, half_life = heat_config(session=session)
    since = now - timedelta(days=half_life * HORIZON_HALF_LIVES)
    views = signal_views(session=session, since=since, company_ids=[company_id]).get(company_id, [])
    return company_heat(signals=views, weights=weights, half_life_days=half_life, now=now)


def _warmth(*, session: Session, now: datetime) -> dict[int, dict[str, Any]]:
    """Per company: people known there now, alumni, and the best tie's strength.

    The counts come from the database. Strength is computed only for the contacts who can stand out:
    those with interactions, a closeness or tags, and per company the one connected longest. The others
    differ from that one only by a later connection date, so none can score above it; this keeps 1,000
    companies and 30,000 contacts well under a second.
    """
    from tracker.network.strength import INTERACTION_COLUMNS, score_rows

    e, c = Employment, Contact
    connection = session.connection()
    current = e.is_current.is_(True)
    # Every employment has its contact (a foreign key, cascading on delete): no join needed to count people.
    counts = (select(e.company_id, func.count(distinct(case((current, e.contact_id)))),
                     func.count(distinct(e.contact_id)))
              .where(e.company_id != None).group_by(e.company_id))  # noqa: E711
    at_targets = select(e.contact_id).where(e.company_id != None, current)  # noqa: E711
    first = func.row_number().over(partition_by=e.company_id,
                                   order_by=(c.connected_on.is_(None), c.connected_on, e.contact_id))
    tags = cast(c.tags, String)
    stands = c.closeness.is_not(None) | tags.not_in(["[]", "null"]) | e.contact_id.in_(select(Interaction.contact_id))
    ranked = (select(e.company_id, c.id, c.closeness, tags.label("tags"), c.connected_on, first.label("rank"),
                     case((stands, 1), else_=0).label("stands"))
              .join(c, c.id == e.contact_id).where(e.company_id != None, current)  # noqa: E711
              .subquery())
    candidates = connection.execute(select(*ranked.c[:5]).where((ranked.c.rank == 1) | (ranked.c.stands == 1))).all()
    found = score_rows(contacts=[row[1:] for row in candidates], now=now, interactions=connection.execute(
        select(*INTERACTION_COLUMNS).where(Interaction.contact_id.in_(at_targets))).all())
    best: dict[int, int] = {}
    for company_id, contact_id, *_ in candidates:
        score = found[contact_id].score
        if score > best.get(company_id, -1):
            best[company_id] = score
    return {cid: {"people": people, "alumni": everyone - people, "best_tie": best.get(cid)}
            for cid, people, everyone in _raw_rows(session, counts)}


def contact_strength_details(*, session: Session, contact_ids: Sequence[int],
                             now: datetime) -> dict[int, tuple[int, tuple[str, ...]]]:
    """Relationship strength (0..100) and its reasons per contact, via the network module's bulk function."""
    if not contact_ids:
        return {}
    from tracker.network.strength import strengths

    ids = list(contact_ids)
    if len(ids) > STRENGTH_CHUNK * 8:
        found = strengths(session=session, contact_ids=ids, now=now)  # most of the network: one bulk read
    else:
        # A few thousand: by the thousand, so strengths() reads only these rows (6x faster than everything).
        found = {}
        for start in range(0, len(ids), STRENGTH_CHUNK):
            found.update(strengths(session=session, contact_ids=ids[start:start + STRENGTH_CHUNK], now=now))
    return {cid: (s.score, tuple(s.reasons)) for cid, s in found.items()}


def contact_strengths(*, session: Session, contact_ids: Sequence[int], now: datetime) -> dict[int, int]:
    """Relationship strength (0..100) per contact."""
    details = contact_strength_details(session=session, contact_ids=contact_ids, now=now)
    return {cid: score for cid, (score, _) in details.items()}


def company_heats(*, session: Session, now: datetime, max_parts: int = OVERVIEW_PARTS) -> dict[int, dict]:
    """Heat of every company with signals, in one pass: {company id: {heat, heat_parts, signals_30d}}.

    The same numbers as company_heat per company (tracker.scoring_bulk scores all companies at once)."""
    weights, half_life = heat_config(session=session)
    since = now - timedelta(days=max(half_life * HORIZON_HALF_LIVES, 30))
    ids, cols, _ = _signal_columns(session=session, since=[since], now=now)
    return _heats(session=session, now=now, ids=ids, cols=cols, weights=weights, half_life=half_life,
                  max_parts=max_parts)


def _heats(*, session: Session, now: datetime, ids: Any, cols: Columns, weights: dict[str, float],
           half_life: float, max_parts: int) -> dict[int, dict]:
    import numpy as np

    heats = columns_heat(cols, weights=weights, half_life_days=half_life, max_parts=max_parts)
    signal_ids = ids.tolist()
    texts = _part_texts(session=session, now=now, parts={
        cid: [(signal_ids[p.row], p) for p in parts] for cid, (_, parts) in heats.items()})
    out = {cid: {"heat": round(score, 2), "heat_parts": texts.get(cid, []), "signals_30d": 0}
           for cid, (score, _) in heats.items()}
    month, counts = np.unique(cols.company[cols.age <= 30], return_counts=True)
    for cid, count in zip(month.tolist(), counts.tolist(), strict=True):
        out.setdefault(cid, {"heat": 0.0, "heat_parts": [], "signals_30d": 0})["signals_30d"] = count
    return out


def _overview(*, session: Session, heats: dict[int, dict], sort: str, now: datetime) -> list[dict]:
    warmth = _warmth(session=session, now=now)
    out: list[dict] = []
    for cid, name, domain, stage in session.exec(select(Company.id, Company.name, Company.domain, Company.stage)):
        heat = heats.get(cid) or {"heat": 0.0, "heat_parts": [], "signals_30d": 0}
        warm = warmth.get(cid) or {"people": 0, "alumni": 0, "best_tie": None}
        out.append({"id": cid, "name": name, "domain": domain, **heat, **warm, "stage": stage})
    if sort == "name":
        out.sort(key=lambda r: r["name"].casefold())
    else:
        out.sort(key=lambda r: (-r["heat"], -(r["best_tie"] or 0), r["name"].casefold()))
    return out


def company_overview(*, session: Session, sort: str = "heat", now: datetime | None = None) -> list[dict]:
    """Every watchlist company with heat, its top explanation parts, signals in 30 days and warmth."""
    now = _now(now)
    return _overview(session=session, heats=company_heats(session=session, now=now), sort=sort, now=now)


def overview_and_trends(*, session: Session, now: datetime | None = None, days: int = 90,
                        step_days: int = 7) -> tuple[list[dict], dict[int, list[float]]]:
    """company_overview (by heat) and heat_trends from one read of the signals (the dashboard's Today)."""
    now = _now(now)
    weights, half_life = heat_config(session=session)
    heat_since = now - timedelta(days=max(half_life * HORIZON_HALF_LIVES, 30))
    trend_since = now - timedelta(days=days + half_life * HORIZON_HALF_LIVES)
    ids, cols, (in_heat, in_trend) = _signal_columns(session=session, since=[heat_since, trend_since], now=now)
    heats = _heats(session=session, now=now, ids=ids[in_heat], cols=cols.take(in_heat), weights=weights,
                   half_life=half_life, max_parts=OVERVIEW_PARTS)
    trends = columns_trends(cols.take(in_trend), weights=weights, half_life_days=half_life,
                            points=_trend_points(days, step_days))
    return _overview(session=session, heats=heats, sort="heat", now=now), trends


def hottest_companies(*, session: Session, now: datetime, limit: int = 5, people: int = 0) -> list[dict]:
    """The `limit` hottest companies (heat above zero); with `people`, each gets its top people to ask
    under "who", nobody listed twice across companies."""
    from tracker.who import who_to_ask

    hot = [r for r in company_overview(session=session, sort="heat", now=now) if r["heat"] > 0][:limit]
    taken: set[int] = set()
    for row in hot:
        if people <= 0:
            continue
        row["who"] = []
        for person in who_to_ask(session=session, company_id=row["id"], now=now, limit=people + len(taken)):
            if person["contact_id"] in taken:
                continue  # one person, one company per list: spread the asks
            taken.add(person["contact_id"])
            row["who"].append(person)
            if len(row["who"]) >= people:
                break
    return hot


# --- dashboard read functions ---
# Added by the dashboard (helper D): paginated and aggregated reads; each returns plain dicts and never more
# rows than asked for, so no page sends the browser more than it can show.

import datetime as _dt  # noqa: E402
from collections.abc import Sequence as _Sequence  # noqa: E402
from typing import Any as _Any  # noqa: E402

import sqlalchemy as _sa  # noqa: E402
from sqlmodel import Session as _Session  # noqa: E402

from tracker import models as _m  # noqa: E402


def _utc(value: _dt.datetime | None) -> _dt.datetime | None:
    # SQLite hands back naive datetimes; everything stored is UTC.
    return value.replace(tzinfo=_dt.UTC) if value is not None and value.tzinfo is None else value


def company_choices(*, session: _Session) -> list[dict[str, _Any]]:
    """Every watchlist company as {id, name}, by name (for pickers)."""
    rows = session.execute(_sa.select(_m.Company.id, _m.Company.name).order_by(_m.Company.name)).all()
    return [{"id": r.id, "name": r.name} for r in rows]


def heat_trends(*, session: _Session, now: _dt.datetime, days: int = 90, step_days: int = 7) -> dict[int, list[float]]:
    """Each company's heat at weekly points over the last `days` (oldest first, ending today), for sparklines.

    The rules of `company_heat` (weights, confidence, status, half-life, one story counted once by its
    strongest signal) applied at each point to the signals that had happened by then; vectorised over the
    raw signal columns (tracker.scoring_bulk.columns_trends), so 100,000 signals take a fraction of a second.
    Reports of one event spread over several stories are not merged here, so a point may sit slightly above
    the heat shown for that day.
    """
    weights, half_life = heat_config(session=session)
    since = now - _dt.timedelta(days=days + half_life * HORIZON_HALF_LIVES)
    _, cols, _ = _signal_columns(session=session, since=[since], now=now)
    return columns_trends(cols, weights=weights, half_life_days=half_life, points=_trend_points(days, step_days))


def _trend_points(days: int, step_days: int) -> list[float]:
    """Days ago of each point of a trend, oldest first, ending today."""
    count = days // step_days + 1
    return [float((count - 1 - i) * step_days) for i in range(count)]


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
    for contact_id, employer, title, company in _raw_rows(session, binary=True, stmt=
            _sa.select(_m.Employment.contact_id, _m.Employment.employer_name, _m.Employment.title, _m.Company.name)
            .outerjoin(_m.Company, _m.Company.id == _m.Employment.company_id)
            .where(_m.Employment.is_current.is_(True)).order_by(_m.Employment.id)):
        employers[contact_id] = (employer, title, company)  # the latest current job wins, as in `contacts list`
    columns: dict[str, list[_Any]] = {name: [] for name in DIRECTORY_COLUMNS}
    ids, names, titles, employer_names, companies, tags, closeness = columns.values()
    none = ("", None, None)
    for cid, name, headline, tag_text, close in _raw_rows(session, binary=True, stmt=
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
