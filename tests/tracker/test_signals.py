"""Signal detection: the kind, who it happens to, and what must not be found (table-driven)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.linking import CompanyMatcher, CompanyRef, document_text
from tracker.signals import DetectedSignal, detect_signals

WATCHLIST = [
    CompanyRef(1, "Acme Robotics", aliases=("Acme",), domain="acme.example"),
    CompanyRef(2, "Globex", domain="globex.example"),
    CompanyRef(3, "Initech", domain="initech.example"),
    CompanyRef(4, "Umbrella Health", aliases=("Umbrella",), domain="umbrella.example"),
    CompanyRef(5, "Lantern Inc.", aliases=("Lantern",), domain="lantern.example", keywords=("smart lighting",)),
]
MATCHER = CompanyMatcher(WATCHLIST)
ACME, GLOBEX, INITECH, UMBRELLA, LANTERN = (c.name for c in WATCHLIST)
PUBLISHED = datetime(2026, 3, 1, tzinfo=UTC)


def detect(title: str, text: str = "") -> list[DetectedSignal]:
    mentions = MATCHER.find(document_text(title, text))
    return detect_signals(title=title, text=text, mentions=mentions, published=PUBLISHED)


def pairs(title: str, text: str = "") -> set[tuple[str, str | None]]:
    return {(s.kind, s.company.name if s.company else None) for s in detect(title, text)}


CASES = [
    # (title, text, expected (kind, company) pairs, pairs that must NOT be found)
    ("Acme, backed by Globex, raises $30M", "", {("funding", ACME)}, {("funding", GLOBEX)}),
    ("Globex-backed Acme raises $10 million", "", {("funding", ACME)}, {("funding", GLOBEX)}),
    ("Globex invests EUR 5m in Acme", "", {("funding", ACME)}, {("funding", GLOBEX)}),
    ("Acme closes $20 million Series B led by Globex", "", {("funding", ACME)}, {("funding", GLOBEX)}),
    ("Funding news", "Acme Robotics said on Tuesday it had raised A$12.5m in seed funding.", {("funding", ACME)},
     set()),
    ("ACME ROBOTICS SAYS RAISES 20 MLN DLRS IN PRIVATE PLACEMENT", "", {("funding", ACME)}, set()),
    ("Zeta Corp raises $30M from Globex", "", {("funding", None)}, {("funding", GLOBEX)}),
    ("Acme raises prices on its robots", "", set(), {("funding", ACME)}),
    ("Acme to buy Initech", "", {("acquisition", ACME), ("acquisition", INITECH)}, set()),
    ("Initech acquired by Globex for $2 billion", "", {("acquisition", GLOBEX), ("acquisition", INITECH)}, set()),
    ("Acme and Globex agree to merge", "", {("acquisition", ACME), ("acquisition", GLOBEX)}, set()),
    ("Acme buys back $50 million of shares", "", set(), {("acquisition", ACME)}),
    ("The Hawks acquired guard Sam Reyes from the Bulls in a trade", "", set(), {("acquisition", None)}),
    ("Lantern files for IPO on the Nasdaq", "", {("ipo", LANTERN)}, set()),
    ("IPO market stays quiet", "Bankers said the IPO market would stay quiet until rates fall.", set(),
     {("ipo", None)}),
    ("Acme opens new office in Austin, Texas", "", {("expansion", ACME)}, set()),
    ("Umbrella expands into Brazil", "", {("expansion", UMBRELLA)}, set()),
    ("Globex expands its lead in the market", "", set(), {("expansion", GLOBEX)}),
    ("Acme names Jane Okoro chief financial officer", "", {("leadership_change", ACME)}, set()),
    ("Jane Okoro steps down as CEO of Initech", "", {("leadership_change", INITECH)}, set()),
    ("Acme hires former Globex CFO Dan Wu as finance chief", "Acme hired former Globex CFO Dan Wu as its chief "
     "financial officer.", {("leadership_change", ACME)}, {("leadership_change", GLOBEX)}),
    ("Initech wins $50 million Army contract", "", {("contract_win", INITECH)}, set()),
    ("The Navy awarded a $40 million contract to Acme Robotics", "", {("contract_win", ACME)}, set()),
    ("Striker signs three-year contract with the club", "Forward Leo Park signed a three-year contract with "
     "the club on Monday, keeping him in the Premier League.", set(), {("contract_win", None)}),
    ("Acme partners with Globex on warehouse AI", "", {("partnership", ACME), ("partnership", GLOBEX)}, set()),
    ("Lantern unveils a smart lighting hub", "", {("product_launch", LANTERN)}, set()),
    ("Police launch investigation into Acme warehouse fire", "", set(), {("product_launch", ACME)}),
    ("Umbrella named a Leader in the Gartner Magic Quadrant", "", {("award", UMBRELLA)}, set()),
    ("Acme plans to hire 300 engineers", "", {("hiring_surge", ACME)}, set()),
    ("Economy adds 200,000 jobs", "Employers added 200,000 jobs in May.", set(), {("hiring_surge", None)}),
    ("Globex creates new AI division", "", {("new_team", GLOBEX)}, set()),
    ("Acme lays off 200 workers, or 10% of its workforce", "", {("layoffs", ACME)}, set()),
    ("Layoffs hit Initech", "Layoffs hit Initech as orders slump.", {("layoffs", INITECH)}, set()),
    ("Acme cuts prices by 10%", "", set(), {("layoffs", ACME)}),
    ("Tech layoffs slow", "Technology companies cut fewer jobs in the third quarter.", set(),
     {("layoffs", None)}),
    ("Umbrella freezes hiring", "", {("hiring_freeze", UMBRELLA)}, set()),
    ("Council extends price freeze on school meals", "", set(), {("hiring_freeze", None)}),
    ("Globex announces restructuring", "", {("restructuring", GLOBEX)}, set()),
    ("Initech files for Chapter 11 bankruptcy protection", "", {("closure", INITECH)}, set()),
    ("Acme to close its Ohio plant", "", {("closure", ACME)}, set()),
    ("Stocks close higher", "The index closed higher on Friday as Acme shares rose.", set(),
     {("closure", None), ("closure", ACME)}),
    ("Acme update", "Acme Robotics said on Monday it would cut 200 jobs. The company also plans to open an "
     "office in Berlin.", {("layoffs", ACME), ("expansion", ACME)}, set()),
    ("Acme news", "Acme, which raised $30 million in 2019, launched a picking robot on Tuesday.",
     {("product_launch", ACME)}, {("funding", ACME)}),
    ("Lantern festival lights up the old town", "Thousands came to the lantern festival on Saturday.", set(),
     {("product_launch", LANTERN), ("expansion", LANTERN)}),
]


@pytest.mark.parametrize(("title", "text", "expected", "forbidden"), CASES)
def test_detects_kind_and_company(title: str, text: str, expected: set, forbidden: set) -> None:
    found = pairs(title, text)
    assert expected <= found
    assert not (forbidden & found)
    if not expected:
        assert not {kind for kind, _ in found} & {kind for kind, _ in forbidden}


def one(kind: str, title: str, text: str = "", company: str | None = "any") -> DetectedSignal:
    matches = [s for s in detect(title, text) if s.kind == kind and
               (company == "any" or (s.company.name if s.company else None) == company)]
    assert len(matches) == 1, detect(title, text)
    return matches[0]


@pytest.mark.parametrize(("title", "facts"), [
    ("Acme raises $20 million Series B", {"amount": 20e6, "currency": "USD", "money": "$20M", "round": "Series B"}),
    ("Acme secures EUR 5m in seed funding", {"amount": 5e6, "currency": "EUR", "round": "Seed"}),
    ("Acme raises A$12.5m", {"amount": 12.5e6, "currency": "AUD", "money": "A$12.5M"}),
    ("ACME SAYS RAISED 20 MLN DLRS", {"amount": 20e6, "currency": "USD"}),
])
def test_funding_facts(title: str, facts: dict) -> None:
    assert facts.items() <= one("funding", title).facts.items()


def test_acquisition_roles_and_amount() -> None:
    assert one("acquisition", "Acme to buy Initech for $2bn", company=ACME).facts["role"] == "acquirer"
    target = one("acquisition", "Acme to buy Initech for $2bn", company=INITECH).facts
    assert target["role"] == "target" and target["amount"] == 2e9
    assert one("acquisition", "Initech agrees to be acquired by Globex", company=INITECH).facts["role"] == "target"
    assert one("acquisition", "Acme and Globex to merge", company=GLOBEX).facts["role"] == "merger"


@pytest.mark.parametrize(("title", "facts"), [
    ("Acme names Jane Okoro chief financial officer",
     {"person": "Jane Okoro", "title": "chief financial officer", "direction": "joins"}),
    ("Initech CEO Maria Vance resigns", {"person": "Maria Vance", "title": "CEO", "direction": "leaves"}),
    ("Tom Reed joins Globex as head of sales", {"person": "Tom Reed", "title": "head of sales", "direction": "joins"}),
])
def test_leadership_facts(title: str, facts: dict) -> None:
    assert facts.items() <= one("leadership_change", title).facts.items()


@pytest.mark.parametrize(("title", "kind", "facts"), [
    ("Acme lays off 1,200 workers, or 15% of its workforce", "layoffs", {"headcount": 1200, "percent": 15.0}),
    ("Acme to cut a third of its staff", "layoffs", {"percent": 33.3}),
    ("Globex trims workforce by 8%", "layoffs", {"percent": 8.0}),
    ("Acme plans to hire 300 engineers", "hiring_surge", {"headcount": 300}),
    ("Acme opens new office in Austin, Texas", "expansion", {"location": "Austin, Texas"}),
    ("Umbrella enters the Japanese market", "expansion", {"location": "Japan"}),
    ("Acme to close its Hobart office", "closure", {"location": "Hobart"}),
])
def test_counts_and_places(title: str, kind: str, facts: dict) -> None:
    assert facts.items() <= one(kind, title).facts.items()


@pytest.mark.parametrize(("title", "confirmed", "kind", "company", "status"), [
    ("Acme in talks to buy Initech", "Acme to buy Initech", "acquisition", ACME, "rumour"),
    ("Globex may cut 500 jobs, sources say", "Globex cuts 500 jobs", "layoffs", GLOBEX, "rumour"),
    ("Umbrella is reportedly planning to raise $50 million", "Umbrella raises $50 million", "funding", UMBRELLA,
     "rumour"),
    ("Acme denies plans to cut jobs", "Acme cuts 40 jobs", "layoffs", ACME, "denied"),
    ("Initech has no plans to go public this year", "Initech files for IPO", "ipo", INITECH, "denied"),
])
def test_rumours_and_denials_are_marked(title: str, confirmed: str, kind: str, company: str, status: str) -> None:
    signal = one(kind, title, company=company)
    sure = one(kind, confirmed, company=company)
    assert signal.facts["status"] == status  # the heat score weighs it by status (tests/who/test_scoring.py)
    assert "status" not in sure.facts


def test_evidence_is_the_supporting_sentence() -> None:
    text = "Acme had a busy week. On Tuesday Acme said it would lay off 80 staff. Shares were flat."
    signal = one("layoffs", "Acme news", text)
    assert signal.evidence == "On Tuesday Acme said it would lay off 80 staff."


def test_no_watchlist_company_still_reports_the_kind() -> None:
    found = detect_signals(title="Zeta Labs lays off 50 people", text="", mentions=[])
    assert [(s.kind, s.company) for s in found] == [("layoffs", None)]


def test_one_signal_per_kind_and_company_with_facts_from_every_sentence() -> None:
    found = detect("Acme raises $40 million", "Acme Robotics has raised $40 million in a Series C round.")
    funding = [s for s in found if s.kind == "funding"]
    assert len(funding) == 1
    assert funding[0].facts["round"] == "Series C"


def test_old_events_in_the_article_are_not_new_signals() -> None:
    assert pairs("Acme news", "In 2019 Acme raised $5 million from angels.") == set()


def test_mention_spans_on_the_body_alone_also_work() -> None:
    title, text = "Weekly round-up", "Acme will lay off 40 people."
    mentions = MATCHER.find(text)  # spans relative to the body, not document_text()
    found = detect_signals(title=title, text=text, mentions=mentions)
    assert [(s.kind, s.company.name) for s in found] == [("layoffs", ACME)]
