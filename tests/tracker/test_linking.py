"""Company linking: which watchlist companies a text names, and which ordinary words it does not."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tracker.linking import LINK_THRESHOLD, CompanyMatcher, CompanyRef, document_text, load_matcher, surface_forms
from tracker.models import Company

ACME = CompanyRef(1, "Acme Robotics Inc.", aliases=("Acme",), domain="acme-robotics.example",
                  tickers=("NASDAQ:ACMR",), keywords=("warehouse robots",))
GLOBEX = CompanyRef(2, "Globex Corporation", aliases=("Globex",), domain="globex.example")
INITECH = CompanyRef(3, "Initech")
# Fictional companies whose names are ordinary words: they need capitals and context.
LANTERN = CompanyRef(4, "Lantern Inc.", aliases=("Lantern",), domain="lantern.example", tickers=("NYSE:LNTN",),
                     keywords=("smart lighting",))
HARBOR = CompanyRef(5, "Harbor Health Partners", aliases=("Harbor Health",), domain="harborhealth.example")
BEACON = CompanyRef(6, "Beacon", domain="beacon-data.example", keywords=("analytics software",))
MERIDIAN = CompanyRef(7, "Meridian Geo Ltd", aliases=("Meridian Geo",), domain="meridiangeo.example")
WAYFINDER = CompanyRef(8, "Wayfinder Location Intelligence", domain="wayfinder.example")
WATCHLIST = [ACME, GLOBEX, INITECH, LANTERN, HARBOR, BEACON, MERIDIAN, WAYFINDER]


@pytest.fixture(scope="module")
def matcher() -> CompanyMatcher:
    return CompanyMatcher(WATCHLIST)


def names(matcher: CompanyMatcher, text: str, links: tuple[str, ...] = ()) -> set[str]:
    return {m.company.name for m in matcher.find(text, links=links)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Acme Robotics Inc. raised $30 million.", {"Acme Robotics Inc."}),
    ("Acme raised $30 million.", {"Acme Robotics Inc."}),
    ("Acme's new robot can lift 40 kilograms.", {"Acme Robotics Inc."}),
    ("The Acme-backed startup opened an office.", {"Acme Robotics Inc."}),
    ("ACME ROBOTICS SAYS IT RAISED 20 MLN DLRS", {"Acme Robotics Inc."}),
    ("Shares of NASDAQ:ACMR rose 5% on Monday.", {"Acme Robotics Inc."}),
    ("Shares of Acme (NASDAQ: ACMR) rose.", {"Acme Robotics Inc."}),
    ("Acme, backed by Globex, raises $30M", {"Acme Robotics Inc.", "Globex Corporation"}),
    ("Globex Corp. to buy Initech", {"Globex Corporation", "Initech"}),
    ("Meridian Geo Ltd opens a Perth office.", {"Meridian Geo Ltd"}),
    ("Meridian Geo opens a Perth office.", {"Meridian Geo Ltd"}),
    ("Wayfinder Location Intelligence said on Monday that Wayfinder would hire 20.",
     {"Wayfinder Location Intelligence"}),
    ("Lantern Inc. opened a factory in Ohio.", {"Lantern Inc."}),
    ("Lantern said it would lay off 200 workers.", {"Lantern Inc."}),
    ("Smart lighting maker Lantern plans to expand.", {"Lantern Inc."}),
    ("The chief executive of Lantern resigned.", {"Lantern Inc."}),
    ("Lantern shares fell 4% in early trading.", {"Lantern Inc."}),
    ("Lantern and Globex agreed to merge.", {"Lantern Inc.", "Globex Corporation"}),
    ("Globex and Lantern deepened their alliance.", {"Globex Corporation", "Lantern Inc."}),
    ("Harbor Health Partners opened a clinic.", {"Harbor Health Partners"}),
    ("Beacon, the analytics software company, raised funds.", {"Beacon"}),
])
def test_links_companies_in_company_contexts(matcher: CompanyMatcher, text: str, expected: set[str]) -> None:
    assert names(matcher, text) == expected


@pytest.mark.parametrize("text", [
    "A lantern on the porch lit the way home.",                 # lower case: the ordinary word
    "Lantern festivals draw crowds every spring.",              # capitalised at the start, no company context
    "The Lantern Hospitality Trust bought a hotel in Denver.",  # a longer, different name
    "Lantern Hospitality Trust (NYSE: LHT) raised its dividend.",
    "Fishing boats returned to the harbor after the storm.",
    "A beacon on the hill was lit to mark the anniversary.",
    "Residents on Beacon Hill opposed the new bike lanes.",     # part of a place name
    "Acmes are a kind of imaginary bird.",                      # a longer word is not the name
    "Write to acme@mailbox.example for a quote.",               # an e-mail address is not a mention
    "The meridian line runs through the old observatory.",
    "Initechnology is a made-up word.",
])
def test_ordinary_words_and_other_entities_do_not_link(matcher: CompanyMatcher, text: str) -> None:
    assert names(matcher, text) == set()


def test_the_company_domain_in_the_text_is_a_mention(matcher: CompanyMatcher) -> None:
    assert names(matcher, "Press: media@acme-robotics.example") == {"Acme Robotics Inc."}


def test_a_link_to_the_company_domain_confirms_a_common_word_name(matcher: CompanyMatcher) -> None:
    text = "Lantern is hosting an open day for students."
    assert names(matcher, text) == set()
    assert names(matcher, text, links=("https://www.lantern.example/news/open-day",)) == {"Lantern Inc."}


def test_mentions_carry_confidence_and_offsets(matcher: CompanyMatcher) -> None:
    text = "Globex said Globex Corporation would buy Initech."
    found = {m.company.name: m for m in matcher.find(text)}
    assert [text[s:e] for s, e in found["Globex Corporation"].spans] == ["Globex", "Globex Corporation"]
    assert [text[s:e] for s, e in found["Initech"].spans] == ["Initech"]
    assert all(LINK_THRESHOLD <= m.confidence <= 0.99 for m in found.values())


def test_context_raises_confidence_of_a_common_word_name(matcher: CompanyMatcher) -> None:
    bare = matcher.find("Yesterday Lantern said it would hire more staff.")[0].confidence
    strong = matcher.find("Yesterday Lantern Inc. said it would hire more staff.")[0].confidence
    assert LINK_THRESHOLD <= bare < strong


def test_mentions_are_sorted_most_confident_first(matcher: CompanyMatcher) -> None:
    found = matcher.find("Initech and Lantern signed a deal, the Lantern spokesperson said.")
    assert [m.confidence for m in found] == sorted((m.confidence for m in found), reverse=True)


def test_short_form_links_only_after_the_full_name(matcher: CompanyMatcher) -> None:
    assert names(matcher, "Wayfinder is a good name for a dog.") == set()
    full = "Wayfinder Location Intelligence grew. Wayfinder hired 20 people."
    spans = matcher.find(full)[0].spans
    assert [full[s:e] for s, e in spans] == ["Wayfinder Location Intelligence", "Wayfinder"]


def test_document_text_is_title_blank_line_body() -> None:
    assert document_text("Title", "Body.") == "Title\n\nBody."
    assert document_text("", "Body.") == "Body."


def test_empty_watchlist_and_empty_text_find_nothing() -> None:
    assert CompanyMatcher([]).find("Acme raised $30 million.") == []
    assert CompanyMatcher(WATCHLIST).find("") == []


def test_surface_forms_include_names_aliases_tickers_and_domain() -> None:
    assert {"acme robotics inc.", "acme robotics", "acme", "acmr", "acme-robotics.example"} <= surface_forms(ACME)


def test_load_matcher_reads_the_company_table(session: Session) -> None:
    session.add(Company(name="Initech Holdings Ltd", normalized_name="initech holdings", aliases=["Initech"],
                        domain="initech.example", tickers=["LSE:INIT"], keywords=["staplers"]))
    session.commit()
    matcher = load_matcher(session=session)
    found = matcher.find("Initech said on Friday it would open a new office.")
    assert [m.company.name for m in found] == ["Initech Holdings Ltd"]
    ref = found[0].company
    assert (ref.id, ref.aliases, ref.domain, ref.tickers, ref.keywords) == (
        1, ("Initech",), "initech.example", ("LSE:INIT",), ("staplers",))
