"""Discovery against a local fictional company site, local job-board APIs and a local EDGAR feed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

import tracker.cli
from tests.helpers.fixture_server import FixtureServer
from tracker.config import Settings, load_settings
from tracker.discovery import discover_sources, find_sources, slug_candidates
from tracker.models import Company, Source

FILES = Path(__file__).resolve().parents[1] / "files"


@pytest.mark.parametrize(("name", "domain", "expected"), [
    ("Quillfeather Robotics", "quillfeather.example", ["quillfeather", "quillfeatherrobotics",
                                                       "quillfeather-robotics"]),
    ("Brambleway Analytics, Inc.", "www.bramble-way.example", ["bramble-way", "bramblewayanalytics",
                                                               "brambleway-analytics", "brambleway"]),
    ("Nimbusward", None, ["nimbusward"]),
    ("Tallowmère Bio GmbH", "tallowmere.test", ["tallowmere", "tallowmerebio", "tallowmere-bio"]),
    ("AB Corp", None, ["ab"]),
])
def test_slug_candidates(name: str, domain: str | None, expected: list[str]) -> None:
    assert slug_candidates(name, domain) == expected


def site(server: FixtureServer) -> Settings:
    """Serve the fictional company's site, boards and filings; settings pointing at them."""
    server.mount(FILES / "discover")
    server.redirect("/feed", "/blog/feed.xml")  # the same feed under a second address: found once
    server.route("/lever/quillfeather-labs", (FILES / "lever" / "board_v1.json").read_bytes(),
                 content_type="application/json")
    server.route("/greenhouse/quillfeather", (FILES / "greenhouse" / "board_v1.json").read_bytes(),
                 content_type="application/json")
    server.route("/ashby/quillfeather", '{"apiVersion": "1", "jobs": []}', content_type="application/json")
    server.route("/cgi-bin/browse-edgar", (FILES / "edgar" / "feed.atom").read_bytes(),
                 content_type="application/atom+xml")
    return load_settings(
        allow_private_hosts=True, company_site_url=server.base_url,
        greenhouse_api_url=server.url("/greenhouse/{slug}"), lever_api_url=server.url("/lever/{slug}"),
        ashby_api_url=server.url("/ashby/{slug}"), workable_api_url=server.url("/workable/{slug}"),
        edgar_feed_url=server.url("/cgi-bin/browse-edgar?action=getcompany&CIK={cik}&type=8-K&output=atom"))


def test_find_sources_on_a_local_site(fixture_server: FixtureServer) -> None:
    settings = site(fixture_server)
    result = find_sources(settings=settings, name="Quillfeather Robotics", domain="quillfeather.example",
                          cik="9999901")
    found = {(f.kind, f.url) for f in result.found}
    assert found == {
        ("rss", fixture_server.url("/blog/feed.xml")),
        ("newsroom", fixture_server.url("/press")),
        ("lever", fixture_server.url("/lever/quillfeather-labs")),  # linked from /careers, not guessable
        ("greenhouse", fixture_server.url("/greenhouse/quillfeather")),  # guessed from the domain
        ("edgar", fixture_server.url("/cgi-bin/browse-edgar?action=getcompany&CIK=0009999901&type=8-K"
                                     "&output=atom")),
    }
    vias = {f.kind: f.via for f in result.found}
    assert vias["rss"] == '<link rel="alternate"> on home page' and vias["greenhouse"] == "board name 'quillfeather'"
    assert fixture_server.hits("/news") == 0  # robots.txt says no
    assert fixture_server.hits("/robots.txt") == 1  # asked once per host
    assert fixture_server.hits("/ashby/quillfeather") == 1  # answered, but an empty guessed board is nobody's
    assert all(r.headers["user-agent"] == settings.user_agent for r in fixture_server.requests)
    # one GET per page, feed path and board guess; the /feed redirect adds one hop, robots.txt one more
    assert result.checked == len(fixture_server.requests) - 2
    assert fixture_server.hits("/blog/feed.xml") == 2  # announced on the home page, and again via /feed


def test_discover_adds_sources_once(session: Session, fixture_server: FixtureServer) -> None:
    settings = site(fixture_server)
    company = Company(name="Quillfeather Robotics", normalized_name="quillfeather robotics",
                      domain="quillfeather.example", cik="0009999901")
    session.add(company)
    session.commit()
    rows = discover_sources(session=session, company=company, settings=settings)
    session.commit()
    assert sorted(r["kind"] for r in rows) == ["edgar", "greenhouse", "lever", "newsroom", "rss"]
    assert {r["status"] for r in rows} == {"added"}
    sources = session.exec(select(Source)).all()
    assert len(sources) == 5 and {s.company_id for s in sources} == {company.id}
    again = discover_sources(session=session, company=company, settings=settings)
    session.commit()
    assert {r["status"] for r in again} == {"known"} and len(session.exec(select(Source)).all()) == 5


