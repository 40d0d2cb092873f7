"""Ranking and ask level as pure functions: strength, relation, role, the news, recency."""

from __future__ import annotations

import pytest

from tracker.who import (
    Candidate,
    ask_level,
    in_trouble,
    news_hooks,
    rank_candidate,
    recency_points,
    signal_relation,
)


@pytest.mark.parametrize(
    ("strength", "closeness", "giving", "level"),
    [
        (0, None, False, "advice"),
        (39, None, False, "advice"),  # weak tie: advice or a view of the team
        (40, None, False, "insight"),  # strong tie: insight into plans
        (69, 2, False, "insight"),
        (70, None, False, "referral"),  # close: a referral or an introduction
        (10, 5, False, "referral"),  # the user says this person is close
        (10, 4, False, "insight"),
        (95, 5, True, "checkin"),  # a company in trouble: offer help, ask for nothing
    ],
)
def test_ask_level(strength: int, closeness: int | None, giving: bool, level: str) -> None:
    assert ask_level(strength=strength, closeness=closeness, giving=giving) == level


@pytest.mark.parametrize(("days", "points"), [(None, 0.0), (0, 8.0), (30, 8.0), (31, 5.0), (90, 5.0), (200, 2.0),
                                              (400, 0.0)])
def test_recency_points(days: float | None, points: float) -> None:
    assert recency_points(days)[0] == points


def person(title: str = "GIS Analyst", relation: str = "current", location: str = "") -> Candidate:
    return Candidate(1, "Ana Quill", relation, title, "Heliograph Mapping", "an investor in the funding news",
                     location)


def rank(**changes: object) -> tuple[float, list[str]]:
    values: dict = {"candidate": person(), "strength": 30, "strength_reasons": ("Interactions: 1 call.",),
                    "role": ("peer", 0.6), "signal_points": (0.0, ""), "days_since_contact": None,
                    "company": "Heliograph Mapping"}
    values.update(changes)
    return rank_candidate(**values)


@pytest.mark.parametrize(
    ("better", "worse"),
    [
        ({"strength": 80}, {"strength": 20}),  # a stronger tie ranks higher
        ({"candidate": person(relation="current")}, {"candidate": person(relation="former")}),
        ({"candidate": person(relation="former")}, {"candidate": person(relation="connector")}),
        ({"role": ("hiring_manager", 1.0)}, {"role": ("peer", 0.6)}),
        ({"role": ("peer", 0.6)}, {"role": ("other", 0.1)}),
        ({"signal_points": (10.0, "Based in Perth.")}, {}),
        ({"days_since_contact": 10}, {"days_since_contact": 300}),
        ({"days_since_contact": 300}, {"days_since_contact": None}),
    ],
)
def test_ranking_order(better: dict, worse: dict) -> None:
    assert rank(**better)[0] > rank(**worse)[0]


def test_reasons_are_sentences_for_each_part() -> None:
    score, reasons = rank(strength=75, role=("hiring_manager", 1.0), signal_points=(10.0, "Based in Perth."),
                          days_since_contact=3)
    assert reasons == [
        "Works at Heliograph Mapping now as GIS Analyst.",
        "Close tie (strength 75/100): Interactions: 1 call.",
        "Senior in your target function: a likely hiring manager.",
        "Based in Perth.",
        "In touch recently (3 days ago).",
    ]
    assert score == pytest.approx(20 + 30 + 20 + 10 + 8)
    _, connector = rank(candidate=person(relation="connector"), strength_reasons=())
    assert connector[:2] == ["Works at Heliograph Mapping, an investor in the funding news.",
                             "Weak tie (strength 30/100)."]
    _, recruiter = rank(role=("recruiter", 0.5))
    assert "Recruiter: can tell you about openings and the process." in recruiter


def test_score_is_capped_at_100() -> None:
    assert rank(strength=100, role=("hiring_manager", 1.0), signal_points=(12.0, "x"), days_since_contact=1)[0] == 100


def sigs(*rows: dict) -> list[dict]:
    base = {"kind": "funding", "facts": {}, "age": 3.0, "contact_id": None, "company": "Heliograph Mapping"}
    return [{**base, **r} for r in rows]


@pytest.mark.parametrize(
    ("title", "location", "signals", "joined", "points", "phrase"),
    [
        ("GIS Analyst", "Perth, Western Australia", sigs({"kind": "expansion", "facts": {"city": "Perth"}}), None,
         10.0, "Based in Perth, Western Australia, where the new office opens."),
        ("GIS Analyst", "Sydney", sigs({"kind": "expansion", "facts": {"location": "Perth"}}), None, 0.0, ""),
        ("GIS Analyst", "Perth", sigs({"kind": "funding", "facts": {"location": "Perth"}}), None, 0.0, ""),
        ("Head of Marine Survey", "", sigs({"kind": "acquisition", "facts": {"unit": "Marine Survey"}}), None,
         10.0, "Works in Marine Survey, the part of the company in the news."),
        ("GIS Analyst", "", sigs({"kind": "new_team", "facts": {"department": "Data"}}), None, 0.0, ""),
        ("GIS Analyst", "Perth", sigs({"kind": "expansion", "facts": {"city": "Perth"}}), 12.4, 12.0,
         "Joined Heliograph Mapping 12 days ago: fresh eyes on the team."),
        ("GIS Analyst", "", sigs({"kind": "funding", "facts": {"amount": 5}}), None, 0.0, ""),
    ],
)
def test_signal_relation(title: str, location: str, signals: list[dict], joined: float | None, points: float,
                         phrase: str) -> None:
    got = signal_relation(candidate=person(title=title, location=location), hooks=news_hooks(signals),
                          joined_days_ago=joined, company="Heliograph Mapping")
    assert got == (points, phrase)


@pytest.mark.parametrize(("top", "trouble"), [
    (sigs({"kind": "layoffs"}, {"kind": "funding"}), True),
    (sigs({"kind": "funding"}, {"kind": "layoffs"}), False),  # the weightiest news decides
    (sigs({"kind": "closure", "age": 200}), False),  # old trouble
    (sigs({"kind": "hiring_freeze"}), True),
    ([], False),
])
def test_in_trouble(top: list[dict], trouble: bool) -> None:
    assert in_trouble(top) is trouble
