"""Who to ask at a company: current staff, alumni and connectors, ranked with reasons and an ask.

Score (0..100): relationship strength (up to 40), relation to the company (current 20, former 12,
connector 10), role relevance to the user's profile (up to 20), relation to the signal (up to 12:
the new office's city, the acquired unit or team, a fresh joiner) and recency of contact (up to 8).

One person, one company a week: a contact the user reached out to about ANOTHER company (or about no
company in particular) in the last RECENT_OUTREACH_DAYS (an Interaction of kind 'outreach', written by
`hjm outreach --log`) is left out unless `include_recent=True` (`hjm who-to-ask --all`), so the same
friend is not asked for help everywhere at once. Outreach about THIS company stays listed, marked as
waiting for a reply. See docs/who-to-ask.md.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple

from sqlmodel import Session, select

from tracker.candidates import (
    Candidate,
    candidates,
    company_signals,
    connector_names,
    news_connectors,
    recent_joiners,
)
from tracker.errors import UserError
from tracker.models import Company, Interaction
from tracker.names import fold
from tracker.network.strength import INTERACTION_COLUMNS, Strength, score_relationship
from tracker.scoring import age_days, decay, status_factor

RECENT_OUTREACH_DAYS = 7
TOP_SIGNALS = 5  # connectors and relations come from the news that weighs most
GIVING_KINDS = frozenset({"layoffs", "hiring_freeze", "closure"})
GIVING_WINDOW_DAYS = 90
RELATION_POINTS = {"current": 20.0, "former": 12.0, "connector": 10.0}
ROLE_LABELS = {
    "mentor": "Senior in your field: a mentor who can judge your fit.",
    "hiring_manager": "Senior in your target function: a likely hiring manager.",
    "peer": "Works in the role you want: a peer who knows the day-to-day.",
    "recruiter": "Recruiter: can tell you about openings and the process.",
}
# Ask levels, graded by the relationship; 'checkin' replaces the ask when the company is shrinking.
CLOSE_TIE, STRONG_TIE = 70, 40
ASKS = {
    "advice": "Ask for advice or a view of the team.",
    "insight": "Ask about the team's plans after the news.",
    "referral": "Ask for a referral or an introduction to the hiring manager.",
    "checkin": "Check in and offer help; ask for nothing.",
}


def ask_level(*, strength: int, closeness: int | None = None, giving: bool = False) -> str:
    """'advice' (weak tie), 'insight' (strong), 'referral' (close) or 'checkin' (company in trouble)."""
    if giving:
        return "checkin"
    if strength >= CLOSE_TIE or (closeness or 0) >= 5:
        return "referral"
    if strength >= STRONG_TIE or (closeness or 0) >= 4:
        return "insight"
    return "advice"


def recency_points(days: float | None) -> tuple[float, str]:
    """Points for how recently the user was in touch, with the sentence that explains them."""
    if days is None:
        return 0.0, ""
    d = int(max(0.0, days))
    when = "today" if d == 0 else f"{d} day{'s' if d != 1 else ''} ago"
    if d <= 30:
        return 8.0, f"In touch recently ({when})."
    if d <= 90:
        return 5.0, f"Last in touch {when}."
    if d <= 365:
        return 2.0, f"Last in touch {when}."
    return 0.0, f"Not in touch for a long time ({when})."


_fold = lru_cache(maxsize=4096)(fold)  # titles and places repeat across hundreds of candidates


class NewsHook(NamedTuple):
    """What in one signal a person can relate to, folded once for all candidates."""

    kind: str
    city: str  # folded city of an expansion
    unit_name: str  # the unit, team or department named, as written
    unit: str  # the same, folded


def news_hooks(signals: Sequence[Mapping[str, Any]]) -> list[NewsHook]:
    """The hooks of the given signals: the new office's city, the unit or team in the news."""
    hooks = []
    for s in signals:
        facts = s["facts"]
        city = fold(str(facts.get("city") or facts.get("location") or "")) if s["kind"] == "expansion" else ""
        unit_name = str(facts.get("unit") or facts.get("division") or facts.get("team")
                        or facts.get("department") or "")
        if city or unit_name:
            hooks.append(NewsHook(s["kind"], city, unit_name, fold(unit_name)))
    return hooks


