"""One person, one contact: identity resolution, a contact's fields from its records, merge and split."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, select

from tracker.errors import UserError
from tracker.models import Contact, ContactRecord, Employment, FollowUp, Interaction, Signal
from tracker.names import normalize_person_name
from tracker.network.employers import employer_key, load_employer_matcher
from tracker.network.jobchanges import EmployerLinker, RecordJob, apply_plan, plan_employments

SOURCE_RANK = {"linkedin": 0, "google": 1, "vcard": 2}  # whose word counts when records disagree


# An import asks for the same name's key several times (find, index, fields); the fold is the slow part.
person_key = lru_cache(maxsize=65536)(normalize_person_name)


def by_priority(records: Iterable[Any]) -> list[Any]:
    """Records ordered by whose word counts: LinkedIn, then Google, then vCard; the latest seen first."""
    def rank(r: Any) -> tuple[int, float]:
        seen = r.last_seen.timestamp() if isinstance(r.last_seen, datetime) else 0.0
        return (SOURCE_RANK.get(r.source, 9), -seen)
    return sorted(records, key=rank)


def contact_fields(records: Sequence[Any]) -> dict[str, Any]:
    """A contact's own fields from its records (objects with source, data, last_seen), primary record first."""
    ordered = by_priority(records)
    datas = [r.data or {} for r in ordered]

    def first(key: str) -> Any:
        return next((d.get(key) for d in datas if d.get(key)), None)

    named = next((d for d in datas if d.get("full_name")), {})
    employed = next((d for d in datas if d.get("company")), {})
    connected = sorted(d["connected_on"] for d in datas if d.get("connected_on"))
    full_name = named.get("full_name", "")
    return {
        "full_name": full_name, "first_name": named.get("first_name", ""), "last_name": named.get("last_name", ""),
        "normalized_name": person_key(full_name),
        "emails": list(dict.fromkeys(e for d in datas for e in d.get("emails") or [])),
        "phones": list(dict.fromkeys(p for d in datas for p in d.get("phones") or [])),
        "linkedin_url": first("linkedin_url"), "headline": employed.get("title") or first("title") or "",
        "location": first("location") or "",
        "connected_on": date.fromisoformat(connected[0]) if connected else None,
    }


class ContactIndex:
    """Existing contacts by LinkedIn URL, email and (normalised name, employer), to find a record's person."""

    def __init__(self) -> None:
        self.by_url: dict[str, int] = {}
        self.by_email: dict[str, int] = {}
        self.by_name_employer: dict[tuple[str, str], set[int]] = {}

    def add(self, contact_id: int, *, url: str | None, emails: Iterable[str], name: str,
            employer_keys: Iterable[str]) -> None:
        """Index a contact (the first contact indexed under an email or URL keeps it)."""
        if url:
            self.by_url.setdefault(url, contact_id)
        for email in emails:
            self.by_email.setdefault(email.lower(), contact_id)
        name_key = person_key(name)
        if name_key:
            for key in employer_keys:
                if key:
                    self.by_name_employer.setdefault((name_key, key), set()).add(contact_id)

    def find(self, *, url: str | None, emails: Sequence[str], name: str, employer_key: str) -> int | None:
        """The contact this record describes: by profile URL, then email, then name plus employer."""
        found = self.by_url.get(url) if url else None
        found = found or next((self.by_email[e.lower()] for e in emails if e.lower() in self.by_email), None)
        if found is None and employer_key:
            same = self.by_name_employer.get((person_key(name), employer_key), set())
            # Two people of one name at one employer (a split the user made, or namesakes): ask nobody's guess.
            found = next(iter(same)) if len(same) == 1 else None
        return found

    @classmethod
    def load(cls, *, session: Session) -> ContactIndex:
        """Index every contact in the database (two queries)."""
        index = cls()
        employers: dict[int, list[str]] = {}
        for contact_id, key in session.exec(select(Employment.contact_id, Employment.employer_key)).all():
            employers.setdefault(contact_id, []).append(key)
        rows = session.exec(select(Contact.id, Contact.full_name, Contact.emails, Contact.linkedin_url)).all()
        for contact_id, name, emails, url in rows:
            index.add(contact_id, url=url, emails=emails or [], name=name, employer_keys=employers.get(contact_id, []))
        return index


# --- merge and split -------------------------------------------------------------------------------


def records_of(*, session: Session, contact_id: int) -> list[ContactRecord]:
    """A contact's source records, primary first."""
    return by_priority(session.exec(select(ContactRecord).where(ContactRecord.contact_id == contact_id)).all())


