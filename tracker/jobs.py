"""Job-board snapshots: open roles with first/last seen, one JobSnapshot per crawl, surge and new-team signals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from tracker import hiring
from tracker.errors import UserError
from tracker.ingest import as_utc, store_signal
from tracker.models import JobPosting, JobSnapshot, Signal, Source

MAX_FIELD_CHARS = 300  # a title or location is a line, never a page


@dataclass(frozen=True)
class RawPosting:
    """One open role as a crawler reads it from a job board: raw facts only."""

    external_id: str
    title: str
    department: str = ""
    location: str = ""
    url: str = ""
    published: datetime | None = None


@dataclass
class JobIngestResult:
    """What one snapshot ingest did."""

    snapshot_id: int | None
    open_roles: int
    new_postings: int = 0
    closed_postings: int = 0
    reopened_postings: int = 0
    new_signals: int = 0
    signal_kinds: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """A plain dict for JSON output and crawl statistics."""
        return asdict(self)


def ingest_job_snapshot(*, session: Session, source_id: int, postings: Sequence[RawPosting],
                        now: datetime) -> JobIngestResult:
    """Record the board's open roles at `now` and derive signals; ingesting the same snapshot twice changes nothing."""
    source = session.get(Source, source_id)
    if source is None:
        raise UserError(f"no source with id {source_id}")
    now = as_utc(now)
    current = _unique(postings)
    result = JobIngestResult(snapshot_id=None, open_roles=len(current))
    _update_postings(session=session, source=source, current=current, now=now, result=result)
    history = _history(session=session, source_id=source_id, now=now)
    snapshot = _snapshot(session=session, source_id=source_id, current=current, now=now)
    result.snapshot_id = snapshot.id
    if source.company_id is not None:
        _derive_signals(session=session, source=source, snapshot=snapshot, history=history, now=now, result=result)
    source.items_found = len(current)
    session.add(source)
    session.flush()
    return result


def ingest_unchanged_board(*, session: Session, source_id: int, now: datetime) -> JobIngestResult:
    """The board answered 304 (not modified): every role still open is seen again at `now`."""
    open_rows = session.exec(select(JobPosting).where(JobPosting.source_id == source_id,
                                                      col(JobPosting.closed_at).is_(None)))
    postings = [RawPosting(external_id=p.external_id, title=p.title, department=p.department, location=p.location,
                           url=p.url) for p in open_rows]
    return ingest_job_snapshot(session=session, source_id=source_id, postings=postings, now=now)


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())[:MAX_FIELD_CHARS]


def _unique(postings: Sequence[RawPosting]) -> dict[str, RawPosting]:
    # Boards list a role once per location on some plans; one id is one role.
    unique: dict[str, RawPosting] = {}
    for raw in postings:
        key = _clean(str(raw.external_id))
        if key and key not in unique:
            unique[key] = RawPosting(external_id=key, title=_clean(raw.title), department=_clean(raw.department),
                                     location=_clean(raw.location), url=(raw.url or "").strip()[:2000],
                                     published=raw.published)
    return unique


_ROW = (JobPosting.id, JobPosting.external_id, JobPosting.title, JobPosting.department, JobPosting.location,
        JobPosting.url, JobPosting.company_id, JobPosting.last_seen, JobPosting.closed_at)
_CHUNK = 500  # ids per UPDATE ... WHERE id IN (...)


def _update_postings(*, session: Session, source: Source, current: dict[str, RawPosting], now: datetime,
                     result: JobIngestResult) -> None:
    # Plain rows and bulk statements: a big board is thousands of roles, touched on every crawl.
    rows = {r.external_id: r for r in session.exec(select(*_ROW).where(JobPosting.source_id == source.id))}
    inserts, changed, seen, closed = [], [], [], []
    for key, raw in current.items():
        row = rows.get(key)
        if row is None:
            inserts.append({"source_id": source.id, "company_id": source.company_id, "external_id": key,
                            "title": raw.title, "department": raw.department, "location": raw.location,
                            "url": raw.url, "first_seen": now, "last_seen": now, "closed_at": None})
            continue
        reopened = row.closed_at is not None and as_utc(row.closed_at) <= now
        result.reopened_postings += int(reopened)
        fields = {"title": raw.title, "department": raw.department, "location": raw.location,
                  "url": raw.url or row.url, "company_id": source.company_id}
        if reopened or any(getattr(row, name) != value for name, value in fields.items()):
            changed.append({"id": row.id, **fields, "closed_at": None if reopened else row.closed_at,
                            "last_seen": max(as_utc(row.last_seen), now)})
        elif as_utc(row.last_seen) < now:
            seen.append(row.id)
    for key, row in rows.items():
        # A role missing from a later snapshot has closed; an older snapshot replayed closes nothing.
        if key not in current and row.closed_at is None and as_utc(row.last_seen) < now:
            closed.append(row.id)
    if inserts:
        session.execute(insert(JobPosting), inserts)
    if changed:
        session.execute(update(JobPosting), changed)  # ORM bulk UPDATE by primary key
    for ids, values in ((seen, {"last_seen": now}), (closed, {"closed_at": now})):
        for i in range(0, len(ids), _CHUNK):
            session.execute(update(JobPosting).where(col(JobPosting.id).in_(ids[i:i + _CHUNK])).values(**values)
                            .execution_options(synchronize_session=False))
    # Rows the caller already loaded must not show the old values.
    for obj in list(session.identity_map.values()):
        if isinstance(obj, JobPosting):
            session.expire(obj)
    result.new_postings, result.closed_postings = len(inserts), len(closed)
    session.flush()