def signal_relation(*, candidate: Candidate, hooks: Sequence[NewsHook], joined_days_ago: float | None = None,
                    company: str = "") -> tuple[float, str]:
    """Points and a sentence for how the person relates to the news: they just joined (`joined_days_ago`),
    they are based in the new office's city, or they work in the unit in the news."""
    if joined_days_ago is not None:
        return 12.0, f"Joined {company} {int(max(0, joined_days_ago))} days ago: fresh eyes on the team."
    title = _fold(candidate.title)
    place = _fold(candidate.location)
    first_place = place.split(",")[0].strip()
    for h in hooks:
        if h.city and place and (h.city in place or first_place in h.city):
            return 10.0, f"Based in {candidate.location}, where the new office opens."
        if h.unit and title and h.unit in title:
            return 10.0, f"Works in {h.unit_name}, the part of the company in the news."
    return 0.0, ""


def rank_candidate(*, candidate: Candidate, strength: int, strength_reasons: Sequence[str],
                   role: tuple[str, float], signal_points: tuple[float, str], days_since_contact: float | None,
                   company: str) -> tuple[float, list[str]]:
    """The candidate's score (0..100) and the reasons behind it (pure)."""
    reasons: list[str] = []
    if candidate.relation == "current":
        reasons.append(f"Works at {company} now" + (f" as {candidate.title}." if candidate.title else "."))
    elif candidate.relation == "former":
        reasons.append(f"Used to work at {company}" + (f" ({candidate.title})" if candidate.title else "")
                       + ": knows the team and the people.")
    else:
        reasons.append(f"Works at {candidate.employer}, {candidate.via}.")
    score = RELATION_POINTS[candidate.relation]
    score += 40.0 * max(0, min(100, strength)) / 100.0
    tie = "Close tie" if strength >= CLOSE_TIE else "Strong tie" if strength >= STRONG_TIE else "Weak tie"
    why = f": {strength_reasons[0]}" if strength_reasons else ""
    reasons.append(f"{tie} (strength {strength}/100){why}".rstrip(".") + ".")
    label, weight = role
    score += 20.0 * max(0.0, min(1.0, weight))
    if label in ROLE_LABELS:
        reasons.append(ROLE_LABELS[label])
    elif weight >= 0.3:
        reasons.append("A senior leader there: decides on hires, if from afar.")
    points, sentence = signal_points
    if points:
        score += points
        reasons.append(sentence)
    recent, sentence = recency_points(days_since_contact)
    score += recent
    if sentence:
        reasons.append(sentence)
    return round(min(score, 100.0), 1), reasons


def strongest(signals: Sequence[Mapping[str, Any]], *, weights: Mapping[str, float], half_life_days: float,
              n: int = TOP_SIGNALS) -> list[Mapping[str, Any]]:
    """The n signals that weigh most in the company's heat right now (by absolute points)."""
    def points(s: Mapping[str, Any]) -> float:
        return abs(weights.get(s["kind"], 0.0)) * s["confidence"] * status_factor(s["facts"]) \
            * decay(s["age"], half_life_days)
    return heapq.nlargest(n, (s for s in signals if points(s) > 0), key=points)


def in_trouble(top: Sequence[Mapping[str, Any]]) -> bool:
    """True when the weightiest current news (see `strongest`) is layoffs, a hiring freeze or a closure:
    then the people there get a check-in and an offer of help, not an ask."""
    return bool(top) and top[0]["kind"] in GIVING_KINDS and top[0]["age"] <= GIVING_WINDOW_DAYS


