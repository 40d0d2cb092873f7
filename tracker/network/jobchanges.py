"""Employments from a contact's records, and job changes seen between successive exports (with their signals)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import insert
from sqlmodel import Session, select

from tracker.models import EmployerMatch, Employment
from tracker.network.employers import EmployerMatcher, EmployerMatchResult, employer_key

JOB_SIGNAL_CONFIDENCE = 0.9  # the user's own export says so; only the date is approximate
SOURCE_LABELS = {"linkedin": "LinkedIn", "google": "Google Contacts", "vcard": "vCard"}
RENAME_RATIO = 90  # keys this close are a spelling fix or a rebrand, not a new job


@dataclass(frozen=True)
class RecordJob:
    """The employer one source record states (records come ordered by priority, the first is the primary)."""

    source: str
    company: str
    title: str

    @property
    def key(self) -> str:
        """The employer's comparison key ('' when the record names none)."""
        return employer_key(self.company) if self.company.strip() else ""


@dataclass(frozen=True)
class ObservedChange:
    """The primary record's employer before this import (the same record, an older export)."""

    company: str
    title: str

    @property
    def key(self) -> str:
        """The old employer's comparison key."""
        return employer_key(self.company) if self.company.strip() else ""


@dataclass
class EmploymentPlan:
    """What to do to a contact's employments: rows to create and to change, and the job moves observed."""

    creates: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[Any, dict[str, Any]]] = field(default_factory=list)  # (Employment, new values)
    joined: list[dict[str, Any]] = field(default_factory=list)  # the created rows that are a new job
    left: list[Any] = field(default_factory=list)  # the Employment rows ended by a job move


def plan_employments(*, records: Sequence[RecordJob], existing: Sequence[Any], change: ObservedChange | None,
                     today: date, same_employer: Callable[[str, str], bool]) -> EmploymentPlan:
    """Plan a contact's employments: the primary record's employer is current; a move ends the old job (pure)."""
    plan = EmploymentPlan()
    primary = next((r for r in records if r.key), None)
    currents = [e for e in existing if e.is_current]
    observed = change is not None and records and change.key != records[0].key
    kept: Any = None
    if primary is not None:
        kept = next((e for e in currents if e.employer_key == primary.key), None)
        if kept is None and observed and change.key and same_employer(change.company, primary.company):
            kept = next((e for e in currents if e.employer_key == change.key), None)
            observed = False  # renamed or re-spelled, still the same job
        if kept is not None:
            values = {"employer_name": primary.company, "employer_key": primary.key, "title": primary.title}
            values = {k: v for k, v in values.items() if getattr(kept, k) != v}
            if values:
                plan.updates.append((kept, values))
        else:
            started = observed and primary is records[0]  # only the record that moved dates the new job
            row = {"employer_name": primary.company, "employer_key": primary.key, "title": primary.title,
                   "is_current": True, "started_on": today if started else None, "ended_on": None,
                   "source": primary.source}
            plan.creates.append(row)
            if started:
                plan.joined.append(row)
    for employment in currents:
        if employment is kept:
            continue
        moved = bool(observed and change.key and employment.employer_key == change.key)
        plan.updates.append((employment, {"is_current": False, "ended_on": today if moved else None}))
        if moved:
            plan.left.append(employment)
    known = ({e.employer_key for e in existing} | {row["employer_key"] for row in plan.creates}
             | {values["employer_key"] for _, values in plan.updates if "employer_key" in values})
    for record in records:
        # Another source naming another employer: most likely where they worked before (no dates known).
        if record.key and record.key not in known:
            known.add(record.key)
            plan.creates.append({"employer_name": record.company, "employer_key": record.key, "title": record.title,
                                 "is_current": False, "started_on": None, "ended_on": None, "source": record.source})
    return plan


