"""who_to_ask and the overview on a real database (SQLite, then PostgreSQL), with an explicit now."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.who.world import NOW, World, geo_world
from tracker.errors import UserError
from tracker.models import Contact
from tracker.preferences import HALF_LIFE_DAYS, SIGNAL_WEIGHTS, set_preference
from tracker.queries import company_heat_detail, company_overview, hottest_companies
from tracker.who import who_to_ask


def ask(w: World, company: str, **kw: object) -> list[dict]:
    return who_to_ask(session=w.session, company_id=w.ids[company], now=NOW, **kw)


def test_the_person_in_the_new_office_city_tops_the_list_for_that_reason(world: World) -> None:
    w = geo_world(world)
    rows = ask(w, "Heliograph Mapping")
    assert rows[0]["contact"] == "Ben Stroud"
    assert "Based in Perth, Western Australia, where the new office opens." in rows[0]["reasons"]
    assert rows[1]["contact"] == "Ana Quill"  # the same in every way, but in Sydney
    assert rows[0]["score"] - rows[1]["score"] == pytest.approx(10.0)


def test_candidates_are_current_former_and_connectors(world: World) -> None:
    w = geo_world(world)
    rows = {r["contact"]: r for r in ask(w, "Heliograph Mapping")}
    assert set(rows) == {"Ana Quill", "Ben Stroud", "Cleo Marr", "Dev Orme"}  # not Eli at Tidewater
    assert rows["Ana Quill"]["relation"] == "current" and rows["Ana Quill"]["title"] == "GIS Analyst"
    assert rows["Cleo Marr"]["relation"] == "former"
    assert rows["Cleo Marr"]["reasons"][0].startswith("Used to work at Heliograph Mapping")
    dev = rows["Dev Orme"]
    assert dev["relation"] == "connector" and dev["employer"] == "Orchard Capital"
    assert dev["reasons"][0] == "Works at Orchard Capital, an investor in the funding news."
    assert set(dev) >= {"contact", "contact_id", "company", "relation", "score", "reasons", "last_interaction",
                        "suggested_ask", "title"}


def test_a_close_tie_tops_the_list_and_is_asked_for_a_referral(world: World) -> None:
    w = geo_world(world)
    ana = w.session.get(Contact, w.ids["Ana Quill"])
    ana.closeness, ana.tags = 5, ["former colleague"]
    w.session.add(ana)
    for days in (3, 40, 90):
        w.met("Ana Quill", days_ago=days)
    rows = ask(w, "Heliograph Mapping")
    assert rows[0]["contact"] == "Ana Quill" and rows[0]["ask_level"] == "referral"
    assert rows[0]["reasons"][1].startswith("Close tie (strength ")
    assert "In touch recently (3 days ago)." in rows[0]["reasons"]
    assert rows[0]["last_interaction"] is not None
    assert {r["ask_level"] for r in rows[1:]} == {"advice"}  # weak ties: advice or a view of the team


def test_the_same_person_is_not_suggested_for_two_companies_in_a_week(world: World) -> None:
    w = geo_world(world)
    w.person("Fay Rook", at="Tidewater Survey", former=["Heliograph Mapping"], title="GIS Analyst")
    w.met("Fay Rook", "outreach", days_ago=2, company="Tidewater Survey")
    names = [r["contact"] for r in ask(w, "Heliograph Mapping")]
    assert "Fay Rook" not in names
    assert "Fay Rook" in [r["contact"] for r in ask(w, "Heliograph Mapping", include_recent=True)]
    assert "Fay Rook" in [r["contact"] for r in ask(w, "Tidewater Survey")]  # the company she was asked about
    w.met("Ana Quill", "outreach", days_ago=8, company="Tidewater Survey")  # more than a week ago
    assert "Ana Quill" in [r["contact"] for r in ask(w, "Heliograph Mapping")]
    w.met("Ben Stroud", "outreach", days_ago=1, company="Heliograph Mapping")
    ben = next(r for r in ask(w, "Heliograph Mapping") if r["contact"] == "Ben Stroud")
    assert ben["reasons"][-1] == "You reached out about this in the last week: wait for a reply or follow up."


def test_people_at_a_company_in_trouble_get_a_check_in(world: World) -> None:
    w = geo_world(world)
    w.signal("Tidewater Survey", "layoffs", days_ago=3, headcount=80)
    rows = ask(w, "Tidewater Survey")
    assert [r["contact"] for r in rows] == ["Eli Vail"]
    assert rows[0]["ask_level"] == "checkin" and rows[0]["suggested_ask"].startswith("Check in and offer help")


def test_a_fresh_joiner_from_the_network_counts(world: World) -> None:
    w = geo_world(world)
    w.person("Gil Upton", at="Tidewater Survey", title="Sales Executive")
    w.signal("Tidewater Survey", "contact_joined", days_ago=6, contact="Gil Upton", contact_name="Gil Upton")
    rows = ask(w, "Tidewater Survey")
    assert rows[0]["contact"] == "Gil Upton"
    assert "Joined Tidewater Survey 6 days ago: fresh eyes on the team." in rows[0]["reasons"]
    heat = company_heat_detail(session=w.session, company_id=w.ids["Tidewater Survey"], now=NOW)
    assert heat.score > 0 and heat.parts[0].text.startswith("+0.8 contact_joined: Gil Upton joined, 6 days ago")


def test_limit_and_unknown_company(world: World) -> None:
    w = geo_world(world)
    assert len(ask(w, "Heliograph Mapping", limit=2)) == 2
    assert len(ask(w, "Heliograph Mapping", limit=0)) == 4
    with pytest.raises(UserError, match="no company with id 999"):
        who_to_ask(session=w.session, company_id=999, now=NOW)


def test_company_overview_has_heat_parts_and_warmth(world: World) -> None:
    w = geo_world(world)
    w.signal("Tidewater Survey", "layoffs", days_ago=3, headcount=80)
    w.signal("Tidewater Survey", "funding", days_ago=1, amount=1_000_000)
    w.company("Quiet Co")
    w.signal("Heliograph Mapping", "funding", days_ago=2, amount=99)  # marked wrong below: left out
    wrong = w.signal("Heliograph Mapping", "hiring_surge", days_ago=2)
    wrong.wrong = True
    w.session.add(wrong)
    w.met("Ana Quill", days_ago=2)
    w.session.flush()
    rows = company_overview(session=w.session, now=NOW)
    assert [r["name"] for r in rows] == ["Heliograph Mapping", "Tidewater Survey", "Quiet Co"]
    helio = rows[0]
    detail = company_heat_detail(session=w.session, company_id=helio["id"], now=NOW)
    assert helio["heat"] == pytest.approx(round(detail.score, 2))
    assert helio["heat_parts"] == [p.text for p in detail.parts[:3]]
    assert helio["heat_parts"][0] == "+2.6 funding: $99, 2 days ago"
    assert "+2.2 funding: $40M Series B, 12 days ago" in helio["heat_parts"]
    assert not any("hiring_surge" in p for p in helio["heat_parts"])
    assert (helio["people"], helio["alumni"], helio["signals_30d"], helio["stage"]) == (2, 1, 3, "watching")
    assert helio["best_tie"] > 0
    assert rows[2]["heat"] == 0 and rows[2]["people"] == 0 and rows[2]["best_tie"] is None
    by_name = company_overview(session=w.session, now=NOW, sort="name")
    assert [r["name"] for r in by_name] == ["Heliograph Mapping", "Quiet Co", "Tidewater Survey"]


def test_overview_uses_the_users_weights_and_half_life(world: World) -> None:
    w = geo_world(world)
    base = company_overview(session=w.session, now=NOW)[0]["heat"]
    set_preference(session=w.session, key=SIGNAL_WEIGHTS, value={"funding": 0, "expansion": 0})
    assert company_overview(session=w.session, now=NOW)[0]["heat"] == 0
    set_preference(session=w.session, key=SIGNAL_WEIGHTS, value={})
    set_preference(session=w.session, key=HALF_LIFE_DAYS, value=5)
    assert 0 < company_overview(session=w.session, now=NOW)[0]["heat"] < base / 2


def test_signals_older_than_thirty_days_are_not_counted_as_recent(world: World) -> None:
    w = geo_world(world)
    w.signal("Tidewater Survey", "expansion", days_ago=45, city="Oslo")
    row = next(r for r in company_overview(session=w.session, now=NOW) if r["name"] == "Tidewater Survey")
    assert row["signals_30d"] == 0 and row["heat"] == pytest.approx(2.5 * 0.9 / 2, abs=0.01)  # one half-life
    assert company_overview(session=w.session, now=NOW + timedelta(days=3650))[0]["heat"] == 0


def test_hottest_companies_spread_people_across_companies(world: World) -> None:
    w = geo_world(world)
    w.signal("Tidewater Survey", "funding", days_ago=1)
    w.person("Hal Wick", at="Tidewater Survey", former=["Heliograph Mapping"], title="GIS Analyst", closeness=5)
    rows = hottest_companies(session=w.session, now=NOW, limit=5, people=3)
    assert [r["name"] for r in rows] == ["Heliograph Mapping", "Tidewater Survey"]
    listed = [p["contact_id"] for r in rows for p in r["who"]]
    assert len(listed) == len(set(listed))
    assert w.ids["Hal Wick"] in listed
    assert "who" not in hottest_companies(session=w.session, now=NOW)[0]


def test_people_at_the_other_side_of_a_deal_are_connectors(world: World) -> None:
    w = geo_world(world)
    w.signal("Heliograph Mapping", "acquisition", days_ago=1, story=41, role="acquirer", money="$30M")
    w.signal("Tidewater Survey", "acquisition", days_ago=1, story=41, role="target")
    helio = {r["contact"]: r for r in ask(w, "Heliograph Mapping")}
    assert helio["Eli Vail"]["relation"] == "connector"
    assert helio["Eli Vail"]["reasons"][0] == "Works at Tidewater Survey, the company being acquired in the " \
                                              "acquisition news."
    tide = {r["contact"]: r for r in ask(w, "Tidewater Survey")}
    assert tide["Ana Quill"]["reasons"][0] == "Works at Heliograph Mapping, the acquirer in the acquisition news."
    assert tide["Eli Vail"]["relation"] == "current"


def test_companies_named_in_the_same_article_are_connectors(world: World) -> None:
    from tracker.models import Article, ArticleCompany

    w = geo_world(world)
    article = Article(url="https://news.example/heliograph-tidewater", title="Heliograph and Tidewater team up")
    w.session.add(article)
    w.session.flush()
    for name in ("Heliograph Mapping", "Tidewater Survey"):
        w.session.add(ArticleCompany(article_id=article.id, company_id=w.ids[name], confidence=0.9))
    partnership = w.signal("Heliograph Mapping", "partnership", days_ago=0)
    partnership.article_id = article.id
    w.session.add(partnership)
    w.session.flush()
    eli = next(r for r in ask(w, "Heliograph Mapping") if r["contact"] == "Eli Vail")
    assert (eli["relation"], eli["reasons"][0]) == ("connector", "Works at Tidewater Survey, named in the same "
                                                                 "partnership news.")


def test_the_same_news_from_two_outlets_counts_once_in_overview_and_detail(world: World) -> None:
    w = geo_world(world)
    for story, days in ((51, 2), (52, 3)):  # two stories: the outlets wrote it in their own words
        w.signal("Tidewater Survey", "funding", days_ago=days, story=story, money="$9M", round="Seed",
                 amount=9_000_000.0, currency="USD")
    w.signal("Tidewater Survey", "funding", days_ago=20, story=53, money="$9M", round="Seed")  # weeks later
    w.signal("Tidewater Survey", "contact_joined", days_ago=1, contact="Eli Vail")
    row = next(r for r in company_overview(session=w.session, now=NOW) if r["name"] == "Tidewater Survey")
    detail = company_heat_detail(session=w.session, company_id=w.ids["Tidewater Survey"], now=NOW)
    expected = 0.9 * (3.0 * 0.5 ** (2 / 45) + 3.0 * 0.5 ** (20 / 45) + 1.0 * 0.5 ** (1 / 45))
    assert row["heat"] == pytest.approx(expected, abs=0.01) and detail.score == pytest.approx(expected)
    assert row["heat_parts"] == [p.text for p in detail.parts[:3]]
    assert [p.note for p in detail.parts] == ["", "", "", "same news as funding, counted once"]


def test_reports_without_defining_facts_are_not_merged(world: World) -> None:
    w = geo_world(world)
    w.signal("Tidewater Survey", "product_launch", days_ago=1, status="rumour")
    w.signal("Tidewater Survey", "product_launch", days_ago=2)
    row = next(r for r in company_overview(session=w.session, now=NOW) if r["name"] == "Tidewater Survey")
    detail = company_heat_detail(session=w.session, company_id=w.ids["Tidewater Survey"], now=NOW)
    assert len([p for p in detail.parts if p.points > 0]) == 2
    assert row["heat"] == pytest.approx(detail.score, abs=0.01)


def test_who_scores_ties_as_the_network_module_does(world: World) -> None:
    """who_to_ask reads each candidate's interactions once, with the candidates themselves: the strength,
    last contact and ask level must be those of tracker.network.strength."""
    from tracker.network.strength import strengths

    w = geo_world(world)
    ana = w.session.get(Contact, w.ids["Ana Quill"])
    ana.closeness, ana.tags = 4, ["mentor"]
    w.session.add(ana)
    for name, kind, days in (("Ana Quill", "meeting", 3), ("Ana Quill", "email", 400), ("Dev Orme", "call", 60),
                             ("Cleo Marr", "message", 700)):
        w.met(name, kind, days_ago=days)
    rows = ask(w, "Heliograph Mapping")
    scores = strengths(session=w.session, contact_ids=[r["contact_id"] for r in rows], now=NOW)
    for row in rows:
        tie = scores[row["contact_id"]]
        assert f"(strength {tie.score}/100)" in row["reasons"][1]
        assert row["reasons"][1].endswith(tie.reasons[0].rstrip(".") + ".")
    last = {r["contact"]: r["last_interaction"] for r in rows}
    assert last["Ana Quill"] == NOW - timedelta(days=3) and last["Ben Stroud"] is None
