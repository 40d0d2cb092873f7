"""Interactions with contacts: log one (which resets its follow-ups), list them, find the last one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.errors import UserError
from tracker.models import Company, Contact, Interaction
from tracker.names import normalize_person_name
from tracker.network.followups import close_followups

KINDS = ("meeting", "call", "email", "message", "event", "helped", "outreach")
DIRECTIONS = ("", "sent", "received", "both")


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _describe(contact: Contact, employer: str | None) -> str:
    return f"{contact.id} ({contact.full_name}{', ' + employer if employer else ''})"


def resolve_contact(*, session: Session, ref: str) -> Contact:
    """The contact with this id or (unique) name; a clear error when there is none or several."""
    ref = ref.strip()
    if ref.isdigit():
        contact = session.get(Contact, int(ref))
        if contact is None:
            raise UserError(f"no contact with id {ref}")
        return contact
    key = normalize_person_name(ref)
    if not key:
        raise UserError("give a contact's id or name")
    found = list(session.exec(select(Contact).where(Contact.normalized_name == key).limit(10)).all())
    if not found:  # a part of the name, e.g. a first name, if it is unique
        found = list(session.exec(select(Contact).where(col(Contact.normalized_name).contains(key))
                                  .order_by(Contact.full_name).limit(10)).all())
    if len(found) == 1:
        return found[0]
    if not found:
        raise UserError(f"no contact named '{ref}' (see `hjm contacts list`)")
    candidates = ", ".join(_describe(c, c.headline or None) for c in found[:5])
    raise UserError(f"'{ref}' matches several contacts: {candidates}; use the id")


def add_interaction(*, session: Session, contact_id: int, kind: str, occurred_at: datetime, note: str = "",
                    direction: str = "", source: str = "manual", company_id: int | None = None,
                    signal_id: int | None = None, external_key: str | None = None) -> Interaction:
    """Log an interaction (idempotent by external_key) and mark the contact's open follow-ups done."""
    kind = kind.strip().lower()
    if kind not in KINDS:
        raise UserError(f"--kind: '{kind}' is not one of {', '.join(KINDS)}")
    if direction not in DIRECTIONS:
        raise UserError(f"direction '{direction}' is not one of sent, received, both")
    note = note.strip()
    if kind == "helped" and not note:
        # Giving matters as much as asking, and the note is the record of what was given.
        raise UserError("a 'helped' interaction needs a note saying what you gave (e.g. --note 'introduced her to X')")
    if session.get(Contact, contact_id) is None:
        raise UserError(f"no contact with id {contact_id}")
    if external_key:
        existing = session.exec(select(Interaction).where(Interaction.external_key == external_key)).first()
        if existing is not None:
            return existing
    interaction = Interaction(contact_id=contact_id, kind=kind, occurred_at=_aware(occurred_at), note=note,
                              direction=direction, source=source, company_id=company_id, signal_id=signal_id,
                              external_key=external_key)
    session.add(interaction)
    session.flush()
    close_followups(session=session, contact_id=contact_id, at=interaction.occurred_at)
    return interaction


def list_interactions(*, session: Session, contact_id: int | None = None, since: datetime | None = None,
                      kinds: Sequence[str] = (), limit: int | None = None) -> list[dict[str, Any]]:
    """Interactions, newest first, as plain rows (id, date, contact, kind, direction, note, company, source)."""
    query = (select(Interaction, Contact.full_name, Company.name)
             .join(Contact, Contact.id == Interaction.contact_id)
             .join(Company, Company.id == Interaction.company_id, isouter=True)
             .order_by(col(Interaction.occurred_at).desc(), col(Interaction.id).desc()))
    if contact_id is not None:
        query = query.where(Interaction.contact_id == contact_id)
    if since is not None:
        query = query.where(Interaction.occurred_at >= since)
    if kinds:
        query = query.where(col(Interaction.kind).in_(list(kinds)))
    if limit:
        query = query.limit(limit)
    return [
        {"id": i.id, "date": _aware(i.occurred_at), "contact_id": i.contact_id, "contact": name, "kind": i.kind,
         "direction": i.direction, "note": i.note, "company": company, "source": i.source}
        for i, name, company in session.exec(query).all()
    ]


def last_interactions(*, session: Session, contact_ids: Sequence[int] | None = None) -> dict[int, datetime]:
    """When the user was last in touch with each contact (contacts never in touch are absent)."""
    query = select(Interaction.contact_id, func.max(Interaction.occurred_at)).group_by(Interaction.contact_id)
    if contact_ids is not None:
        result: dict[int, datetime] = {}
        ids = list(dict.fromkeys(contact_ids))
        for start in range(0, len(ids), 500):
            chunk = query.where(col(Interaction.contact_id).in_(ids[start:start + 500]))
            result.update({cid: _aware(at) for cid, at in session.exec(chunk).all()})
        return result
    return {cid: _aware(at) for cid, at in session.exec(query).all()}
