"""Who could be asked about a company: its current staff, its alumni, and connectors (people at the
companies in the same news: the acquirer or target, the investor, the partner)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import String, cast, func
from sqlmodel import Session, select

from tracker.models import ArticleCompany, Company, Contact, Employment, Signal
from tracker.names import normalize_company_name
from tracker.scoring import age_days, describe, effective_kind

SIGNAL_WINDOW_DAYS = 180  # signals older than this no longer shape who to ask
SIGNAL_LIMIT = 120  # the latest signals are enough to see what is going on, even at the busiest company
CONNECTOR_FACTS = {
    "acquirer": "the acquirer", "target": "the company being acquired", "acquired": "the company being acquired",
    "investor": "an investor", "investors": "an investor", "lead_investor": "the lead investor",
    "partner": "the partner", "customer": "the customer", "client": "the client",
}
ROLE_PHRASES = {"acquirer": "the acquirer", "target": "the company being acquired", "merger": "the merger partner"}


@dataclass(frozen=True)
class Candidate:
    """A contact linked to the company, and how."""

    contact_id: int
    name: str
    relation: str  # current, former, connector
    title: str
    employer: str
    via: str = ""  # for connectors: why their employer matters ("the acquirer")
    location: str = ""
    closeness: int | None = None
    tags: tuple[str, ...] = ()  # with closeness and connected_on: what relationship strength needs besides
    connected_on: date | None = None  # the interactions, read here rather than once more by contact id


# Only the columns ranking and strength need; tags as JSON text (most are an empty list: nothing to decode).
_COLUMNS = (Contact.id, Contact.full_name, Contact.headline, Contact.location, Contact.closeness,
            Employment.title, Employment.employer_name, Employment.is_current, Employment.company_id,
            Employment.employer_key, cast(Contact.tags, String), Contact.connected_on)


def _tags(text: str | None) -> tuple[str, ...]:
    return tuple(json.loads(text) or ()) if text and text not in ("[]", "null") else ()


def company_signals(*, session: Session, company: Company, now: datetime) -> list[dict[str, Any]]:
    """The company's latest signals (up to SIGNAL_LIMIT in SIGNAL_WINDOW_DAYS) as plain dicts, newest first;
    the kind is the user's correction if any, and signals marked wrong are left out."""
    since = now - timedelta(days=SIGNAL_WINDOW_DAYS)
    cols = (Signal.id, Signal.kind, Signal.corrected_kind, Signal.wrong, Signal.facts, Signal.evidence,
            Signal.occurred_at, Signal.contact_id, Signal.confidence, Signal.story_id, Signal.article_id)
    recent = (select(*cols).where(Signal.company_id == company.id, Signal.occurred_at >= since)
              .order_by(Signal.occurred_at.desc(), Signal.id.desc()))  # type: ignore[union-attr]
    rows = session.exec(recent.limit(SIGNAL_LIMIT)).all()
    out = []
    for sid, kind, corrected, wrong, facts, evidence, at, contact_id, confidence, story, article in rows:
        kind = effective_kind(kind, wrong=wrong, corrected_kind=corrected)
        if kind is None:
            continue
        out.append({"id": sid, "kind": kind, "facts": facts or {}, "age": age_days(at, now),
                    "contact_id": contact_id, "company": company.name, "confidence": confidence or 0.0,
                    "evidence": evidence or "", "story_id": story, "article_id": article})
    return out