def refresh_contact(*, session: Session, contact: Contact, now: datetime) -> Contact:
    """Recompute a contact's fields and employments from its records (after a merge or split)."""
    records = records_of(session=session, contact_id=contact.id)
    if records:
        for attr, value in contact_fields(records).items():
            setattr(contact, attr, value)
    contact.updated_at = now
    session.add(contact)
    employments = list(session.exec(select(Employment).where(Employment.contact_id == contact.id)
                                    .order_by(Employment.id)).all())
    seen: set[tuple[str, bool, Any]] = set()
    for employment in employments[:]:
        # Two merged people who worked at the same place leave the same job twice.
        key = (employment.employer_key, employment.is_current, employment.ended_on)
        if key in seen:
            session.delete(employment)
            employments.remove(employment)
        seen.add(key)
    jobs = [RecordJob(r.source, (r.data or {}).get("company", ""), (r.data or {}).get("title", "")) for r in records]
    linker = EmployerLinker(session=session, matcher=load_employer_matcher(session=session))
    plan = plan_employments(records=jobs, existing=employments, change=None, today=now.date(),
                            same_employer=linker.same_employer)
    apply_plan(session=session, contact_id=contact.id, plan=plan, linker=linker, emails=contact.emails, now=now)
    linker.save_reviews()
    session.flush()
    return contact


_OWNED = (ContactRecord, Employment, Interaction, FollowUp, Signal)  # rows that belong to one contact


def merge_contacts(*, session: Session, keep_id: int, other_id: int, now: datetime) -> Contact:
    """Merge contact `other_id` into `keep_id`: records, jobs, interactions, follow-ups and signals move over."""
    if keep_id == other_id:
        raise UserError("cannot merge a contact with itself")
    keep, other = session.get(Contact, keep_id), session.get(Contact, other_id)
    if keep is None or other is None:
        raise UserError(f"no contact with id {other_id if keep else keep_id}")
    session.flush()
    for model in _OWNED:
        session.execute(update(model).where(model.contact_id == other_id).values(contact_id=keep_id))
    session.expire_all()
    keep, other = session.get(Contact, keep_id), session.get(Contact, other_id)
    keep.closeness = max((c for c in (keep.closeness, other.closeness) if c is not None), default=None)
    keep.tags = sorted(set(keep.tags) | set(other.tags))
    cadences = [c for c in (keep.cadence_days, other.cadence_days) if c]
    keep.cadence_days = min(cadences) if cadences else None
    keep.created_at = min(keep.created_at, other.created_at)
    session.delete(other)
    session.flush()
    return refresh_contact(session=session, contact=keep, now=now)


def split_contact(*, session: Session, contact_id: int, record_id: int | None = None,
                  now: datetime) -> list[Contact]:
    """Undo a wrong merge: each record becomes its own contact (or only `record_id` moves out); remembered."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise UserError(f"no contact with id {contact_id}")
    records = records_of(session=session, contact_id=contact_id)
    if len(records) < 2:
        raise UserError(f"contact {contact_id} ({contact.full_name}) has only one source record: nothing to split")
    if record_id is not None:
        moving = [r for r in records if r.id == record_id]
        if not moving:
            ids = ", ".join(str(r.id) for r in records)
            raise UserError(f"record {record_id} is not one of contact {contact_id}'s records ({ids})")
    else:
        moving = records[1:]  # the primary record stays with the contact (and its interactions and tags)
    staying = [r for r in records if r not in moving]
    employments = session.exec(select(Employment).where(Employment.contact_id == contact_id)).all()
    created: list[Contact] = []
    for record in moving:
        fields = contact_fields([record])
        new = Contact(**fields, created_at=now, updated_at=now)
        session.add(new)
        session.flush()
        record.contact_id = new.id
        session.add(record)
        company_key = _employer_key((record.data or {}).get("company", ""))
        same_source_left = any(r.source == record.source for r in staying)
        for employment in employments:
            if employment.contact_id != contact_id:
                continue
            if (employment.source == record.source and not same_source_left) or employment.employer_key == company_key:
                employment.contact_id = new.id
                session.add(employment)
        created.append(new)
    session.flush()
    for each in [contact, *created]:
        refresh_contact(session=session, contact=each, now=now)
    return created


def _employer_key(company: str) -> str:
    return employer_key(company) if company.strip() else ""
