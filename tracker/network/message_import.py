"""LinkedIn messages.csv -> Interaction rows: one per contact, conversation and day (bodies only when asked)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from tracker.models import Contact, FollowUp, Interaction
from tracker.names import normalize_person_name
from tracker.network.followups import close_followups
from tracker.network.formats import MessageRecord, ParsedFile, Skipped

if TYPE_CHECKING:
    from tracker.network.importer import ContactImportSummary

SOURCE = "linkedin-messages"
Person = tuple[str, str | None]  # (name, profile URL)


def person_id(person: Person) -> str:
    """How a message participant is told apart: the profile URL, else the normalised name."""
    name, url = person
    return url or "name:" + normalize_person_name(name)


def find_owner(messages: list[MessageRecord], known: set[str]) -> str | None:
    """The export's owner: the participant in the most conversations (a known contact only if nobody else fits)."""
    conversations: dict[str, set[str]] = {}
    for message in messages:
        for person in (message.sender, *message.recipients):
            conversations.setdefault(person_id(person), set()).add(message.conversation_id)
    if not conversations:
        return None
    ranked = sorted(conversations, key=lambda p: (-len(conversations[p]), p in known, p))
    return ranked[0]


@dataclass
class _Day:
    """The messages with one contact in one conversation on one day."""

    contact_id: int
    first_at: datetime
    directions: set[str] = field(default_factory=set)
    count: int = 0
    subjects: list[str] = field(default_factory=list)
    bodies: list[str] = field(default_factory=list)

    def note(self, keep_bodies: bool) -> str:
        """A short note (and the bodies when the user asked to keep them)."""
        text = f"{self.count} LinkedIn message{'s' if self.count != 1 else ''}"
        subject = next((s for s in self.subjects if s), "")
        if subject:
            text += f": {subject}"
        if keep_bodies and any(self.bodies):
            text += "\n\n" + "\n---\n".join(b for b in self.bodies if b)
        return text

    @property
    def direction(self) -> str:
        """sent, received or both."""
        return "both" if len(self.directions) > 1 else next(iter(self.directions))


def _contact_lookup(session: Session) -> tuple[dict[str, int], set[str]]:
    """Contacts by profile URL and by unique normalised name (a name two contacts share identifies nobody)."""
    lookup: dict[str, int] = {}
    names: Counter[str] = Counter()
    rows = session.exec(select(Contact.id, Contact.normalized_name, Contact.linkedin_url)).all()
    for contact_id, name, url in rows:
        if url:
            lookup[url] = contact_id
        names[name] += 1
    for contact_id, name, _ in rows:
        if name and names[name] == 1:
            lookup["name:" + name] = contact_id
    return lookup, set(lookup)


def import_messages(*, session: Session, parsed: ParsedFile, now: datetime, keep_bodies: bool,
                    summary: ContactImportSummary) -> None:
    """Turn parsed messages into interactions with known contacts, idempotently (by external_key)."""
    lookup, known = _contact_lookup(session)
    messages: list[MessageRecord] = parsed.records
    owner = find_owner(messages, known)
    days: dict[str, _Day] = {}
    for message in messages:
        sender = person_id(message.sender)
        people = [message.sender, *message.recipients]
        matched = False
        for person in people:
            pid = person_id(person)
            if pid == owner:
                continue
            contact_id = lookup.get(pid) or lookup.get("name:" + normalize_person_name(person[0]))
            if contact_id is None:
                continue
            matched = True
            key = f"li-msg:{message.conversation_id}:{pid}:{message.sent_at.date().isoformat()}"
            day = days.get(key)
            if day is None:
                day = days[key] = _Day(contact_id, message.sent_at)
            day.first_at = min(day.first_at, message.sent_at)
            day.directions.add("sent" if sender == owner else "received")
            day.count += 1
            day.subjects.append(message.subject)
            day.bodies.append(message.body)
        if not matched:
            others = ", ".join(p[0] or p[1] or "?" for p in people if person_id(p) != owner)
            summary.skipped.append(Skipped(message.line, f"no known contact among {others or 'the participants'}"))
    _write(session=session, days=days, keep_bodies=keep_bodies, summary=summary)


def _write(*, session: Session, days: dict[str, _Day], keep_bodies: bool, summary: ContactImportSummary) -> None:
    existing = {key: (iid, contact_id, direction, note, occurred) for iid, key, contact_id, direction, note, occurred
                in session.exec(select(Interaction.id, Interaction.external_key, Interaction.contact_id,
                                       Interaction.direction, Interaction.note, Interaction.occurred_at)
                                .where(Interaction.source == SOURCE)).all()}
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for key, day in days.items():
        values = {"contact_id": day.contact_id, "direction": day.direction, "note": day.note(keep_bodies),
                  "occurred_at": day.first_at}
        old = existing.get(key)
        if old is None:
            inserts.append({**values, "kind": "message", "source": SOURCE, "external_key": key})
            summary.created += 1
        elif (old[1], old[2], old[3]) != (day.contact_id, day.direction, values["note"]):
            updates.append({"id": old[0], **values})
            summary.updated += 1
        else:
            summary.unchanged += 1
    if inserts:
        session.execute(insert(Interaction.__table__), inserts)
        # A message answers the follow-ups the user had open with that person (as a logged interaction does).
        latest: dict[int, datetime] = {}
        for row in inserts:
            latest[row["contact_id"]] = max(row["occurred_at"], latest.get(row["contact_id"], row["occurred_at"]))
        waiting = set(session.exec(select(FollowUp.contact_id).where(col(FollowUp.done_at).is_(None))).all())
        for contact_id in sorted(waiting & latest.keys()):
            close_followups(session=session, contact_id=contact_id, at=latest[contact_id])
    if updates:
        session.execute(update(Interaction), updates)
        ids = {u["id"] for u in updates}
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Interaction) and obj.id in ids:
                session.expire(obj)
