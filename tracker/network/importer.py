"""Import a contacts export into the caller's transaction: records kept, people merged, job changes noticed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from tracker.models import Contact, ContactRecord, Employment
from tracker.network.employers import employer_key, load_employer_matcher
from tracker.network.formats import ParsedFile, PersonRecord, Skipped, parse_file
from tracker.network.jobchanges import (
    EmployerLinker,
    ObservedChange,
    RecordJob,
    apply_plan,
    job_signals,
    plan_employments,
)
from tracker.network.merge import ContactIndex, by_priority, contact_fields, person_key

CHUNK = 5_000  # ids per IN (...) list: well under SQLite's variable limit


@dataclass
class ContactImportSummary:
    """What an import did: every good row is created, updated or unchanged; bad rows are skipped."""

    file: str
    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    job_changes: int = 0
    signals: int = 0

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {"file": self.file, "format": self.format, "created": self.created, "updated": self.updated,
                "unchanged": self.unchanged, "skipped": [s.as_dict() for s in self.skipped],
                "job_changes": self.job_changes, "signals": self.signals}


def content_hash(data: dict[str, Any]) -> str:
    """A stable hash of a record's data: equal hashes mean nothing changed."""
    return hashlib.sha1(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def import_contacts(*, session: Session, path: Path | str, fmt: str = "auto", now: datetime,
                    keep_bodies: bool = False) -> ContactImportSummary:
    """Import one export file in the caller's transaction; importing the same file again changes nothing."""
    parsed = parse_file(path, fmt)
    summary = ContactImportSummary(file=str(path), format=parsed.fmt, skipped=list(parsed.skipped))
    if parsed.fmt == "linkedin-messages":
        from tracker.network.message_import import import_messages

        import_messages(session=session, parsed=parsed, now=now, keep_bodies=keep_bodies, summary=summary)
    else:
        _PeopleImport(session=session, parsed=parsed, file_name=Path(path).name, now=now, summary=summary).run()
    session.flush()
    summary.skipped.sort(key=lambda s: s.line)
    return summary


@dataclass
class _Known:
    """An existing record of this source, as loaded in bulk."""

    id: int
    contact_id: int
    record_key: str
    content_hash: str
    data: dict[str, Any]


@dataclass
class _Fresh:
    """A record seen for the first time, in the shape contact_fields expects."""

    source: str
    data: dict[str, Any]
    last_seen: datetime


def chunks(values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` values (for IN lists)."""
    for start in range(0, len(values), size):
        yield values[start:start + size]


class _PeopleImport:
    """One import of person records: classify every row against what is known, then write in bulk."""

    def __init__(self, *, session: Session, parsed: ParsedFile, file_name: str, now: datetime,
                 summary: ContactImportSummary) -> None:
        self.session, self.parsed, self.file_name, self.now, self.summary = session, parsed, file_name, now, summary
        self.source = parsed.fmt
        self.new_contacts: dict[int, list[tuple[PersonRecord, str]]] = {}  # temporary id (< 0) -> records
        self.new_records: list[tuple[int, PersonRecord, str]] = []  # (contact id or temporary id, record, hash)
        self.changed: list[tuple[_Known, PersonRecord, str]] = []
        self.moves: dict[int, tuple[str, ObservedChange]] = {}  # contact -> (record key, its old employer)
        self.index: ContactIndex | None = None

    def run(self) -> None:
        """Classify, then write."""
        for record, known, digest in self._pair_with_known():
            self._classify(record, known, digest)
        linker = EmployerLinker(session=self.session, matcher=load_employer_matcher(session=self.session))
        ids = self._write_new_contacts(linker)
        self._write_records(ids)
        dirty = {cid for cid, _, _ in self.new_records if cid > 0} | {k.contact_id for k, _, _ in self.changed}
        self._refresh_existing(sorted(dirty), linker)
        linker.save_reviews()

    # --- classify ---------------------------------------------------------------------------------

    def _pair_with_known(self) -> list[tuple[PersonRecord, _Known | None, str]]:
        """Each record with the stored record it continues: by key, else by who it is when its key changed."""
        rows = self.session.exec(select(ContactRecord.id, ContactRecord.contact_id, ContactRecord.record_key,
                                        ContactRecord.content_hash)
                                 .where(ContactRecord.source == self.source)).all()
        known = {key: _Known(rid, cid, key, h, {}) for rid, cid, key, h in rows}
        records = self.parsed.records
        pairs: list[tuple[PersonRecord, _Known | None, str]] = [
            (r, known.get(r.record_key), content_hash(r.data())) for r in records]
        present = {r.record_key for r in records}
        gone = [k for k in known.values() if k.record_key not in present]
        # Stored data is read only where it is needed: records whose content changed, and records whose key
        # is gone from this file (an unchanged re-import reads none).
        self._load_data([k for _, k, digest in pairs if k is not None and k.content_hash != digest] + gone)
        # A key changes when an export gains a column (LinkedIn's URL), an email or a UID. A stored record
        # whose key is gone from this file, and the only one of its source for that person, is the same entry.
        orphans: dict[tuple[str, str | None], list[_Known]] = {}
        for k in gone:
            orphans.setdefault(self._identity(k.data), []).append(k)
        for i, (record, match, digest) in enumerate(pairs):
            if match is None and orphans:
                candidates = orphans.get(self._identity(record.data()), [])
                if len(candidates) == 1:
                    pairs[i] = (record, candidates.pop(), digest)
        return pairs

    def _load_data(self, knowns: list[_Known]) -> None:
        by_id = {k.id: k for k in knowns}
        for part in chunks(list(by_id)):
            for rid, data in self.session.exec(select(ContactRecord.id, ContactRecord.data)
                                               .where(col(ContactRecord.id).in_(part))).all():
                by_id[rid].data = data or {}

    def _identity(self, data: dict[str, Any]) -> tuple[str, str | None]:
        """Who a record is within its source: the name, and for LinkedIn the date of connecting."""
        name = person_key(data.get("full_name") or "")
        return name, data.get("connected_on") if self.source == "linkedin" else None

    def _classify(self, record: PersonRecord, known: _Known | None, digest: str) -> None:
        if known is not None:
            if known.content_hash == digest and known.record_key == record.record_key:
                self.summary.unchanged += 1
                return
            self.summary.updated += 1
            self.changed.append((known, record, digest))
            old_company = known.data.get("company") or ""
            if _key(old_company) != _key(record.company):
                change = ObservedChange(old_company, known.data.get("title") or "")
                self.moves[known.contact_id] = (record.record_key, change)
            return
        if self.index is None:
            # Loaded only when some record is new: an unchanged re-import never pays for it.
            self.index = ContactIndex.load(session=self.session)
        key = _key(record.company)
        contact_id = self.index.find(url=record.linkedin_url, emails=record.emails, name=record.full_name,
                                     employer_key=key)
        if contact_id is None:
            contact_id = -(len(self.new_contacts) + 1)
            self.new_contacts[contact_id] = []
            self.summary.created += 1
        else:
            self.summary.updated += 1
        if contact_id < 0:
            self.new_contacts[contact_id].append((record, digest))
        self.new_records.append((contact_id, record, digest))
        self.index.add(contact_id, url=record.linkedin_url, emails=record.emails, name=record.full_name,
                       employer_keys=[key])

    # --- write -------------------------------------------------------------------------------------

    def _write_new_contacts(self, linker: EmployerLinker) -> dict[int, int]:
        """Insert the new contacts and their employments in bulk; returns temporary id -> real id."""
        temp_ids = list(self.new_contacts)
        if not temp_ids:
            return {}
        rows = []
        for i, temp in enumerate(temp_ids):
            fields = contact_fields([_Fresh(self.source, r.data(), self.now) for r, _ in self.new_contacts[temp]])
            # One microsecond apart: RETURNING gives rows in no promised order (SQLite), and sorting by
            # created_at tells which id went to which row, without a statement per row.
            created = self.now + timedelta(microseconds=i)
            rows.append({**fields, "closeness": None, "tags": [], "cadence_days": None, "created_at": created,
                         "updated_at": self.now})
        ids: dict[int, int] = {}
        table = Contact.__table__
        for temps, part in zip(chunks(temp_ids), chunks(rows), strict=True):
            returned = self.session.execute(insert(table).returning(table.c.id, table.c.created_at), part).all()
            ids.update(zip(temps, [cid for cid, _ in sorted(returned, key=lambda r: r[1])], strict=True))
        employments = []
        for temp in temp_ids:
            records = self.new_contacts[temp]
            jobs = [RecordJob(self.source, r.company, r.title) for r, _ in records]
            emails = [e for r, _ in records for e in r.emails]
            plan = plan_employments(records=jobs, existing=[], change=None, today=self.now.date(),
                                    same_employer=linker.same_employer)
            for row in plan.creates:
                employments.append({**row, "contact_id": ids[temp], "created_at": self.now,
                                    "company_id": linker.company_id(row["employer_name"], emails)})
        for part in chunks(employments):
            self.session.execute(insert(Employment.__table__), part)
        return ids

    def _write_records(self, ids: dict[int, int]) -> None:
        rows = [{"contact_id": ids.get(cid, cid), "source": self.source, "record_key": record.record_key,
                 "data": record.data(), "content_hash": digest, "file_name": self.file_name,
                 "first_seen": self.now, "last_seen": self.now} for cid, record, digest in self.new_records]
        for part in chunks(rows):
            self.session.execute(insert(ContactRecord.__table__), part)
        updates = [{"id": known.id, "record_key": record.record_key, "data": record.data(), "content_hash": digest,
                    "file_name": self.file_name, "last_seen": self.now} for known, record, digest in self.changed]
        for part in chunks(updates):
            self.session.execute(update(ContactRecord), part)
        if updates:
            _expire(self.session, ContactRecord, {u["id"] for u in updates})

    def _refresh_existing(self, contact_ids: list[int], linker: EmployerLinker) -> None:
        """Recompute known contacts that gained or changed a record; notice job moves and signal them."""
        for part in chunks(contact_ids):
            contacts = self.session.exec(select(Contact).where(col(Contact.id).in_(part))).all()
            records = _group(self.session.exec(select(ContactRecord).where(col(ContactRecord.contact_id).in_(part))))
            jobs = _group(self.session.exec(select(Employment).where(col(Employment.contact_id).in_(part))
                                            .order_by(Employment.id)))
            for contact in contacts:
                self._refresh_one(contact, by_priority(records.get(contact.id, [])), jobs.get(contact.id, []), linker)
        self.session.flush()

    def _refresh_one(self, contact: Contact, records: list[ContactRecord], employments: list[Employment],
                     linker: EmployerLinker) -> None:
        fields = contact_fields(records)
        changed = {k: v for k, v in fields.items() if getattr(contact, k) != v}
        if changed:
            for attr, value in changed.items():
                setattr(contact, attr, value)
            contact.updated_at = self.now
            self.session.add(contact)
        move = self.moves.get(contact.id)
        # Only the primary record's move dates a job change (the others are older or less reliable).
        primary = (records[0].source, records[0].record_key) if records else None
        change = move[1] if move and primary == (self.source, move[0]) else None
        plan = plan_employments(
            records=[RecordJob(r.source, (r.data or {}).get("company", ""), (r.data or {}).get("title", ""))
                     for r in records],
            existing=employments, change=change, today=self.now.date(), same_employer=linker.same_employer)
        created = apply_plan(session=self.session, contact_id=contact.id, plan=plan, linker=linker,
                             emails=contact.emails, now=self.now)
        if plan.left or plan.joined:
            self.summary.job_changes += 1
            self.session.flush()
            self.summary.signals += job_signals(session=self.session, contact_id=contact.id, name=contact.full_name,
                                                plan=plan, created=created, now=self.now, source=self.source)


def _key(company: str) -> str:
    return employer_key(company) if company and company.strip() else ""


def _group(rows: Iterable[Any]) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in rows:
        grouped.setdefault(row.contact_id, []).append(row)
    return grouped


def _expire(session: Session, model: type, ids: set[int]) -> None:
    """Bulk updates bypass the session: expire any loaded copies so they are read again."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, model) and obj.id in ids:
            session.expire(obj)
