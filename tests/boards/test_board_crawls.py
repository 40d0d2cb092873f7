"""Real crawls of the four job boards against the local fixture server, ending in rows in the database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from tests.helpers.fixture_server import FixtureServer
from tracker.models import Company, JobPosting, JobSnapshot, Signal, Source

FILES = Path(__file__).resolve().parents[1] / "files"
BOARDS = {"greenhouse": "Quillfeather Robotics", "lever": "Brambleway Analytics", "ashby": "Nimbusward",
          "workable": "Tallowmere Bio"}
pytestmark = pytest.mark.slow


def board_path(kind: str) -> str:
    return f"/{kind}/api/boards/fixture/jobs"


def serve(server: FixtureServer, version: str, **route: object) -> None:
    for kind in BOARDS:
        server.route(board_path(kind), (FILES / kind / f"board_{version}.json").read_bytes(),
                     content_type="application/json", **route)


def add_boards(session: Session, server: FixtureServer) -> dict[str, int]:
    ids = {}
    for kind, name in BOARDS.items():
        company = Company(name=name, normalized_name=name.lower())
        session.add(company)
        session.flush()
        source = Source(url=server.url(board_path(kind)), kind=kind, company_id=company.id)
        session.add(source)
        session.flush()
        ids[kind] = source.id
    session.commit()
    return ids


def signal_kinds(session: Session, source_id: int) -> list[str]:
    source = session.get(Source, source_id)
    return sorted(s.kind for s in session.exec(select(Signal).where(Signal.company_id == source.company_id)))


Crawl = Callable[..., dict[str, Any]]


def test_successive_board_crawls_store_snapshots_and_signals_once(run_crawl: Crawl, session: Session,
                                                                  fixture_server: FixtureServer) -> None:
    ids = add_boards(session, fixture_server)
    fixture_server.route("/greenhouse/broken", "<html>Bad gateway page</html>", content_type="text/html")
    broken = Source(url=fixture_server.url("/greenhouse/broken"), kind="greenhouse")
    session.add(broken)
    session.commit()

    serve(fixture_server, "v1")
    first = run_crawl()
    assert first["status"] == "finished"
    assert first["new_signals"] == 0 and first["job_snapshots"] == 4 and first["new_job_postings"] == 32
    session.expire_all()
    for kind, sid in ids.items():
        source = session.get(Source, sid)
        assert source.last_success_at is not None and source.items_found == 8, kind
        assert len(session.exec(select(JobPosting).where(JobPosting.source_id == sid)).all()) == 8
    # a board that answers with something else fails alone, with the reason recorded
    session.refresh(broken)
    assert broken.consecutive_failures == 1 and "greenhouse: the response is not JSON" in broken.last_error

    serve(fixture_server, "v2")
    second = run_crawl(kinds=list(BOARDS))
    assert second["new_signals"] == 12  # per board: one surge, a new department or team, a new city
    session.expire_all()
    for kind, sid in ids.items():
        assert signal_kinds(session, sid) == ["hiring_surge", "new_team", "new_team"], kind
        postings = session.exec(select(JobPosting).where(JobPosting.source_id == sid)).all()
        assert len(postings) == 17 and sum(p.closed_at is not None for p in postings) == 2
        snaps = session.exec(select(JobSnapshot).where(JobSnapshot.source_id == sid)
                             .order_by(JobSnapshot.taken_at)).all()
        assert [s.open_roles for s in snaps] == [8, 15]
        assert "Lisbon, Portugal" in snaps[1].locations and "Lisbon, Portugal" not in snaps[0].locations
    surge = session.exec(select(Signal).where(Signal.kind == "hiring_surge")).first()
    assert "from 8 to 15" in surge.evidence

    third = run_crawl(kinds=list(BOARDS))
    assert third["new_signals"] == 0 and third["job_snapshots"] == 4
    session.expire_all()
    assert len(session.exec(select(Signal)).all()) == 12
    for sid in ids.values():
        assert len(session.exec(select(JobSnapshot).where(JobSnapshot.source_id == sid)).all()) == 3


def test_a_board_answering_304_is_snapshotted_unchanged(run_crawl: Crawl, session: Session,
                                                        fixture_server: FixtureServer) -> None:
    ids = add_boards(session, fixture_server)
    serve(fixture_server, "v1", etag='"board-v1"')
    run_crawl(kinds=["lever"])
    second = run_crawl(kinds=["lever"])
    assert second["not_modified"] == 1 and second["job_snapshots"] == 1
    requests = [r for r in fixture_server.requests if r.path.startswith("/lever/")]
    assert requests[-1].headers.get("if-none-match") == '"board-v1"'
    session.expire_all()
    snaps = session.exec(select(JobSnapshot).where(JobSnapshot.source_id == ids["lever"])).all()
    assert [s.open_roles for s in snaps] == [8, 8]
    open_roles = session.exec(select(JobPosting).where(JobPosting.source_id == ids["lever"])).all()
    assert all(p.closed_at is None and p.last_seen > p.first_seen for p in open_roles)
