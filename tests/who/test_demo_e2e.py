"""End to end on the bundled demo data (watchlist, two LinkedIn exports, relationships, 58 articles),
ingested without a crawl: the expected company is hottest and the expected person tops it, for the
expected reason. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlmodel import Session

from tests.who.world import NOW
from tracker.companies import find_company, import_watchlist
from tracker.demo.content import data_file, demo_articles
from tracker.demo.runner import load_network
from tracker.ingest import RawArticle, ingest_article
from tracker.linking import load_matcher
from tracker.outreach import draft_outreach
from tracker.queries import company_overview, hottest_companies
from tracker.who import who_to_ask


@pytest.fixture
def demo(session: Session) -> Iterator[Session]:
    """The demo's watchlist, network and news in the test database, dated relative to NOW."""
    import_watchlist(session=session, path=data_file("companies.csv"))
    load_network(session=session, now=NOW)
    matcher = load_matcher(session=session)
    for a in demo_articles(now=NOW):
        ingest_article(session=session, matcher=matcher, now=NOW,
                       raw=RawArticle(url=f"https://newsroom.test/{a.feed}/{a.slug}", title=a.title,
                                      text="\n\n".join(a.body), published=a.published))
    session.commit()
    yield session


def company_id(session: Session, name: str) -> int:
    return find_company(session=session, name_or_id=name).id


def test_the_mentor_at_the_funded_company_tops_the_list_for_the_close_tie(demo: Session) -> None:
    hottest = hottest_companies(session=demo, now=NOW, limit=5, people=3)
    assert hottest[0]["name"] == "Orbital Lens Imaging"
    assert hottest[0]["heat_parts"][0] == "+2.4 funding: $40M Series B, 5 days ago"
    assert not any("counted once" in p for p in hottest[0]["heat_parts"])  # newsroom and wire: one event
    top = hottest[0]["who"][0]
    assert (top["contact"], top["relation"], top["ask_level"]) == ("Priya Ramanathan", "current", "referral")
    assert top["reasons"][1].startswith("Close tie (strength ")
    assert "Senior in your field: a mentor who can judge your fit." in top["reasons"]
    listed = [p["contact_id"] for c in hottest for p in c["who"]]
    assert len(listed) == len(set(listed))


def test_the_friend_at_the_acquired_company_is_a_connector_for_the_buyer(demo: Session) -> None:
    rows = {r["contact"]: r for r in who_to_ask(session=demo, company_id=company_id(demo, "Terrasight Analytics"),
                                                now=NOW, limit=0)}
    liam = rows["Liam Harper"]
    assert liam["relation"] == "connector"
    assert liam["reasons"][0] == "Works at Quokka Spatial, the company being acquired in the acquisition news."
    assert rows["Marcus Feld"]["relation"] == "current"


def test_people_at_companies_cutting_jobs_get_a_check_in(demo: Session) -> None:
    for name in ("Cartoscope", "Gridline Mapping Co"):
        rows = who_to_ask(session=demo, company_id=company_id(demo, name), now=NOW)
        assert rows and {r["ask_level"] for r in rows} == {"checkin"}
    company = find_company(session=demo, name_or_id="Cartoscope")
    draft = draft_outreach(session=demo, company=company, now=NOW)
    assert (draft.signal_kind, draft.ask_level) == ("layoffs", "checkin")
    assert "refer" not in draft.body.lower() and draft.body.count("?") == 1


def test_overview_of_the_demo_has_every_company_with_warmth(demo: Session) -> None:
    rows = company_overview(session=demo, now=NOW)
    assert len(rows) == 12 and rows[0]["name"] == "Orbital Lens Imaging"
    assert rows[0]["people"] >= 5 and rows[0]["best_tie"] >= 70
    cartoscope = next(r for r in rows if r["name"] == "Cartoscope")
    assert cartoscope["heat"] < 0 and cartoscope["heat_parts"][0].startswith("-")
