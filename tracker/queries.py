"""Read side shared by the CLI and the dashboard: companies ranked by heat, with network warmth."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, func, type_coerce
from sqlmodel import Session, select

from tracker.config import load_settings
from tracker.models import Company, Contact, Employment, Interaction, Signal
from tracker.preferences import HALF_LIFE_DAYS, SIGNAL_WEIGHTS, get_preference
from tracker.scoring import NO_FACTS, Heat, SignalView, age_days, company_heat, part_text

# Beyond this many half-lives a signal adds less than 0.03% of its weight: not worth reading.
HORIZON_HALF_LIVES = 12
OVERVIEW_PARTS = 3


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
    grouped: dict[int, list[SignalView]] = defaultdict(list)
    for sid, cid, kind, conf, at, story, facts, evidence, wrong, corrected in session.exec(stmt):
        grouped[cid].append(SignalView(sid, kind, conf or 0.0, at, story, facts or {}, evidence or "",
                                       bool(wrong), corrected))
    return grouped


def _light_views(*, session: Session, since: datetime) -> dict[int, list[SignalView]]:
    """Every company's signals since `since`, reading only what the score needs (facts' status, raw dates)."""
    status = Signal.facts["status"].as_string()  # type: ignore[index]
    stmt = (select(Signal.id, Signal.company_id, Signal.kind, Signal.confidence,
                   type_coerce(Signal.occurred_at, String), Signal.story_id, status, Signal.corrected_kind)
            .where((Signal.wrong == False) | (Signal.corrected_kind != None))  # noqa: E711,E712
            # coalesce() keeps SQLite off the date index: nearly every row matches, a plain scan is faster.
            .where(func.coalesce(Signal.occurred_at, Signal.occurred_at) >= since))
    grouped: dict[int, list[SignalView]] = defaultdict(list)
    # Raw tuples, no ORM processing: 100,000 signals must score in well under a second.
    for sid, cid, kind, conf, at, story, st, corrected in session.connection().execute(stmt).all():
        if isinstance(at, str):
            at = datetime.fromisoformat(at)
        grouped[cid].append(SignalView(sid, kind, conf or 0.0, at, story, {"status": st} if st else NO_FACTS,
                                       "", False, corrected))
    return grouped


def _full_texts(*, session: Session, heats: dict[int, Heat], now: datetime) -> dict[int, list[str]]:
    """Explanation lines for the parts kept, rendered from the signals' full facts (one query per 500)."""
    ids = sorted({p.signal_id for h in heats.values() for p in h.parts if p.signal_id is not None})
    full: dict[int, tuple[datetime, dict, str]] = {}
    cols = (Signal.id, Signal.occurred_at, Signal.facts, Signal.evidence)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        full.update({sid: (at, facts or {}, ev or "") for sid, at, facts, ev
                     in session.exec(select(*cols).where(Signal.id.in_(chunk)))})  # type: ignore[attr-defined]
    texts: dict[int, list[str]] = {}
    for cid, heat in heats.items():
        lines = []
        for p in heat.parts:
            if p.signal_id not in full:
                lines.append(p.text)
                continue
            at, facts, evidence = full[p.signal_id]
            view = SignalView(p.signal_id, p.kind, 1.0, at, None, facts, evidence)
            lines.append(part_text(p.points, p.kind, view, age_days(at, now), note=p.note))
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
    """Per company: people known there now, alumni, and the best tie's strength (bulk queries).

    Strength is computed only for the contacts who can stand out: those with interactions, a closeness
    or tags. The rest differ only by how long they have been connected, so per company the one connected
    longest stands for them all; this keeps 1,000 companies and 30,000 contacts well under a second.
    """
    rows = session.exec(select(Employment.company_id, Employment.contact_id, Employment.is_current,
                               Contact.closeness, cast(Contact.tags, String), Contact.connected_on)
                        .join(Contact, Contact.id == Employment.contact_id)
                        .where(Employment.company_id != None)).all()  # noqa: E711
    talked = set(session.exec(select(Interaction.contact_id).distinct()).all())
    current: dict[int, set[int]] = defaultdict(set)
    former: dict[int, set[int]] = defaultdict(set)
    scored: set[int] = set()
    longest: dict[int, tuple[date, int]] = {}
    for cid, contact_id, is_current, closeness, tags, connected_on in rows:
        if not is_current:
            former[cid].add(contact_id)
            continue
        current[cid].add(contact_id)
        if closeness is not None or contact_id in talked or (tags and tags.strip() not in ("[]", "null")):
            scored.add(contact_id)
        else:
            key = (connected_on or date.max, contact_id)
            if cid not in longest or key < longest[cid]:
                longest[cid] = key
    scored |= {contact_id for _, contact_id in longest.values()}
    strength = contact_strengths(session=session, contact_ids=sorted(scored), now=now)
    out: dict[int, dict[str, Any]] = {}
    for cid in set(current) | set(former):
        people = current.get(cid, set())
        best = max((strength[c] for c in people if c in strength), default=None)
        out[cid] = {"people": len(people), "alumni": len(former.get(cid, set()) - people), "best_tie": best}
    return out


