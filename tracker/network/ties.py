"""The user's own view of a tie: closeness (1..5), tags and keep-in-touch cadence."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from tracker.errors import UserError
from tracker.models import Contact
from tracker.network.strength import normalize_tag

KNOWN_TAGS = ("mentor", "former colleague", "classmate", "recruiter", "friend", "family", "inner circle")


def set_tie(*, session: Session, contact_id: int, now: datetime, closeness: int | None = None,
            add_tags: Sequence[str] = (), remove_tags: Sequence[str] = (),
            cadence_days: int | None = None) -> Contact:
    """Update closeness, tags and cadence of a contact (cadence 0 clears it); other fields are left alone."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise UserError(f"no contact with id {contact_id}")
    if closeness is not None:
        if not 1 <= closeness <= 5:
            raise UserError(f"--closeness: {closeness} is not between 1 and 5")
        contact.closeness = closeness
    if cadence_days is not None:
        if not 0 <= cadence_days <= 3650:
            raise UserError(f"--cadence: {cadence_days} is not between 0 (none) and 3650 days")
        contact.cadence_days = cadence_days or None
    drop = {normalize_tag(t) for t in remove_tags}
    tags = [normalize_tag(t) for t in contact.tags or [] if normalize_tag(t) not in drop]
    for tag in map(normalize_tag, add_tags):
        if not tag:
            raise UserError("--tag is empty")
        if tag not in tags:
            tags.append(tag)
    contact.tags = tags  # a new list, so the JSON column is seen as changed
    contact.updated_at = now
    session.add(contact)
    session.flush()
    return contact
