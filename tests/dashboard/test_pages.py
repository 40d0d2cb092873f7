"""Every page renders on an empty database and on seeded data, and shows what the data says."""

from __future__ import annotations

import pytest

from tests.dashboard.apptest import PAGES

EMPTY_HINTS = {
    "today": "No target companies yet",
    "company": "No target companies yet",
    "people": "0 people match",
    "signals": "0 signals match",
    "sources": "No sources yet",
    "import_": "Everything stays on this computer",
    "settings": "Used to tell peers",
}


def _texts(at) -> str:  # noqa: ANN001
    """Everything a page wrote as text, markdown, caption, alert or title, in one string."""
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "text", "info", "success", "error")
             for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_an_empty_database(dash_url: str, open_page, page: str) -> None:  # noqa: ANN001
    at = open_page(page)
    assert not at.exception
    assert EMPTY_HINTS[page] in _texts(at)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_on_seeded_data(seeded, open_page, page: str) -> None:  # noqa: ANN001
    at = open_page(page)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]


def test_today_ranks_companies_by_heat_with_trend_and_warmth(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("today")
    ranking = at.dataframe[0].value
    assert ranking["name"].iloc[0] == "Meridian Geo"  # the freshest funding and expansion
    assert ranking["name"].iloc[-1] == "Contour Analytics"  # layoffs pull it below zero
    assert list(ranking["heat"]) == sorted(ranking["heat"], reverse=True)
    meridian = ranking.iloc[0]
    assert meridian["people"] == 3 and meridian["stage"] == "reached out"
    assert len(meridian["trend"]) == 13 and meridian["trend"][-1] > meridian["trend"][0]
    links = [link.proto.label for link in at.page_link]
    assert links and "Meridian Geo" in links[0]
    assert {m.label: m.value for m in at.metric}["Follow-ups due"] == "1"
    newest = at.dataframe[1].value
    assert newest["kind"].iloc[0] == "funding" and len(newest) == 7
    changes = at.dataframe[3].value
    assert list(changes["contact"]) == ["Gideon Ashworth"] and list(changes["change"]) == ["joined"]


def test_company_page_shows_heat_story_sources_and_who_to_ask(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("company", company=seeded.companies["Meridian Geo"])
    assert at.title[0].value == "Meridian Geo"
    texts = _texts(at)
    assert "funding: $40M Series B" in texts and "expansion" in texts
    assert "Evidence: Meridian Geo has raised $40 million" in texts
    told = [df.value for df in at.dataframe if "url" in df.value.columns]
    urls = {u for frame in told for u in frame["url"]}
    assert {"https://news.test/meridian-series-b", "https://wire.test/2026/meridian-geo-funding"} <= urls
    asked = [m.value for m in at.markdown if ". " in m.value and "score" in m.value]
    for name in ("Avery Quinlan", "Bram Okafor", "Celia Marchetti"):
        assert any(name in line for line in asked), asked
    assert not at.code  # the outreach tab is closed: its draft is not even written
    at.session_state["company_tabs"] = "Outreach"
    at.run()
    assert "Subject:" in at.code[0].value  # the outreach draft, with a copy button


def test_company_follows_the_query_parameter(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("company", company=seeded.companies["Contour Analytics"])
    assert at.title[0].value == "Contour Analytics"
    assert "layoffs" in _texts(at)


def test_people_filters_by_company_tag_and_strength(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("people")
    assert len(at.dataframe[0].value) == 12
    at.selectbox(key="people_company").set_value("Meridian Geo").run()
    assert set(at.dataframe[0].value["name"]) == {"Avery Quinlan", "Bram Okafor", "Celia Marchetti"}
    at.selectbox(key="people_tag").set_value("mentor").run()
    assert list(at.dataframe[0].value["name"]) == ["Avery Quinlan"]
    at.selectbox(key="people_tag").set_value(None).run()
    at.selectbox(key="people_company").set_value(None).run()
    at.text_input(key="people_search").input("cartographer").run()
    assert list(at.dataframe[0].value["name"]) == ["Juno Castellanos"]
    at.text_input(key="people_search").input("").run()
    at.toggle(key="people_due").set_value(True).run()
    assert list(at.dataframe[0].value["name"]) == ["Avery Quinlan"]


def test_person_page_shows_employments_interactions_and_strength(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("people")
    at.selectbox(key="people_pick").set_value(seeded.contacts["Gideon Ashworth"]).run()
    assert at.subheader[0].value == "Gideon Ashworth"
    jobs = at.dataframe[1].value
    assert set(zip(jobs["employer"], jobs["current"], strict=True)) == {("Latitude Labs", True),
                                                                         ("Orbital Lens Imaging", False)}
    assert any(m.label == "Relationship strength" for m in at.metric)


def test_signals_filters_by_kind_company_and_confidence(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("signals")
    assert len(at.dataframe[0].value) == 7
    at.multiselect(key="signals_kinds").set_value(["funding"]).run()
    assert set(at.dataframe[0].value["kind"]) == {"funding"} and len(at.dataframe[0].value) == 2
    at.multiselect(key="signals_companies").set_value([seeded.companies["Meridian Geo"]]).run()
    assert list(at.dataframe[0].value["id"]) == [seeded.signals["meridian_funding"]]
    at.multiselect(key="signals_kinds").set_value([]).run()
    at.multiselect(key="signals_companies").set_value([]).run()
    at.slider(key="signals_confidence").set_value(0.85).run()
    assert (at.dataframe[0].value["confidence"] >= 0.85).all() and len(at.dataframe[0].value) == 5


def test_sources_page_shows_health_and_runs(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("sources")
    health = at.dataframe[0].value
    assert len(health) == 2
    broken = health[health["unhealthy"]]
    assert list(broken["last_error"]) == ["HTTP 503 Service Unavailable"]
    runs = at.dataframe[1].value
    assert list(runs["status"]) == ["finished"] and list(runs["new_signals"]) == [5]
    assert at.button(key="crawl_now").proto.label == "Crawl now"


def test_settings_page_shows_weights_and_defaults(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("settings")
    weights = at.data_editor[0].value
    funding = weights[weights["kind"] == "funding"].iloc[0]
    layoffs = weights[weights["kind"] == "layoffs"].iloc[0]
    assert funding["default"] > 0 > layoffs["default"]
    assert at.number_input(key="half_life").value == 45.0
