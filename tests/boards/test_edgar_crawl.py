"""A real crawl of an EDGAR 8-K feed, its index pages and documents, against the local fixture server."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from tests.helpers.fixture_server import FixtureServer
from tracker.models import Company, Signal, Source

EDGAR = Path(__file__).resolve().parents[1] / "files" / "edgar"
FEED_PATH = "/cgi-bin/browse-edgar"
# The fixture's filing dates, moved to days before today so the one-year cut-off holds whenever this runs.
DAYS_AGO = {"2026-03-02": 10, "2026-02-10": 30, "2026-01-28": 45, "2026-01-15": 60, "2026-01-06": 70,
            "2024-05-01": 600}
pytestmark = pytest.mark.slow


def dated(name: str, today: datetime) -> bytes:
    """A fixture listing with its filing dates moved to days before today."""
    text = (EDGAR / name).read_text(encoding="iso-8859-1")
    for old, days in DAYS_AGO.items():
        text = text.replace(old, (today - timedelta(days=days)).strftime("%Y-%m-%d"))
    return text.encode("iso-8859-1")


LISTINGS = {  # listing -> (fixture, path served, content type)
    "atom": ("feed.atom", FEED_PATH, "application/atom+xml"),
    "json": ("submissions.json", "/submissions/CIK0009999901.json", "application/json"),
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_edgar_crawl_turns_relevant_8k_items_into_signals_once(listing: str, run_crawl: Callable[..., dict[str, Any]],
                                                               session: Session,
                                                               fixture_server: FixtureServer) -> None:
    fixture, path, content_type = LISTINGS[listing]
    fixture_server.mount(EDGAR)
    fixture_server.route(path, dated(fixture, datetime.now(UTC)), content_type=content_type)
    archive = {"edgar_archive_url": fixture_server.url("/Archives/edgar/data/{cik}/{accession}/{document}")}
    company = Company(name="Corvid Harbor Systems", normalized_name="corvid harbor systems", cik="0009999901")
    session.add(company)
    session.flush()
    url = fixture_server.url(f"{FEED_PATH}?action=getcompany&CIK=0009999901&type=8-K&output=atom"
                             if listing == "atom" else path)
    source = Source(url=url, kind="edgar", company_id=company.id)
    session.add(source)
    session.commit()

    first = run_crawl(archive, kinds=["edgar"])
    assert first["status"] == "finished" and first["filings"] == 4
    assert first["new_signals"] == 5
    assert first["errors"] == 1  # the amended filing's page is missing (404): its listed items still count
    session.expire_all()
    signals = {s.kind: s for s in session.exec(select(Signal).where(Signal.company_id == company.id))}
    assert sorted(signals) == ["acquisition", "contract_win", "layoffs", "leadership_change", "restructuring"]
    leader = signals["leadership_change"]
    assert leader.facts["change"] == "both" and leader.facts["roles"] == ["Chief Financial Officer"]
    assert "appointed Marisol Quenby as Chief Financial Officer" in leader.evidence
    assert leader.facts["accession"] == "0009999901-26-000012"
    assert signals["layoffs"].facts["employees"] == 180
    assert signals["acquisition"].confidence == 0.6 and signals["acquisition"].facts["form"] == "8-K/A"
    assert "Port of Wrenfield Authority" in signals["contract_win"].evidence
    # routine items (2.02) and old filings are never fetched; the JSON API names documents directly
    folder = "/Archives/edgar/data/9999901"
    assert fixture_server.hits(f"{folder}/000999990126000007/chs-20260128.htm") == 0
    assert fixture_server.hits(f"{folder}/000999990124000020/chs-20240501.htm") == 0
    assert fixture_server.hits(f"{folder}/000999990126000012/chs-20260302.htm") == 1
    index_hits = fixture_server.hits(f"{folder}/000999990126000012/0009999901-26-000012-index.htm")
    assert index_hits == (1 if listing == "atom" else 0)
    assert fixture_server.requests[0].headers["user-agent"].startswith("hidden-job-market/")
    session.refresh(source)
    assert source.last_success_at is not None and source.consecutive_failures == 0

    second = run_crawl(archive, kinds=["edgar"])
    # filings that already gave signals are not fetched again (so the missing page is not asked twice)
    assert second["new_signals"] == 0 and second["errors"] == 0 and second.get("filings", 0) == 0
    assert fixture_server.hits(f"{folder}/000999990126000012/chs-20260302.htm") == 1
    session.expire_all()
    assert len(session.exec(select(Signal)).all()) == 5


def test_an_edgar_feed_that_is_not_a_feed_fails_its_source(run_crawl: Callable[..., dict[str, Any]],
                                                           session: Session, fixture_server: FixtureServer) -> None:
    fixture_server.route(FEED_PATH, "<html><body>Request rate exceeded</body></html>", content_type="text/html")
    company = Company(name="Corvid Harbor Systems", normalized_name="corvid harbor systems", cik="0009999901")
    session.add(company)
    session.flush()
    source = Source(url=fixture_server.url(f"{FEED_PATH}?CIK=0009999901"), kind="edgar", company_id=company.id)
    session.add(source)
    session.commit()
    stats = run_crawl(kinds=["edgar"])
    assert stats["errors"] == 1 and stats["new_signals"] == 0
    session.refresh(source)
    assert source.consecutive_failures == 1 and "not an Atom feed" in source.last_error
