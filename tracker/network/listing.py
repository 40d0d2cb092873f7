"""Read side of the network for the CLI and the dashboard: contact rows, and one contact in full."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tracker.companies import find_company
from tracker.errors import UserError
from tracker.models import Company, Contact, ContactRecord, Employment, FollowUp, Interaction, Signal
from tracker.network.employers import employer_key
from tracker.network.strength import normalize_tag, strengths

SORTS = ("name", "strength")


def _company_filter(session: Session, company: str) -> dict[int, str]:
    """Contact id -> relation (current or former) for people at a target company or an employer name."""
    try:
        target = find_company(session=session, name_or_id=company)
        query = select(Employment.contact_id, Employment.is_current).where(Employment.company_id == target.id)
    except UserError:
        key = employer_key(company)
        if not key:
            raise
        query = select(Employment.contact_id, Employment.is_current).where(Employment.employer_key == key)
    relation: dict[int, str] = {}
    for contact_id, current in session.exec(query).all():
        if current or contact_id not in relation:
            relation[contact_id] = "current" if current else "former"
    if not relation:
        raise UserError(f"nobody in your network works or worked at '{company}'")
    return relation


def list_contacts(*, session: Session, now: datetime, company: str | None = None, tag: str | None = None,
                  sort: str = "name", limit: int | None = None) -> list[dict[str, Any]]:
    """Contacts as plain rows (id, name, employer, title, company, relation, strength, tags, ...)."""
    if sort not in SORTS:
        raise UserError(f"--sort must be one of {', '.join(SORTS)} (got '{sort}')")
    relation = _company_filter(session, company) if company else None
    query = select(Contact.id, Contact.full_name, Contact.headline, Contact.tags, Contact.closeness,
                   Contact.emails, Contact.linkedin_url, Contact.connected_on)  # columns: 30,000 objects are slow
    if relation is not None and len(relation) <= 5_000:  # beyond that, filtering in Python is cheaper
        query = query.where(col(Contact.id).in_(list(relation)))
    contacts = [c for c in session.exec(query).all() if relation is None or c.id in relation]
    if tag:
        wanted = normalize_tag(tag)
        contacts = [c for c in contacts if wanted in {normalize_tag(t) for t in c.tags}]
    ids = [c.id for c in contacts]
    current: dict[int, tuple[str, str, int | None]] = {}
    for contact_id, name, title, company_id in session.exec(
            select(Employment.contact_id, Employment.employer_name, Employment.title, Employment.company_id)
            .where(Employment.is_current).order_by(Employment.id)).all():
        current[contact_id] = (name, title, company_id)
    names = dict(session.exec(select(Company.id, Company.name)).all())
    everyone = relation is None and not tag
    scores = strengths(session=session, contact_ids=None if everyone else ids, now=now) if ids else {}
    rows = []
    for c in contacts:
        employer, title, company_id = current.get(c.id, ("", c.headline, None))
        score = scores.get(c.id)
        rows.append({
            "id": c.id, "name": c.full_name, "employer": employer, "title": title or c.headline,
            "company": names.get(company_id) if company_id else None,
            "relation": relation.get(c.id) if relation is not None else None,
            "strength": score.score if score else 0, "tags": list(c.tags), "closeness": c.closeness,
            "emails": list(c.emails), "linkedin_url": c.linkedin_url, "connected_on": c.connected_on,
        })
    if sort == "strength":
        rows.sort(key=lambda r: (-r["strength"], r["name"].lower()))
    else:
        rows.sort(key=lambda r: (r["name"].lower(), r["id"]))
    return rows[:limit] if limit else rows


def contact_detail(*, session: Session, contact_id: int, now: datetime) -> dict[str, Any]:
    """One contact with their records, employments, recent interactions, open follow-ups, signals and strength."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise UserError(f"no contact with id {contact_id}")
    names = dict(session.exec(select(Company.id, Company.name)).all())
    records = session.exec(select(ContactRecord).where(ContactRecord.contact_id == contact_id)
                           .order_by(ContactRecord.id)).all()
    jobs = session.exec(select(Employment).where(Employment.contact_id == contact_id)
                        .order_by(col(Employment.is_current).desc(), col(Employment.ended_on).desc(),
                                  Employment.id)).all()
    talks = session.exec(select(Interaction).where(Interaction.contact_id == contact_id)
                         .order_by(col(Interaction.occurred_at).desc()).limit(20)).all()
    todo = session.exec(select(FollowUp).where(FollowUp.contact_id == contact_id, col(FollowUp.done_at).is_(None))
                        .order_by(FollowUp.due_on)).all()
    signals = session.exec(select(Signal).where(Signal.contact_id == contact_id)
                           .order_by(col(Signal.occurred_at).desc())).all()
    strength = strengths(session=session, contact_ids=[contact_id], now=now).get(contact_id)
    return {
        "id": contact.id, "name": contact.full_name, "first_name": contact.first_name,
        "last_name": contact.last_name, "emails": list(contact.emails), "phones": list(contact.phones),
        "linkedin_url": contact.linkedin_url, "headline": contact.headline, "location": contact.location,
        "connected_on": contact.connected_on, "closeness": contact.closeness, "tags": list(contact.tags),
        "cadence_days": contact.cadence_days,
        "strength": strength.score if strength else 0, "strength_reasons": list(strength.reasons) if strength else [],
        "records": [{"id": r.id, "source": r.source, "record_key": r.record_key, "file": r.file_name,
                     "first_seen": r.first_seen, "last_seen": r.last_seen} for r in records],
        "employments": [{"employer": e.employer_name, "company": names.get(e.company_id) if e.company_id else None,
                         "title": e.title, "current": e.is_current, "started_on": e.started_on,
                         "ended_on": e.ended_on, "source": e.source} for e in jobs],
        "interactions": [{"date": i.occurred_at, "kind": i.kind, "direction": i.direction, "note": i.note,
                          "source": i.source} for i in talks],
        "follow_ups": [{"due_on": f.due_on, "reason": f.reason} for f in todo],
        "signals": [{"kind": s.kind, "company": names.get(s.company_id), "date": s.occurred_at,
                     "evidence": s.evidence} for s in signals],
    }
