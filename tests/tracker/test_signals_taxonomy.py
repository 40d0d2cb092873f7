"""The taxonomy: exact kind names, one table of default weights and signs, user overrides."""

from __future__ import annotations

import pytest

from tracker.errors import UserError
from tracker.signals.taxonomy import KINDS, TEXT_KINDS, effective_weights

POSITIVE = ["funding", "acquisition", "ipo", "expansion", "leadership_change", "contract_win", "partnership",
            "product_launch", "award", "hiring_surge", "new_team", "contact_joined", "contact_left"]
NEGATIVE = ["layoffs", "hiring_freeze", "restructuring", "closure"]


def test_kind_names_are_exactly_the_agreed_ones() -> None:
    assert set(KINDS) == set(POSITIVE) | set(NEGATIVE)
    assert set(TEXT_KINDS) == set(KINDS) - {"contact_joined", "contact_left"}


@pytest.mark.parametrize("kind", POSITIVE)
def test_positive_kinds_add_heat(kind: str) -> None:
    assert KINDS[kind].positive and effective_weights()[kind] > 0


@pytest.mark.parametrize("kind", NEGATIVE)
def test_negative_kinds_take_heat_away(kind: str) -> None:
    assert not KINDS[kind].positive and effective_weights()[kind] < 0


def test_every_kind_has_a_label_and_description() -> None:
    assert all(k.label and k.description and k.weight > 0 for k in KINDS.values())


def test_overrides_replace_signed_weights_and_leave_the_rest() -> None:
    weights = effective_weights({"funding": 5, "layoffs": -0.5, "award": 0})
    assert (weights["funding"], weights["layoffs"], weights["award"]) == (5.0, -0.5, 0.0)
    assert weights["ipo"] == KINDS["ipo"].weight
    assert effective_weights(None) == effective_weights({})


@pytest.mark.parametrize(("overrides", "message"), [
    ({"fundng": 2}, "unknown kind 'fundng'"),
    ({"funding": "lots"}, "'funding' must be a number"),
    ({"funding": float("nan")}, "'funding' must be a finite number"),
])
def test_bad_overrides_are_one_line_errors(overrides: dict, message: str) -> None:
    with pytest.raises(UserError, match=message):
        effective_weights(overrides)


def test_rumours_and_denials_weigh_less_in_the_heat_score() -> None:
    from tracker.scoring import STATUS_FACTORS

    assert 1.0 > STATUS_FACTORS["rumour"] > STATUS_FACTORS["denied"] == 0.0
