"""Facts read from a sentence: money, rounds, headcounts, percentages, places, titles and people."""

from __future__ import annotations

import pytest

from tracker.signals.facts import (
    find_headcount,
    find_location,
    find_money,
    find_people,
    find_percent,
    find_round,
    find_site_place,
    find_title,
)


@pytest.mark.parametrize(("text", "amount", "currency", "display"), [
    ("raised $20 million in a Series B", 20e6, "USD", "$20M"),
    ("a $1.2bn deal", 1.2e9, "USD", "$1.2B"),
    ("secured EUR 5m", 5e6, "EUR", "€5M"),
    ("closed A$12.5m in seed funding", 12.5e6, "AUD", "A$12.5M"),
    ("raised 20 mln dlrs in a private placement", 20e6, "USD", "$20M"),
    ("a 250 mln stg credit facility", 250e6, "GBP", "£250M"),
    ("lands £30m", 30e6, "GBP", "£30M"),
    ("US$ 12 million from investors", 12e6, "USD", "$12M"),
    ("5 mln euros in new money", 5e6, "EUR", "€5M"),
    ("a $250,000 grant", 250e3, "USD", "$250K"),
    ("C$18 million round", 18e6, "CAD", "C$18M"),
    ("300 mln Norwegian crowns", 300e6, "NOK", "NOK 300M"),
    ("1.5 billion Swiss francs", 1.5e9, "CHF", "CHF 1.5B"),
])
def test_money_with_currency(text: str, amount: float, currency: str, display: str) -> None:
    money = find_money(text)[0]
    assert (money.amount, money.currency, money.display()) == (amount, currency, display)
    assert text[money.start:money.end] == money.text


@pytest.mark.parametrize("text", ["a $5 coffee", "in 2024", "up 12%", "300 people", "the $ sign"])
def test_not_money(text: str) -> None:
    assert find_money(text) == []


def test_money_in_order_of_appearance() -> None:
    assert [m.display() for m in find_money("raised $30M at a $300M valuation")] == ["$30M", "$300M"]


@pytest.mark.parametrize(("text", "expected"), [
    ("a $20 million Series B round", "Series B"),
    ("its series c2 extension", "Series C2 extension"),
    ("an $8M seed round", "Seed"),
    ("a pre-seed round", "Pre-seed"),
    ("a Pre-Series A raise", "Pre-Series A"),
    ("a $50 million venture debt facility", "Venture debt"),
    ("a €8 million grant", "Grant"),
    ("a profit warning", None),
])
def test_round(text: str, expected: str | None) -> None:
    assert find_round(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("will cut 1,200 jobs", 1200),
    ("lay off about 300 workers", 300),
    ("plans to hire 300 software engineers", 300),
    ("recruiting 800 cabin crew", 800),
    ("hundreds of workers", 200),
    ("a dozen technical writers", 12),
    ("in 2024 jobs were scarce", None),
    ("cut costs by 10%", None),
])
def test_headcount(text: str, expected: int | None) -> None:
    assert find_headcount(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("cut 10% of its workforce", 10.0),
    ("about 13 per cent of its global workforce", 13.0),
    ("15 pct of its staff", 15.0),
    ("trimmed its workforce by 8%", 8.0),
    ("a third of its staff", 33.3),
    ("half of its employees", 50.0),
    ("shares fell 5%", None),
])
def test_percent_of_workforce(text: str, expected: float | None) -> None:
    assert find_percent(text) == expected


def test_any_percent_when_not_about_staff() -> None:
    assert find_percent("shares fell 5%", of_workforce=False) == 5.0


@pytest.mark.parametrize(("text", "expected"), [
    ("opens a new office in Austin, Texas", "Austin, Texas"),
    ("expands into Brazil", "Brazil"),
    ("enters the Japanese market", "Japan"),
    ("to open a plant in the city of Monterrey on Tuesday", "Monterrey"),
    ("opens its first office in New York City", "New York City"),
    ("expands in the second quarter", None),
])
def test_location(text: str, expected: str | None) -> None:
    assert find_location(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("will close its Hobart office", "Hobart"),
    ("opens a new Austin campus", "Austin"),
    ("opens a new office", None),
])
def test_site_place(text: str, expected: str | None) -> None:
    assert find_site_place(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("named Jane Doe as chief financial officer", "chief financial officer"),
    ("appointed senior vice president of sales and marketing", "senior vice president of sales and marketing"),
    ("head of engineering at Acme", "head of engineering"),
    ("Acme CEO Jane Doe", "CEO"),
    ("the interim chief executive", "interim chief executive"),
    ("they head to the coast", None),
])
def test_title(text: str, expected: str | None) -> None:
    found = find_title(text)
    assert (found[0] if found else None) == expected


def test_people_skip_titles_places_and_excluded_spans() -> None:
    text = "Acme named Jane Doe as chief financial officer, replacing John McAfee in New York."
    assert [p[0] for p in find_people(text)] == ["Jane Doe", "John McAfee"]
    assert [p[0] for p in find_people(text, exclude=((11, 19),))] == ["John McAfee"]