def connector_names(*, company: Company, signals: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Other companies named in the signals' facts (acquirer, investor, partner...): key -> role phrase."""
    own = {company.normalized_name} | {normalize_company_name(a) for a in company.aliases}
    names: dict[str, str] = {}
    for s in signals:
        for fact, phrase in CONNECTOR_FACTS.items():
            value = s["facts"].get(fact)
            for name in value if isinstance(value, list | tuple) else [value]:
                if not isinstance(name, str) or not name.strip():
                    continue
                key = normalize_company_name(name)
                if key and key not in own:
                    names.setdefault(key, f"{phrase} in the {describe(s['kind'], {}, '')} news")
    return names


def recent_joiners(*, session: Session, company: Company, now: datetime) -> dict[int, float]:
    """Contacts who joined the company in SIGNAL_WINDOW_DAYS (contact_joined signals): contact id -> days ago.
    Read apart from the news, so a joiner counts however busy the company's news is."""
    since = now - timedelta(days=SIGNAL_WINDOW_DAYS)
    rows = session.exec(select(Signal.contact_id, Signal.occurred_at)
                        .where(Signal.company_id == company.id, Signal.occurred_at >= since,
                               Signal.contact_id != None,  # noqa: E711
                               (Signal.wrong == False) | (Signal.corrected_kind != None),  # noqa: E711,E712
                               func.coalesce(Signal.corrected_kind, Signal.kind) == "contact_joined")).all()
    joined: dict[int, float] = {}
    for contact_id, at in rows:
        joined[contact_id] = min(joined.get(contact_id, math.inf), age_days(at, now))
    return joined


def news_connectors(*, session: Session, company: Company, signals: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Other watchlist companies in the same news: a signal of the same story (the other side of a deal,
    with its role) or a company named in the same article. Key (normalised name) -> role phrase."""
    stories = {s["story_id"] for s in signals if s.get("story_id") is not None}
    articles = {s["article_id"]: s["kind"] for s in signals if s.get("article_id") is not None}
    found: dict[str, str] = {}
    if stories:
        rows = session.exec(select(Company.normalized_name, Signal.kind, Signal.facts)
                            .join(Company, Company.id == Signal.company_id)
                            .where(Signal.story_id.in_(stories), Signal.company_id != company.id)).all()  # type: ignore
        for key, kind, facts in rows:
            role = ROLE_PHRASES.get(str((facts or {}).get("role") or ""))
            found.setdefault(key, f"{role} in the {_label(kind)} news" if role else f"also in the {_label(kind)} news")
    if articles:
        rows = session.exec(select(Company.normalized_name, ArticleCompany.article_id)
                            .join(Company, Company.id == ArticleCompany.company_id)
                            .where(ArticleCompany.article_id.in_(list(articles)),  # type: ignore[attr-defined]
                                   ArticleCompany.company_id != company.id)).all()
        for key, article in rows:
            found.setdefault(key, f"named in the same {_label(articles[article])} news")
    return found


def _label(kind: str) -> str:
    return kind.replace("_", " ")


def candidates(*, session: Session, company: Company, connectors: Mapping[str, str]) -> list[Candidate]:
    """Current and former employees of the company, then current employees of the connector companies."""
    found: dict[int, Candidate] = {}
    rows = session.exec(select(*_COLUMNS).join(Contact, Contact.id == Employment.contact_id)
                        .where(Employment.company_id == company.id)).all()
    for cid, name, headline, location, closeness, title, employer, current, _, _, tags, connected_on in sorted(
            rows, key=lambda r: not r[7]):  # current first wins
        if cid not in found:
            found[cid] = Candidate(cid, name, "current" if current else "former",
                                   title or (headline if current else ""), employer, "", location, closeness,
                                   _tags(tags), connected_on)
    if connectors:
        keys = list(connectors)
        watched = dict(session.exec(select(Company.id, Company.normalized_name)
                                    .where(Company.normalized_name.in_(keys))).all())  # type: ignore[attr-defined]
        cond = Employment.employer_key.in_(keys)  # type: ignore[attr-defined]
        if watched:
            cond = cond | Employment.company_id.in_(list(watched))  # type: ignore[union-attr]
        # The jobs first, then their people by id: joined in one query, PostgreSQL may read every contact.
        jobs = session.exec(select(Employment.contact_id, Employment.title, Employment.employer_name,
                                   Employment.company_id, Employment.employer_key)
                            .where(Employment.is_current == True, cond)  # noqa: E712
                            .order_by(Employment.id)).all()
        picked: dict[int, tuple[str, str, str]] = {}
        for cid, title, employer, company_id, employer_key in jobs:
            key = watched.get(company_id) or employer_key
            if cid not in found and cid not in picked and key in connectors:
                picked[cid] = (title, employer, connectors[key])
        people = _people(session=session, ids=list(picked))
        for cid, (title, employer, via) in picked.items():
            if cid in people:
                name, headline, location, closeness, tags, connected_on = people[cid]
                found[cid] = Candidate(cid, name, "connector", title or headline, employer, via, location, closeness,
                                       _tags(tags), connected_on)
    return list(found.values())


def _people(*, session: Session, ids: Sequence[int]) -> dict[int, tuple]:
    """Name, headline, location, closeness, tags (JSON text) and date connected of contacts, by id."""
    cols = (Contact.id, Contact.full_name, Contact.headline, Contact.location, Contact.closeness,
            cast(Contact.tags, String), Contact.connected_on)
    out: dict[int, tuple] = {}
    for start in range(0, len(ids), 500):
        for cid, *values in session.exec(select(*cols).where(Contact.id.in_(ids[start:start + 500]))):  # type: ignore
            out[cid] = tuple(values)
    return out
