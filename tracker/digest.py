"""The digest: a period's new signals by company with whom to ask, follow-ups due, and network job changes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, select

from tracker.events import event_key, group_events
from tracker.models import Article, Company, Contact, Signal
from tracker.scoring import describe

JOB_CHANGE_KINDS = ("contact_joined", "contact_left")
PEOPLE_PER_COMPANY = 3
SIGNALS_PER_COMPANY = 8
HOTTEST = 5


@dataclass(frozen=True)
class SignalLine:
    """One new signal as the digest shows it."""

    id: int
    kind: str
    label: str
    positive: bool
    text: str
    evidence: str
    occurred_at: datetime
    url: str | None
    title: str
    more_urls: tuple[str, ...] = ()  # other outlets that reported the same event


@dataclass(frozen=True)
class PersonLine:
    """Someone to ask about a company, with why and what."""

    name: str
    relation: str
    title: str
    reasons: tuple[str, ...]
    suggested_ask: str


@dataclass(frozen=True)
class CompanySection:
    """A company with new signals in the period."""

    id: int
    name: str
    heat: float
    heat_parts: tuple[str, ...]
    signals: tuple[SignalLine, ...]
    more_signals: int
    people: tuple[PersonLine, ...]


@dataclass(frozen=True)
class JobChange:
    """A contact who joined or left a watchlist company."""

    contact: str
    company: str
    joined: bool
    occurred_at: datetime
    evidence: str


@dataclass(frozen=True)
class Digest:
    """Everything one digest says, ready to render."""

    since: datetime
    now: datetime
    companies: tuple[CompanySection, ...]
    job_changes: tuple[JobChange, ...]
    followups: tuple[dict[str, Any], ...]
    hottest: tuple[dict[str, Any], ...] = field(default=())

    @property
    def signal_count(self) -> int:
        """How many new signals the digest reports (shown and summarised)."""
        return sum(len(c.signals) + c.more_signals for c in self.companies)

    @property
    def is_empty(self) -> bool:
        """True when there is nothing new to tell."""
        return not (self.companies or self.job_changes or self.followups)

    def subject(self) -> str:
        """The e-mail subject line."""
        bits = [f"{self.signal_count} new signal{'s' * (self.signal_count != 1)}"
                f" at {len(self.companies)} compan{'ies' if len(self.companies) != 1 else 'y'}"]
        if self.job_changes:
            bits.append(f"{len(self.job_changes)} job change{'s' * (len(self.job_changes) != 1)}")
        if self.followups:
            bits.append(f"{len(self.followups)} follow-up{'s' * (len(self.followups) != 1)} due")
        return f"Hidden job market digest since {self.since:%Y-%m-%d}: " + ", ".join(bits)


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _kind_info(kind: str) -> tuple[str, bool]:
    from tracker.signals.taxonomy import KINDS

    info = KINDS.get(kind)
    return (info.label, info.positive) if info else (kind.replace("_", " ").capitalize(), True)


def new_signals(*, session: Session, since: datetime, now: datetime) -> list[tuple[Signal, Article | None]]:
    """Company signals detected in (since, now], wrong ones dropped, corrections applied, newest first."""
    stmt = (
        select(Signal, Article)
        .join(Article, Article.id == Signal.article_id, isouter=True)
        .where(Signal.detected_at > since, Signal.detected_at <= now, Signal.kind.not_in(JOB_CHANGE_KINDS))
        .where((Signal.wrong == False) | (Signal.corrected_kind != None))  # noqa: E711,E712
        .order_by(Signal.occurred_at.desc(), Signal.id)
    )
    return list(session.exec(stmt).all())


def _signal_line(signal: Signal, article: Article | None) -> SignalLine:
    kind = signal.corrected_kind or signal.kind
    label, positive = _kind_info(kind)
    return SignalLine(
        id=signal.id, kind=kind, label=label, positive=positive, text=describe(kind, signal.facts, signal.evidence),
        evidence=signal.evidence, occurred_at=_aware(signal.occurred_at), url=article.url if article else None,
        title=article.title if article else "",
    )


def _one_line_per_event(rows: list[tuple[Signal, Article | None]], *, now: datetime) -> list[tuple[int, SignalLine]]:
    """One line per event (tracker.events: one story, or the same facts reported within a week), in row order,
    listing every outlet's link; the first (newest) report speaks for the event."""
    # (company, kind) as the grouping key: one line per kind of news, however many outlets ran it.
    items = [((s.company_id, s.corrected_kind or s.kind), s.corrected_kind or s.kind,
              event_key(s.corrected_kind or s.kind, s.facts),
              (now - _aware(s.occurred_at)).total_seconds() / 86400, s.story_id) for s, _ in rows]
    first: dict[int, int] = {}
    extra: dict[int, list[str]] = defaultdict(list)
    for i, label in enumerate(group_events(items)):
        lead = first.setdefault(label, i)
        url = rows[i][1].url if rows[i][1] else None
        if lead != i and url and url != (rows[lead][1].url if rows[lead][1] else None) and url not in extra[lead]:
            extra[lead].append(url)
    return [(rows[i][0].company_id, replace(_signal_line(*rows[i]), more_urls=tuple(extra[i])))
            for i in sorted(first.values())]