def test_private_hosts_are_refused_when_not_allowed(fixture_server: FixtureServer) -> None:
    settings = site(fixture_server)
    strict = load_settings(**{**settings.__dict__, "allow_private_hosts": False})
    result = find_sources(settings=strict, name="Quillfeather Robotics", domain="quillfeather.example")
    assert result.found == [] and fixture_server.requests == []


def test_cli_discover(tmp_path: Path, fixture_server: FixtureServer, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = site(fixture_server)
    for name in ("company_site_url", "greenhouse_api_url", "lever_api_url", "ashby_api_url", "workable_api_url",
                 "edgar_feed_url"):
        monkeypatch.setenv(f"HJM_{name.upper()}", getattr(settings, name))
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    assert runner.invoke(tracker.cli.app, ["init", "--db", url]).exit_code == 0
    added = runner.invoke(tracker.cli.app, ["companies", "add", "Quillfeather Robotics", "--domain",
                                            "quillfeather.example", "--db", url])
    assert added.exit_code == 0, added.output
    dry = runner.invoke(tracker.cli.app, ["sources", "discover", "quillfeather.example", "--dry-run", "--json",
                                          "--db", url])
    assert dry.exit_code == 0, dry.output
    assert {r["status"] for r in json.loads(dry.output)} == {"found"}
    listed = runner.invoke(tracker.cli.app, ["sources", "list", "--json", "--db", url])
    assert json.loads(listed.output) == []

    result = runner.invoke(tracker.cli.app, ["sources", "discover", "Quillfeather Robotics", "--db", url])
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "board name 'quillfeather'" in result.output
    listed = runner.invoke(tracker.cli.app, ["sources", "list", "--json", "--db", url])
    rows = json.loads(listed.output)
    assert sorted(r["kind"] for r in rows) == ["greenhouse", "lever", "newsroom", "rss"]
    assert {r["company"] for r in rows} == {"Quillfeather Robotics"}

    missing = runner.invoke(tracker.cli.app, ["sources", "discover", "Unknown Fictional Co", "--db", url])
    assert missing.exit_code != 0
    help_text = runner.invoke(tracker.cli.app, ["sources", "discover", "--help"])
    assert help_text.exit_code == 0 and "job boards" in help_text.output


def test_cli_sources_add_stores_board_api_urls(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    runner = CliRunner()
    assert runner.invoke(tracker.cli.app, ["init", "--db", url]).exit_code == 0
    runner.invoke(tracker.cli.app, ["companies", "add", "Brambleway Analytics", "--db", url])
    cases = [
        (["https://jobs.lever.co/brambleway"], "lever", "https://api.lever.co/v0/postings/brambleway?mode=json"),
        (["brambleway", "--kind", "greenhouse"], "greenhouse",
         "https://boards-api.greenhouse.io/v1/boards/brambleway/jobs?content=true"),
        (["https://jobs.ashbyhq.com/brambleway"], "ashby", "https://api.ashbyhq.com/posting-api/job-board/brambleway"),
        (["https://apply.workable.com/brambleway/", "--kind", "workable"], "workable",
         "https://apply.workable.com/api/v1/widget/accounts/brambleway"),
        (["9999901", "--kind", "edgar"], "edgar", "https://data.sec.gov/submissions/CIK0009999901.json"),
    ]
    for args, kind, stored in cases:
        result = runner.invoke(tracker.cli.app, ["sources", "add", *args, "--company", "Brambleway Analytics",
                                                 "--db", url])
        assert result.exit_code == 0, result.output
        assert f"Added {kind} source" in result.output and stored in result.output
    # the board page again, spelled differently: the same source
    again = runner.invoke(tracker.cli.app, ["sources", "add", "https://jobs.lever.co/brambleway/", "--db", url])
    assert "Already known" in again.output
    wrong = runner.invoke(tracker.cli.app, ["sources", "add", "https://jobs.lever.co/brambleway", "--kind",
                                            "ashby", "--db", url])
    assert wrong.exit_code != 0 and "is a lever URL, not ashby" in str(wrong.exception)