def _aware(at: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return at if at.tzinfo else at.replace(tzinfo=UTC)


class _Network(NamedTuple):
    """What the interactions of the candidates tell: strength, last contact and this week's outreach."""

    strengths: dict[int, Strength]
    last: dict[int, datetime]
    outreach: dict[int, set[int | None]]


def _network(*, session: Session, people: Sequence[Candidate], now: datetime) -> _Network:
    """Every interaction of the candidates in one read (by 500), scored as tracker.network.strength does."""
    rows: list[Any] = []
    columns = (*INTERACTION_COLUMNS, Interaction.company_id)
    ids = [p.contact_id for p in people]
    for start in range(0, len(ids), 500):
        rows += session.connection().execute(select(*columns).where(
            Interaction.contact_id.in_(ids[start:start + 500]))).all()  # type: ignore[attr-defined]
    by_contact: dict[int, list[tuple[str, datetime, str]]] = {}
    last: dict[int, datetime] = {}
    outreach: dict[int, set[int | None]] = {}
    since = now - timedelta(days=RECENT_OUTREACH_DAYS)
    for cid, kind, at, direction, company_id in rows:
        by_contact.setdefault(cid, []).append((kind, at, direction))
        at = _aware(at)
        if cid not in last or at > last[cid]:
            last[cid] = at
        if kind == "outreach" and at >= since:
            outreach.setdefault(cid, set()).add(company_id)
    strengths = {p.contact_id: score_relationship(closeness=p.closeness, tags=p.tags, connected_on=p.connected_on,
                                                  interactions=by_contact.get(p.contact_id, ()), now=now)
                 for p in people}
    return _Network(strengths, last, outreach)


def recent_outreach(*, session: Session, ids: Sequence[int], now: datetime) -> dict[int, set[int | None]]:
    """Per contact, the companies the user reached out about in the last RECENT_OUTREACH_DAYS."""
    since = now - timedelta(days=RECENT_OUTREACH_DAYS)
    rows = session.exec(select(Interaction.contact_id, Interaction.company_id)
                        .where(Interaction.kind == "outreach", Interaction.occurred_at >= since,
                               Interaction.contact_id.in_(ids))).all()  # type: ignore[attr-defined]
    out: dict[int, set[int | None]] = {}
    for cid, company_id in rows:
        out.setdefault(cid, set()).add(company_id)
    return out


def who_to_ask(*, session: Session, company_id: int, now: datetime, limit: int = 10,
               include_recent: bool = False) -> list[dict]:
    """The people to ask about a company, best first, each with reasons and a suggested ask."""
    from tracker.network.profile import get_profile, role_relevance
    from tracker.queries import heat_config

    company = session.get(Company, company_id)
    if company is None:
        raise UserError(f"no company with id {company_id}")
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    signals = company_signals(session=session, company=company, now=now)
    weights, half_life = heat_config(session=session)
    top = strongest(signals, weights=weights, half_life_days=half_life)
    joined = recent_joiners(session=session, company=company, now=now)
    hooks = news_hooks(top)
    connectors = {**news_connectors(session=session, company=company, signals=top),
                  **connector_names(company=company, signals=top)}
    people = candidates(session=session, company=company, connectors=connectors)
    if not people:
        return []
    strengths, last, outreach = _network(session=session, people=people, now=now)
    profile = get_profile(session=session)
    giving = in_trouble(top)
    roles: dict[str, tuple[str, float]] = {}  # titles repeat: each is weighed once
    rows = []
    for p in people:
        cid = p.contact_id
        asked = outreach.get(cid, set())
        if not include_recent and asked - {company.id}:
            continue  # already asked about another company this week: spread the asks
        if p.title and p.title not in roles:
            roles[p.title] = role_relevance(title=p.title, profile=profile)
        strength = strengths[cid]
        score, reasons = rank_candidate(
            candidate=p, strength=strength.score, strength_reasons=strength.reasons,
            role=roles[p.title] if p.title else ("other", 0.0),
            signal_points=signal_relation(candidate=p, hooks=hooks, joined_days_ago=joined.get(cid),
                                          company=company.name),
            days_since_contact=age_days(last[cid], now) if cid in last else None, company=company.name)
        if company.id in asked:
            reasons.append("You reached out about this in the last week: wait for a reply or follow up.")
        level = ask_level(strength=strength.score, closeness=p.closeness, giving=giving)
        rows.append({
            "contact": p.name, "contact_id": cid, "company": company.name, "relation": p.relation,
            "score": score, "reasons": reasons, "last_interaction": last.get(cid), "suggested_ask": ASKS[level],
            "ask_level": level, "title": p.title, "employer": p.employer,
        })
    rows.sort(key=lambda r: (-r["score"], r["contact"].casefold()))
    return rows[:limit] if limit else rows