def _history(*, session: Session, source_id: int, now: datetime) -> list[hiring.SnapshotView]:
    # Only the snapshots the rules can look at: a board crawled daily for years has thousands.
    since = now - timedelta(days=max(hiring.NEW_TEAM_LOOKBACK_DAYS, hiring.SURGE_WINDOW_DAYS))
    rows = session.exec(select(JobSnapshot).where(JobSnapshot.source_id == source_id, JobSnapshot.taken_at >= since)
                        .order_by(col(JobSnapshot.taken_at)))
    return [_view(row) for row in rows if as_utc(row.taken_at) < now]


def _view(row: JobSnapshot) -> hiring.SnapshotView:
    return hiring.SnapshotView(taken_at=as_utc(row.taken_at), open_roles=row.open_roles,
                               departments=dict(row.departments), locations=dict(row.locations))


def _snapshot(*, session: Session, source_id: int, current: dict[str, RawPosting], now: datetime) -> JobSnapshot:
    departments = hiring.count_by(p.department for p in current.values())
    locations = hiring.count_by(p.location for p in current.values())
    same_time = [row for row in session.exec(select(JobSnapshot).where(JobSnapshot.source_id == source_id,
                                                                       JobSnapshot.taken_at >= now))
                 if as_utc(row.taken_at) == now]
    snapshot = same_time[0] if same_time else JobSnapshot(source_id=source_id, taken_at=now)
    snapshot.open_roles, snapshot.departments, snapshot.locations = len(current), departments, locations
    session.add(snapshot)
    session.flush()
    return snapshot


def _derive_signals(*, session: Session, source: Source, snapshot: JobSnapshot, history: list[hiring.SnapshotView],
                    now: datetime, result: JobIngestResult) -> None:
    assert source.company_id is not None and source.id is not None
    view = _view(snapshot)
    last = _last_surge_at(session=session, source=source, now=now)
    surge = hiring.detect_surge(history=history, current=view.open_roles, now=now, last_surge_at=last)
    if surge is not None:
        facts = {"source_id": source.id, "board": source.kind, "baseline": surge.baseline,
                 "baseline_at": surge.baseline_at.isoformat(), "open_roles": surge.current,
                 "increase": surge.increase, "window_days": hiring.SURGE_WINDOW_DAYS}
        _store(session=session, source=source, kind="hiring_surge", confidence=hiring.surge_confidence(surge),
               evidence=hiring.surge_evidence(surge), facts=facts, now=now,
               key=f"job:{source.id}:hiring_surge:{now:%Y-%m-%d}", result=result)
    for team in hiring.detect_new_teams(history=history, current=view, now=now):
        facts = {"source_id": source.id, "board": source.kind, "dimension": team.dimension, "name": team.name,
                 "roles": team.roles}
        key = f"job:{source.id}:new_team:{team.dimension}:{hiring.team_key(team.name)}:{now:%Y-%m-%d}"
        _store(session=session, source=source, kind="new_team", confidence=hiring.new_team_confidence(team),
               evidence=hiring.new_team_evidence(team), facts=facts, now=now, key=key, result=result)


def _last_surge_at(*, session: Session, source: Source, now: datetime) -> datetime | None:
    # A surge recorded at this very time is this snapshot's own (a replay), not an earlier surge.
    rows = session.exec(select(Signal.occurred_at).where(
        Signal.kind == "hiring_surge", col(Signal.dedup_key).startswith(f"job:{source.id}:hiring_surge:")))
    earlier = [as_utc(at) for at in rows if as_utc(at) < now]
    return max(earlier, default=None)


def _store(*, session: Session, source: Source, kind: str, confidence: float, evidence: str, facts: dict,
           now: datetime, key: str, result: JobIngestResult) -> None:
    assert source.company_id is not None
    _, created = store_signal(session=session, company_id=source.company_id, kind=kind, confidence=confidence,
                              evidence=evidence, facts=facts, occurred_at=now, now=now, dedup_key=key)
    if created:
        result.new_signals += 1
        result.signal_kinds.append(kind)
