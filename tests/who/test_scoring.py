"""Heat: decay, negatives, one story counted once, wrong and corrected signals, rumours, explanations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tracker.scoring import SignalView, age_text, company_heat, decay, describe, money, status_factor

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
WEIGHTS = {"funding": 3.0, "expansion": 2.5, "layoffs": -3.0, "closure": -3.0, "contact_joined": 1.0,
           "acquisition": 2.0, "hiring_surge": 3.0}


def sig(kind: str, days: float, *, conf: float = 1.0, story: int | None = None, sid: int | None = None,
        wrong: bool = False, corrected: str | None = None, **facts: object) -> SignalView:
    return SignalView(sid, kind, conf, NOW - timedelta(days=days), story, facts, "", wrong, corrected)


@pytest.mark.parametrize(
    ("signals", "expected"),
    [
        ([], 0.0),
        ([sig("funding", 0)], 3.0),  # fresh: full weight
        ([sig("funding", 45)], 1.5),  # one half-life: half
        ([sig("funding", 90)], 0.75),  # two half-lives: a quarter
        ([sig("funding", 0, conf=0.5)], 1.5),  # weight x confidence
        ([sig("funding", -3)], 3.0),  # a date in the future counts as today
        ([sig("layoffs", 0)], -3.0),  # negative kinds subtract
        ([sig("funding", 0), sig("layoffs", 45)], 1.5),
        ([sig("funding", 0, story=7), sig("funding", 0, story=7)], 3.0),  # two outlets, one story
        ([sig("funding", 0, story=7), sig("expansion", 0, story=7)], 3.0),  # a story counts once: strongest
        ([sig("funding", 0, story=7), sig("funding", 0, story=8)], 6.0),  # two stories count twice
        ([sig("funding", 30, story=7), sig("funding", 0, story=7)], 3.0),  # the stronger (fresher) one
        ([sig("funding", 0, wrong=True)], 0.0),  # marked wrong: left out
        ([sig("funding", 0, wrong=True, corrected="layoffs")], -3.0),  # corrected: counts as that kind
        ([sig("funding", 0, corrected="expansion")], 2.5),
        ([sig("funding", 0, status="rumour")], 3.0 * 0.6),  # rumours weigh less
        ([sig("funding", 0, status="denied")], 0.0),  # denied: nothing
        ([sig("funding", 0, status="confirmed")], 3.0),
        ([sig("contact_joined", 0)], 1.0),  # a warm signal from the user's network
        ([sig("mystery", 0)], 0.0),  # a kind without a weight counts nothing
        # Two outlets in their own words (two stories), the same facts within a week: one event.
        ([sig("funding", 0, story=1, money="$40M", round="Series B"),
          sig("funding", 3, story=2, money="$40M", round="Series B")], 3.0),
        ([sig("funding", 0, money="$5M", status="rumour"), sig("funding", 5, money="$5M")],
         3.0 * 0.5 ** (5 / 45)),  # a rumour, then the confirmation: the stronger counts
        ([sig("funding", 0, money="$40M"), sig("funding", 10, money="$40M")],
         3.0 + 3.0 * 0.5 ** (10 / 45)),  # more than a week apart: two events
        ([sig("funding", 0, money="$40M"), sig("funding", 1, money="$12M")], 3.0 + 3.0 * 0.5 ** (1 / 45)),
        ([sig("funding", 0), sig("funding", 1)], 3.0 + 3.0 * 0.5 ** (1 / 45)),  # no facts to compare
        ([sig("expansion", 0, location="Perth"), sig("funding", 0, location="Perth")], 5.5),  # other kinds
        ([sig("contact_joined", 0, role="x"), sig("contact_joined", 0, role="x")], 2.0),  # one per person
    ],
)
def test_heat_score(signals: list[SignalView], expected: float) -> None:
    heat = company_heat(signals=signals, weights=WEIGHTS, half_life_days=45, now=NOW)
    assert heat.score == pytest.approx(expected)


@pytest.mark.parametrize(("half_life", "days", "expected"), [(45, 0, 1.0), (45, 45, 0.5), (10, 20, 0.25),
                                                              (30, 15, 2 ** -0.5), (45, -5, 1.0), (0, 99, 1.0)])
def test_decay(half_life: float, days: float, expected: float) -> None:
    assert decay(days, half_life) == pytest.approx(expected)


def test_half_life_setting_changes_the_score() -> None:
    signals = [sig("funding", 30)]
    short = company_heat(signals=signals, weights=WEIGHTS, half_life_days=15, now=NOW).score
    long = company_heat(signals=signals, weights=WEIGHTS, half_life_days=90, now=NOW).score
    assert short == pytest.approx(0.75) and long == pytest.approx(3.0 * 2 ** (-1 / 3))


@pytest.mark.parametrize(
    ("signal", "text"),
    [
        (sig("funding", 12, sid=1, amount=40_000_000, currency="USD", round="Series B"),
         "+2.5 funding: $40M Series B, 12 days ago"),
        (sig("layoffs", 3, sid=2, headcount=120), "-2.9 layoffs: 120 jobs cut, 3 days ago"),
        (sig("expansion", 0, sid=3, location="Perth"), "+2.5 expansion: new office in Perth, today"),
        (sig("funding", 1, sid=4, amount="A$12M", status="rumour"),
         "+1.8 funding: A$12M, 1 day ago (rumour)"),
        (sig("acquisition", 90, sid=5, acquirer="Orchard Capital", target="Kelp Analytics"),
         "+0.5 acquisition: Orchard Capital acquires Kelp Analytics, 3 months ago"),
    ],
)
def test_part_text(signal: SignalView, text: str) -> None:
    heat = company_heat(signals=[signal], weights=WEIGHTS, half_life_days=45, now=NOW)
    assert [p.text for p in heat.parts] == [text]
    assert heat.parts[0].signal_id == signal.id


def test_parts_are_largest_first_and_explain_what_counted_nothing() -> None:
    signals = [sig("expansion", 40, sid=1), sig("layoffs", 1, sid=2), sig("funding", 2, sid=3, story=9),
               sig("expansion", 2, sid=4, story=9), sig("funding", 1, sid=5, status="denied")]
    heat = company_heat(signals=signals, weights=WEIGHTS, half_life_days=45, now=NOW)
    assert [p.signal_id for p in heat.parts] == [2, 3, 1, 4, 5]
    assert heat.parts[3].points == 0 and "same news as funding, counted once" in heat.parts[3].text
    assert heat.parts[4].points == 0 and heat.parts[4].text.endswith("(denied)")
    assert heat.score == pytest.approx(sum(p.points for p in heat.parts))
    top = company_heat(signals=signals, weights=WEIGHTS, half_life_days=45, now=NOW, max_parts=2)
    assert [p.signal_id for p in top.parts] == [2, 3] and top.score == pytest.approx(heat.score)


def test_naive_datetimes_are_utc() -> None:
    naive = SignalView(1, "funding", 1.0, (NOW - timedelta(days=45)).replace(tzinfo=None))
    assert company_heat(signals=[naive], weights=WEIGHTS, half_life_days=45, now=NOW).score == pytest.approx(1.5)


@pytest.mark.parametrize(("amount", "currency", "text"), [(40_000_000, "USD", "$40M"), (2_500_000_000, "EUR", "€2.5B"),
                                                          (750_000, "GBP", "£750K"), (12, None, "$12"),
                                                          ("A$12M", None, "A$12M"), (None, None, "")])
def test_money(amount: object, currency: object, text: str) -> None:
    assert money(amount, currency) == text


@pytest.mark.parametrize(("days", "text"), [(0, "today"), (0.9, "today"), (1, "1 day ago"), (12, "12 days ago"),
                                            (90, "3 months ago"), (800, "2 years ago")])
def test_age_text(days: float, text: str) -> None:
    assert age_text(days) == text


@pytest.mark.parametrize(("kind", "facts", "evidence", "text"), [
    ("leadership_change", {"person": "Ivo Garrow", "title": "CTO"}, "", "new CTO Ivo Garrow"),
    ("hiring_surge", {"open_roles": 25, "department": "GIS"}, "", "25 open roles in GIS"),
    ("contact_joined", {"contact": "Ana Quill"}, "", "Ana Quill joined"),
    ("partnership", {}, "Heliograph and Kelp Analytics team up on coastal maps.",
     "Heliograph and Kelp Analytics team up on coastal maps."),
    ("award", {}, "", "award"),
])
def test_describe(kind: str, facts: dict, evidence: str, text: str) -> None:
    assert describe(kind, facts, evidence) == text


@pytest.mark.parametrize(("status", "weight", "confidence", "why"), [
    ("denied", 3.0, 0.9, "denied"), ("rumour", 0.0, 0.9, "weight 0"), (None, 3.0, 0.0, "confidence 0"),
    ("", 3.0, 0.9, "too old to count")])
def test_zero_reason(status: str | None, weight: float, confidence: float, why: str) -> None:
    from tracker.scoring import zero_reason

    assert zero_reason(status=status, weight=weight, confidence=confidence) == why


@pytest.mark.parametrize(("facts", "factor"), [({}, 1.0), ({"status": "Rumour"}, 0.6), ({"status": "denied"}, 0.0),
                                               ({"status": "confirmed"}, 1.0), (None, 1.0)])
def test_status_factor(facts: dict | None, factor: float) -> None:
    assert status_factor(facts) == factor


def _random_signals(seed: int) -> list[tuple[int, SignalView]]:
    import random

    rng = random.Random(seed)
    kinds = [*WEIGHTS, "mystery", "award"]
    out = []
    for i in range(rng.randint(0, 60)):
        out.append((rng.randint(1, 4), SignalView(
            i + 1, rng.choice(kinds), rng.choice((0.3, 0.5, 0.9, 1.0, 1.2)), NOW - timedelta(days=rng.choice(
                (0, 1, 1, 5, 30, 45, 200, -2))), rng.choice((None, None, 1, 2, 3)),
            rng.choice(({}, {}, {"status": "rumour"}, {"status": "denied"}, {"location": "Perth"},
                        {"money": "$5M", "status": "rumour"}, {"money": "$5M"})), "", False,
            rng.choice((None, None, None, "layoffs")))))
    return out


@pytest.mark.parametrize("seed", range(20))
def test_bulk_heat_matches_company_heat(seed: int) -> None:
    from tracker.events import event_key
    from tracker.scoring_bulk import bulk_heat

    rows = _random_signals(seed)
    weights = {**WEIGHTS, "award": 0.0}  # a kind the user switched off
    bulk = bulk_heat(company_ids=[c for c, _ in rows], kinds=[v.kind for _, v in rows],
                     corrected=[v.corrected_kind for _, v in rows], confidences=[v.confidence for _, v in rows],
                     ages=[(NOW - v.occurred_at).total_seconds() / 86400 for _, v in rows],
                     story_ids=[v.story_id for _, v in rows], statuses=[v.facts.get("status") for _, v in rows],
                     event_keys=[event_key(v.corrected_kind or v.kind, v.facts) for _, v in rows],
                     weights=weights, half_life_days=45, max_parts=3)
    for company in {c for c, _ in rows}:
        views = [v for c, v in rows if c == company]
        heat = company_heat(signals=views, weights=weights, half_life_days=45, now=NOW, max_parts=3)
        score, parts = bulk.get(company, (0.0, []))
        assert score == pytest.approx(heat.score)
        assert [(rows[p.row][1].id, p.kind, p.note) for p in parts] == [(p.signal_id, p.kind, p.note)
                                                                        for p in heat.parts]
        assert [p.points for p in parts] == pytest.approx([p.points for p in heat.parts])