def _people(*, session: Session, company_id: int, now: datetime, limit: int) -> tuple[PersonLine, ...]:
    from tracker.who import who_to_ask

    rows = who_to_ask(session=session, company_id=company_id, now=now, limit=limit)
    return tuple(PersonLine(name=r["contact"], relation=r.get("relation") or "", title=r.get("title") or "",
                            reasons=tuple(r.get("reasons") or ()), suggested_ask=r.get("suggested_ask") or "")
                 for r in rows)


def company_sections(*, session: Session, since: datetime, now: datetime,
                     people: int = PEOPLE_PER_COMPANY) -> list[CompanySection]:
    """New signals grouped by company, hottest company first, each with its people to ask."""
    from tracker.queries import company_overview

    grouped: dict[int, list[SignalLine]] = defaultdict(list)
    for company_id, line in _one_line_per_event(new_signals(session=session, since=since, now=now), now=now):
        grouped[company_id].append(line)
    if not grouped:
        return []
    overview = {row["id"]: row for row in company_overview(session=session, now=now)}
    sections = []
    for company_id, lines in grouped.items():
        row = overview.get(company_id) or {"name": session.get(Company, company_id).name, "heat": 0.0,
                                           "heat_parts": []}
        sections.append(CompanySection(
            id=company_id, name=row["name"], heat=float(row["heat"]), heat_parts=tuple(row["heat_parts"]),
            signals=tuple(lines[:SIGNALS_PER_COMPANY]), more_signals=max(0, len(lines) - SIGNALS_PER_COMPANY),
            people=_people(session=session, company_id=company_id, now=now, limit=people),
        ))
    sections.sort(key=lambda s: (-s.heat, s.name.casefold()))
    return sections


def job_changes(*, session: Session, since: datetime, now: datetime) -> list[JobChange]:
    """Contacts who joined or left a watchlist company, detected in the period."""
    stmt = (
        select(Signal, Company, Contact)
        .join(Company, Company.id == Signal.company_id)
        .join(Contact, Contact.id == Signal.contact_id, isouter=True)
        .where(Signal.kind.in_(JOB_CHANGE_KINDS), Signal.detected_at > since, Signal.detected_at <= now)
        .where(Signal.wrong == False)  # noqa: E712
        .order_by(Signal.occurred_at.desc(), Signal.id)
    )
    out = []
    for signal, company, contact in session.exec(stmt).all():
        name = contact.full_name if contact else str((signal.facts or {}).get("contact") or "someone")
        out.append(JobChange(contact=name, company=company.name, joined=signal.kind == "contact_joined",
                             occurred_at=_aware(signal.occurred_at), evidence=signal.evidence))
    return out


def followups_due(*, session: Session, now: datetime) -> list[dict[str, Any]]:
    """Follow-ups due by now (B2's due_followups), as plain rows."""
    from tracker.network.followups import due_followups

    return [dict(row) for row in due_followups(session=session, now=now)]


def build_digest(*, session: Session, since: datetime, now: datetime) -> Digest:
    """Gather everything the digest for (since, now] says."""
    from tracker.queries import hottest_companies

    since, now = _aware(since), _aware(now)
    hottest = [{"name": r["name"], "heat": r["heat"], "heat_parts": list(r["heat_parts"])}
               for r in hottest_companies(session=session, now=now, limit=HOTTEST)]
    return Digest(
        since=since, now=now,
        companies=tuple(company_sections(session=session, since=since, now=now)),
        job_changes=tuple(job_changes(session=session, since=since, now=now)),
        followups=tuple(followups_due(session=session, now=now)),
        hottest=tuple(hottest),
    )