def contact_strength_details(*, session: Session, contact_ids: Sequence[int],
                             now: datetime) -> dict[int, tuple[int, tuple[str, ...]]]:
    """Relationship strength (0..100) and its reasons per contact, via the network module's bulk function."""
    if not contact_ids:
        return {}
    from tracker.network.strength import strengths

    found = strengths(session=session, contact_ids=list(contact_ids), now=now)
    return {cid: (s.score, tuple(s.reasons)) for cid, s in found.items()}


def contact_strengths(*, session: Session, contact_ids: Sequence[int], now: datetime) -> dict[int, int]:
    """Relationship strength (0..100) per contact."""
    details = contact_strength_details(session=session, contact_ids=contact_ids, now=now)
    return {cid: score for cid, (score, _) in details.items()}


def company_overview(*, session: Session, sort: str = "heat", now: datetime | None = None) -> list[dict]:
    """Every watchlist company with heat, its top explanation parts, signals in 30 days and warmth."""
    now = _now(now)
    weights, half_life = heat_config(session=session)
    since = now - timedelta(days=half_life * HORIZON_HALF_LIVES)
    views = _light_views(session=session, since=min(since, now - timedelta(days=30)))
    warmth = _warmth(session=session, now=now)
    month_ago = (now - timedelta(days=30)).astimezone(UTC).replace(tzinfo=None)
    companies = session.exec(select(Company)).all()
    heats = {c.id: company_heat(signals=views.get(c.id, []), weights=weights, half_life_days=half_life, now=now,
                                max_parts=OVERVIEW_PARTS) for c in companies}
    texts = _full_texts(session=session, heats=heats, now=now)
    rows: list[dict] = []
    for company in companies:
        heat = heats[company.id]
        warm = warmth.get(company.id, {"people": 0, "alumni": 0, "best_tie": None})
        rows.append({
            "id": company.id, "name": company.name, "domain": company.domain,
            "heat": round(heat.score, 2), "heat_parts": texts.get(company.id, []),
            "signals_30d": sum(1 for s in views.get(company.id, ()) if _naive(s.occurred_at) >= month_ago),
            "people": warm["people"], "alumni": warm["alumni"], "best_tie": warm["best_tie"],
            "stage": company.stage,
        })
    if sort == "name":
        rows.sort(key=lambda r: r["name"].casefold())
    else:
        rows.sort(key=lambda r: (-r["heat"], -(r["best_tie"] or 0), r["name"].casefold()))
    return rows


def _naive(at: datetime) -> datetime:
    return at.astimezone(UTC).replace(tzinfo=None) if at.tzinfo else at


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
