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
    rows = raw_rows(session, stmt, binary=True)
    rows.sort(key=itemgetter(0))  # id order (sorted in Python: cheaper than by the database, often already so)
    # One list per column (faster than zip(*rows) over 100,000 rows).
    ids, cids, kinds, confs, ages, stories = ([r[i] for r in rows] for i in range(6))
    statuses, keys = ([r[i] for r in rows] for i in (-2, -1))
    flagged = iter([np.array([r[6 + i] for r in rows], dtype=bool) for i in range(len(flags))])
    masks = [np.ones(len(rows), dtype=bool) if at == earliest else next(flagged) for at in since]
    cols = bulk_columns(company_ids=cids, kinds=kinds, confidences=confs, ages=ages, story_ids=stories,
                        statuses=statuses, event_keys=keys)
    return np.array(ids, dtype=np.int64), cols, masks


def raw_rows(session: Session, stmt: Any, *, binary: bool = False) -> list[tuple]:
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
                     in raw_rows(session, select(*cols).where(Signal.id.in_(chunk)))})  # type: ignore[attr-defined]
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
            for cid, people, everyone in raw_rows(session, counts)}


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


def heat_trends(*, session: Session, now: datetime, days: int = 90, step_days: int = 7) -> dict[int, list[float]]:
    """Each company's heat at weekly points over the last `days` (oldest first, ending today), for sparklines.

    The rules of `company_heat` (weights, confidence, status, half-life, one story counted once by its
    strongest signal) applied at each point to the signals that had happened by then; vectorised over the
    raw signal columns (tracker.scoring_bulk.columns_trends), so 100,000 signals take a fraction of a second.
    Reports of one event spread over several stories are not merged here, so a point may sit slightly above
    the heat shown for that day.
    """
    weights, half_life = heat_config(session=session)
    since = now - timedelta(days=days + half_life * HORIZON_HALF_LIVES)
    _, cols, _ = _signal_columns(session=session, since=[since], now=now)
    return columns_trends(cols, weights=weights, half_life_days=half_life, points=_trend_points(days, step_days))


def _trend_points(days: int, step_days: int) -> list[float]:
    """Days ago of each point of a trend, oldest first, ending today."""
    count = days // step_days + 1
    return [float((count - 1 - i) * step_days) for i in range(count)]
