"""The dashboard's read functions in tracker.queries, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from tests.dashboard.seed import seed_small
from tracker import listings, queries
from tracker.db import get_engine
from tracker.models import Signal


@pytest.fixture
def data(db_url: str):  # noqa: ANN201
    """The seeded small dataset and a session on it."""
    now = datetime.now(UTC)
    seeded = seed_small(db_url, now=now, hostile=False)
    with Session(get_engine(db_url)) as session:
        yield seeded, session, now


def test_heat_trend_ends_at_todays_heat_and_starts_before_the_news(data) -> None:  # noqa: ANN001
    seeded, session, now = data
    terrain = seeded.companies["Terrain Works"]
    for i, status in enumerate(("rumour", "denied")):  # a rumour counts less, a denial nothing
        session.add(Signal(company_id=terrain, kind="funding", confidence=0.9, evidence="Talks of a round.",
                           facts={"status": status}, occurred_at=now - timedelta(days=5 + i), detected_at=now,
                           dedup_key=f"test:{status}"))
    session.commit()
    trends = queries.heat_trends(session=session, now=now)
    overview = {row["id"]: row["heat"] for row in queries.company_overview(session=session, now=now)}
    for company_id, heat in overview.items():
        series = trends.get(company_id, [0.0] * 13)
        assert len(series) == 13
        assert series[-1] == pytest.approx(heat, abs=0.02)
    meridian = trends[seeded.companies["Meridian Geo"]]
    assert meridian[0] == 0.0 < meridian[-1]  # its news is ten days old: nothing 90 days ago
    assert trends[seeded.companies["Contour Analytics"]][-1] < 0  # layoffs weigh against
    assert 0 < trends[terrain][-1] < 3.0 * 0.9  # the rumour at a discount, the denial not at all


@pytest.mark.parametrize(("filters", "expected"), [
    ({}, 6),
    ({"kinds": ["funding"]}, 1),
    ({"kinds": ["funding", "layoffs"]}, 2),
    ({"min_confidence": 0.85}, 4),
    ({"since_days": 7}, 2),
    ({"until_days": 7}, 4),
])
def test_signal_page_filters_and_counts(data, filters: dict, expected: int) -> None:  # noqa: ANN001
    _, session, now = data
    if "since_days" in filters:
        filters["since"] = now - timedelta(days=filters.pop("since_days"))
    if "until_days" in filters:
        filters["until"] = now - timedelta(days=filters.pop("until_days"))
    rows, total = listings.signal_page(session=session, **filters)
    assert total == expected == len(rows)
    assert [r["occurred_at"] for r in rows] == sorted((r["occurred_at"] for r in rows), reverse=True)


def test_signal_page_paginates_and_never_returns_more_than_asked(data) -> None:  # noqa: ANN001
    seeded, session, _ = data
    first, total = listings.signal_page(session=session, limit=4)
    rest, same_total = listings.signal_page(session=session, offset=4, limit=4)
    assert total == same_total == 6 and len(first) == 4 and len(rest) == 2
    assert not {r["id"] for r in first} & {r["id"] for r in rest}
    only, _ = listings.signal_page(session=session, company_ids=[seeded.companies["Meridian Geo"]], limit=1)
    assert only[0]["company"] == "Meridian Geo" and only[0]["title"].startswith("Meridian Geo raises")


def test_story_sources_lists_every_outlet_of_the_story(data) -> None:  # noqa: ANN001
    seeded, session, _ = data
    funding, joined = seeded.signals["meridian_funding"], seeded.signals["latitude_joined"]
    told = listings.story_sources(session=session, signal_ids=[funding, joined])
    assert {s["url"] for s in told[funding]} == {"https://news.test/meridian-series-b",
                                                 "https://wire.test/2026/meridian-geo-funding"}
    assert all(s["source"] == "http://news.test/feed.xml" for s in told[funding])
    assert told[joined] == []  # a job change in the network has no article


def test_job_changes_and_timeline(data) -> None:  # noqa: ANN001
    seeded, session, now = data
    changes = listings.job_changes(session=session, since=now - timedelta(days=90))
    assert [(c["contact"], c["kind"], c["company"]) for c in changes] == [
        ("Gideon Ashworth", "contact_joined", "Latitude Labs")]
    assert listings.job_changes(session=session, since=now - timedelta(days=10)) == []
    line = listings.signal_timeline(session=session, company_id=seeded.companies["Contour Analytics"])
    assert [p["kind"] for p in line] == ["leadership_change", "layoffs"]


def test_duplicates_crawl_runs_and_choices(data) -> None:  # noqa: ANN001
    _, session, _ = data
    assert listings.duplicate_contacts(session=session) == []
    runs = listings.crawl_runs(session=session)
    assert [(r["status"], r["new_signals"]) for r in runs] == [("finished", 5)]
    names = [c["name"] for c in listings.company_choices(session=session)]
    assert names == sorted(names) and len(names) == 6


def test_overview_and_trends_are_the_two_reads_in_one(data) -> None:  # noqa: ANN001
    _, session, now = data
    rows, trends = queries.overview_and_trends(session=session, now=now)
    assert rows == queries.company_overview(session=session, now=now)
    assert trends == queries.heat_trends(session=session, now=now)


def test_warmth_equals_scoring_every_contact(data) -> None:  # noqa: ANN001
    """The overview scores only the contacts who can stand out (and the one connected longest per company):
    people, alumni and the best tie must be what scoring everyone gives."""
    from datetime import date

    from sqlalchemy import select

    from tracker.models import Contact, Employment
    from tracker.network.strength import strengths

    seeded, session, now = data
    terrain = seeded.companies["Terrain Works"]
    # Plain contacts connected at different times (one never, two on the same day), one of them also an
    # alumnus, and one person who works at two companies.
    for i, connected in enumerate((date(2012, 5, 1), None, date(2024, 1, 2), date(2024, 1, 2))):
        contact = Contact(full_name=f"Plain Person {i}", normalized_name=f"plain person {i}", connected_on=connected)
        session.add(contact)
        session.flush()
        session.add(Employment(contact_id=contact.id, company_id=terrain, employer_name="Terrain Works"))
        if i == 2:
            session.add(Employment(contact_id=contact.id, company_id=terrain, employer_name="Terrain Works",
                                   is_current=False))
            session.add(Employment(contact_id=contact.id, company_id=seeded.companies["Meridian Geo"],
                                   employer_name="Meridian Geo"))
    session.commit()
    jobs = session.execute(select(Employment.company_id, Employment.contact_id, Employment.is_current)
                           .where(Employment.company_id.is_not(None))).all()
    scores = {cid: s.score for cid, s in strengths(session=session, now=now).items()}
    rows = queries.company_overview(session=session, now=now)
    assert any(row["best_tie"] is not None for row in rows)
    for row in rows:
        current = {c for company, c, is_current in jobs if company == row["id"] and is_current}
        everyone = {c for company, c, _ in jobs if company == row["id"]}
        assert (row["people"], row["alumni"]) == (len(current), len(everyone - current))
        assert row["best_tie"] == max((scores[c] for c in current), default=None)
