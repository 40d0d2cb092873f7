"""Forget a person: the contact and everything about them, in the caller's transaction."""

from __future__ import annotations

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from tracker.errors import UserError
from tracker.models import Contact, ContactRecord, Employment, FollowUp, Interaction, Signal, SignalFeedback

# Deleted explicitly (not left to ON DELETE CASCADE) so the outcome is the same on every database.
_OWNED = (("follow_ups", FollowUp), ("signals", Signal), ("interactions", Interaction),
          ("employments", Employment), ("records", ContactRecord))


def forget_contact(*, session: Session, contact_id: int) -> dict[str, int | str]:
    """Remove a contact with their records, employments, interactions, follow-ups and signals; returns counts."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise UserError(f"no contact with id {contact_id}")
    name = contact.full_name
    signal_ids = list(session.exec(select(Signal.id).where(Signal.contact_id == contact_id)).all())
    session.flush()
    if signal_ids:
        # Feedback rows keep a copy of the evidence sentence, which names the person.
        session.execute(delete(SignalFeedback).where(col(SignalFeedback.signal_id).in_(signal_ids)))
        session.execute(update(Interaction).where(col(Interaction.signal_id).in_(signal_ids)).values(signal_id=None))
    interaction_ids = list(session.exec(select(Interaction.id).where(Interaction.contact_id == contact_id)).all())
    if interaction_ids:
        session.execute(update(FollowUp).where(col(FollowUp.interaction_id).in_(interaction_ids))
                        .values(interaction_id=None))
    counts: dict[str, int | str] = {"contact": name}
    for label, model in _OWNED:
        result = session.execute(delete(model).where(model.contact_id == contact_id))
        counts[label] = result.rowcount or 0
    session.execute(delete(Contact).where(Contact.id == contact_id))
    # Anything of theirs loaded in this session is gone now.
    for obj in list(session.identity_map.values()):
        if getattr(obj, "contact_id", None) == contact_id or (isinstance(obj, Contact) and obj.id == contact_id):
            session.expunge(obj)
    session.flush()
    return counts
