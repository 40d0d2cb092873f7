"""Job-board snapshots in the database: postings first/last seen and closed, snapshots, signals once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tracker.errors import UserError
from tracker.jobs import RawPosting, ingest_job_snapshot
from tracker.models import Company, JobPosting, JobSnapshot, Signal, Source

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def role(n: int, department: str = "Engineering", location: str = "Denver, United States") -> RawPosting:
    return RawPosting(external_id=f"job-{n}", title=f"Fictional Role {n}", department=department,
                      location=location, url=f"https://jobs.example/quillfeather/{n}")


V1 = [role(n) for n in range(5)] + [role(n, "Sales", "Remote") for n in range(5, 8)]
# two roles closed, nine new: three in a new department, two in a new city
V2 = [r for r in V1 if r.external_id not in {"job-3", "job-7"}] + \
    [role(n, "Perception Research", "Lisbon, Portugal") for n in (100, 101)] + \
    [role(102, "Perception Research")] + [role(n) for n in range(103, 107)] + [role(n, "Sales", "Remote")
                                                                              for n in (107, 108)]


@pytest.fixture
def source_id(session: Session) -> int:
    company = Company(name="Quillfeather Robotics", normalized_name="quillfeather robotics",
                      domain="quillfeather.example")
    session.add(company)
    session.flush()
    source = Source(url="https://boards-api.greenhouse.io/v1/boards/quillfeather/jobs", kind="greenhouse",
                    company_id=company.id)
    session.add(source)
    session.commit()
    return source.id


def counts(session: Session) -> tuple[int, int, int]:
    return (len(session.exec(select(JobPosting)).all()), len(session.exec(select(JobSnapshot)).all()),
            len(session.exec(select(Signal)).all()))


def test_successive_snapshots_give_surge_and_new_teams_exactly_once(session: Session, source_id: int) -> None:
    first = ingest_job_snapshot(session=session, source_id=source_id, postings=V1, now=T0)
    session.commit()
    assert (first.open_roles, first.new_postings, first.new_signals) == (8, 8, 0)

    later = T0 + timedelta(days=7)
    second = ingest_job_snapshot(session=session, source_id=source_id, postings=V2, now=later)
    session.commit()
    assert (second.open_roles, second.new_postings, second.closed_postings) == (15, 9, 2)
    assert sorted(second.signal_kinds) == ["hiring_surge", "new_team", "new_team"]

    signals = {(s.kind, s.facts.get("name")): s for s in session.exec(select(Signal)).all()}
    surge = signals[("hiring_surge", None)]
    assert surge.facts["baseline"] == 8 and surge.facts["open_roles"] == 15
    assert "from 8 to 15" in surge.evidence
    assert surge.dedup_key == f"job:{source_id}:hiring_surge:2026-03-08"
    team = signals[("new_team", "Perception Research")]
    assert team.facts["dimension"] == "department" and team.facts["roles"] == 3
    assert signals[("new_team", "Lisbon, Portugal")].facts["dimension"] == "location"
    assert all(s.company_id is not None and s.occurred_at is not None for s in signals.values())

    # the same snapshot again: nothing changes
    before = counts(session)
    replay = ingest_job_snapshot(session=session, source_id=source_id, postings=V2, now=later)
    session.commit()
    assert replay.new_signals == 0 and replay.new_postings == 0 and counts(session) == before

    # later crawls of the same board, even growing further within the month: no second surge or team
    third = ingest_job_snapshot(session=session, source_id=source_id, postings=V2 + [role(200), role(201)],
                                now=later + timedelta(days=2))
    session.commit()
    assert third.new_signals == 0
    assert len(session.exec(select(Signal)).all()) == 3


def test_postings_keep_first_seen_extend_last_seen_and_close(session: Session, source_id: int) -> None:
    ingest_job_snapshot(session=session, source_id=source_id, postings=V1, now=T0)
    ingest_job_snapshot(session=session, source_id=source_id, postings=V2, now=T0 + timedelta(days=7))
    session.commit()
    rows = {p.external_id: p for p in session.exec(select(JobPosting)).all()}
    kept, closed, new = rows["job-0"], rows["job-3"], rows["job-100"]
    assert kept.first_seen.replace(tzinfo=UTC) == T0 and kept.last_seen.replace(tzinfo=UTC) == T0 + timedelta(days=7)
    assert closed.closed_at is not None and closed.closed_at.replace(tzinfo=UTC) == T0 + timedelta(days=7)
    assert closed.last_seen.replace(tzinfo=UTC) == T0
    assert new.first_seen.replace(tzinfo=UTC) == T0 + timedelta(days=7) and new.department == "Perception Research"
    assert all(p.company_id is not None for p in rows.values())

    # a closed role that comes back is open again
    again = ingest_job_snapshot(session=session, source_id=source_id, postings=V2 + [role(3)],
                                now=T0 + timedelta(days=8))
    session.commit()
    assert again.reopened_postings == 1
    assert session.exec(select(JobPosting).where(JobPosting.external_id == "job-3")).one().closed_at is None


def test_snapshots_record_counts_by_department_and_location(session: Session, source_id: int) -> None:
    ingest_job_snapshot(session=session, source_id=source_id, postings=V1 + [V1[0]], now=T0)  # a duplicate id
    session.commit()
    (snap,) = session.exec(select(JobSnapshot)).all()
    assert snap.open_roles == 8
    assert snap.departments == {"Engineering": 5, "Sales": 3}
    assert snap.locations == {"Denver, United States": 5, "Remote": 3}
    assert session.get(Source, source_id).items_found == 8


def test_an_empty_board_closes_everything_and_is_a_baseline(session: Session, source_id: int) -> None:
    ingest_job_snapshot(session=session, source_id=source_id, postings=V1, now=T0)
    emptied = ingest_job_snapshot(session=session, source_id=source_id, postings=[], now=T0 + timedelta(days=1))
    refilled = ingest_job_snapshot(session=session, source_id=source_id, postings=V1[:6],
                                   now=T0 + timedelta(days=2))
    session.commit()
    assert (emptied.open_roles, emptied.closed_postings) == (0, 8)
    # six roles back within the window, but against the oldest snapshot (8 roles) that is no surge
    assert refilled.reopened_postings == 6 and refilled.new_signals == 0


def test_a_source_without_company_stores_postings_but_no_signals(session: Session) -> None:
    source = Source(url="https://api.lever.co/v0/postings/orphan?mode=json", kind="lever")
    session.add(source)
    session.commit()
    ingest_job_snapshot(session=session, source_id=source.id, postings=V1, now=T0)
    result = ingest_job_snapshot(session=session, source_id=source.id, postings=V2, now=T0 + timedelta(days=7))
    session.commit()
    assert result.new_postings == 9 and result.new_signals == 0
    assert session.exec(select(Signal)).all() == []


def test_unknown_source_is_a_user_error(session: Session) -> None:
    with pytest.raises(UserError, match="no source with id 999"):
        ingest_job_snapshot(session=session, source_id=999, postings=V1, now=T0)


def test_an_unchanged_board_is_seen_again(session: Session, source_id: int) -> None:
    from tracker.jobs import ingest_unchanged_board

    ingest_job_snapshot(session=session, source_id=source_id, postings=V1, now=T0)
    result = ingest_unchanged_board(session=session, source_id=source_id, now=T0 + timedelta(days=1))
    session.commit()
    assert (result.open_roles, result.new_postings, result.closed_postings) == (8, 0, 0)
    snaps = session.exec(select(JobSnapshot).order_by(JobSnapshot.taken_at)).all()
    assert [s.open_roles for s in snaps] == [8, 8] and snaps[0].departments == snaps[1].departments
    assert all(p.last_seen.replace(tzinfo=UTC) == T0 + timedelta(days=1)
               for p in session.exec(select(JobPosting)).all())