class EmployerLinker:
    """Employer string -> target company id, through B2's matcher; near-misses are kept for the review list."""

    def __init__(self, *, session: Session, matcher: EmployerMatcher) -> None:
        self.session, self.matcher = session, matcher
        self._produced: dict[tuple[str, int], tuple[str, EmployerMatchResult]] = {}

    def company_id(self, employer: str, emails: Sequence[str] = ()) -> int | None:
        """The linked target company for an employer, or None."""
        result = self.matcher.match(employer, email=self.matcher.work_email(list(emails)))
        if result.company_id is not None and result.status in ("auto", "suggested"):
            pair = (employer_key(employer), result.company_id)
            if pair not in self._produced or result.score > self._produced[pair][1].score:
                self._produced[pair] = (employer, result)
        return result.company_id if result.linked else None

    def save_reviews(self) -> int:
        """Remember this import's automatic and suggested matches (never over a user's decision); bulk."""
        if not self._produced:
            return 0
        existing = {(r.employer_key, r.company_id): r for r in self.session.exec(select(EmployerMatch)).all()}
        rows = []
        for pair, (employer, result) in self._produced.items():
            row = existing.get(pair)
            if row is None:
                rows.append({"employer_key": pair[0], "employer_name": employer.strip(), "company_id": pair[1],
                             "score": result.score, "method": result.method, "status": result.status,
                             "decided_at": None})
            elif row.status in ("auto", "suggested") and (row.score, row.method, row.status) != (
                    result.score, result.method, result.status):
                row.score, row.method, row.status = result.score, result.method, result.status
                self.session.add(row)
        if rows:
            self.session.execute(insert(EmployerMatch.__table__), rows)
        self._produced.clear()
        self.session.flush()
        return len(rows)

    def same_employer(self, old: str, new: str) -> bool:
        """True when two employer strings name the same employer (a fix of spelling or the same target)."""
        old_key, new_key = employer_key(old), employer_key(new)
        if old_key == new_key or fuzz.ratio(old_key, new_key) >= RENAME_RATIO:
            return True
        old_id, new_id = self.company_id(old), self.company_id(new)
        return old_id is not None and old_id == new_id


def apply_plan(*, session: Session, contact_id: int, plan: EmploymentPlan, linker: EmployerLinker,
               emails: Sequence[str], now: datetime) -> list[Employment]:
    """Write a plan for an existing contact (ORM rows); returns the employments created."""
    for employment, values in plan.updates:
        for attr, value in values.items():
            setattr(employment, attr, value)
        if "employer_name" in values:
            employment.company_id = linker.company_id(employment.employer_name, emails)
        session.add(employment)
    created = [Employment(contact_id=contact_id, company_id=linker.company_id(row["employer_name"], emails),
                          created_at=now, **row) for row in plan.creates]
    session.add_all(created)
    return created


def job_signals(*, session: Session, contact_id: int, name: str, plan: EmploymentPlan,
                created: Sequence[Employment], now: datetime, source: str) -> int:
    """Store contact_left / contact_joined signals for the target companies of a job move; returns how many new."""
    from tracker.ingest import store_signal  # the one place signals are created (C1)

    day = now.date().isoformat()
    old = plan.left[0] if plan.left else None
    new = next((e for e in created if e.is_current and e.started_on is not None), None)
    moves = []
    if old is not None and old.company_id is not None:
        moves.append(("left", old))
    if new is not None and new.company_id is not None:
        moves.append(("joined", new))
    count = 0
    for kind, employment in moves:
        before, after = (old.employer_name if old else ""), (new.employer_name if new else "")
        move = f"moved from {before} to {after}" if before and after else (
            f"left {before}" if before else f"joined {after}")
        title = f" as {new.title}" if kind == "joined" and new is not None and new.title else ""
        label = SOURCE_LABELS.get(source, source)
        evidence = f"{name} {move}{title} (seen in the {label} export imported on {day})."
        facts = {"contact_id": contact_id, "contact": name, "from": before or None, "to": after or None,
                 "title": new.title if new is not None else None,
                 "previous_title": old.title if old is not None else None, "source": source}
        _, is_new = store_signal(
            session=session, company_id=employment.company_id, kind=f"contact_{kind}",
            confidence=JOB_SIGNAL_CONFIDENCE, evidence=evidence, facts=facts, occurred_at=now, now=now,
            dedup_key=f"job:{contact_id}:{employment.company_id}:{kind}:{day}", contact_id=contact_id,
        )
        count += int(is_new)
    return count
