"""The surge and new-team rules over job-board snapshots (pure; explicit now=)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tracker.hiring import (
    NewTeam,
    SnapshotView,
    count_by,
    detect_new_teams,
    detect_surge,
    new_team_confidence,
    surge_confidence,
    surge_evidence,
    team_key,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def snap(days_ago: float, roles: int, departments: dict[str, int] | None = None,
         locations: dict[str, int] | None = None) -> SnapshotView:
    return SnapshotView(taken_at=NOW - timedelta(days=days_ago), open_roles=roles,
                        departments=departments or {}, locations=locations or {})


@pytest.mark.parametrize(("history", "current", "last_surge_days_ago", "expected_baseline"), [
    # no history: the first crawl is a baseline
    ([], 40, None, None),
    # +7 roles and +87%: a surge against the oldest snapshot of the window
    ([snap(20, 8), snap(10, 9)], 15, None, 8),
    # +50% exactly and +5 exactly: both thresholds are inclusive
    ([snap(5, 10)], 15, None, 10),
    # +60% but only +3 roles: too small to mean anything
    ([snap(5, 5)], 8, None, None),
    # +5 roles but only +25%: a big board breathing, not a surge
    ([snap(5, 20)], 25, None, None),
    # the only earlier snapshot is older than 30 days: nothing recent to compare with
    ([snap(45, 8)], 30, None, None),
    # the window starts at the oldest snapshot inside it, not at an older low point
    ([snap(40, 2), snap(25, 20), snap(3, 21)], 26, None, None),
    # a dip inside the window does not make a recovery a surge
    ([snap(25, 20), snap(10, 8)], 21, None, None),
    # from an empty board to six roles: a surge (no ratio)
    ([snap(7, 0)], 6, None, 0),
    # a surge 10 days ago: no second surge inside the window, however much more growth
    ([snap(20, 8), snap(10, 15)], 40, 10, None),
    # the previous surge is older than the window: a new surge may fire
    ([snap(31, 8), snap(20, 16)], 30, 35, 16),
    # snapshots at or after now are the current one being replayed, not history
    ([snap(0, 8)], 15, None, None),
])
def test_surge_rule(history: list[SnapshotView], current: int, last_surge_days_ago: float | None,
                    expected_baseline: int | None) -> None:
    last = None if last_surge_days_ago is None else NOW - timedelta(days=last_surge_days_ago)
    surge = detect_surge(history=history, current=current, now=NOW, last_surge_at=last)
    if expected_baseline is None:
        assert surge is None
    else:
        assert surge is not None
        assert surge.baseline == expected_baseline and surge.current == current
        assert surge.increase == current - expected_baseline


@pytest.mark.parametrize(("history", "current", "expected"), [
    # first snapshot ever: nothing is "new"
    ([], snap(0, 3, {"Robotics": 3}, {"Lisbon": 3}), []),
    # a department and a location never seen before
    ([snap(7, 5, {"Sales": 5}, {"Denver": 5})],
     snap(0, 8, {"Sales": 5, "Robotics": 3}, {"Denver": 6, "Lisbon": 2}),
     [NewTeam("department", "Robotics", 3), NewTeam("location", "Lisbon", 2)]),
    # spelling and case do not make a team new
    ([snap(7, 2, {"Data Platform": 2}, {"São Paulo": 2})],
     snap(0, 2, {"data  platform": 2}, {"Sao Paulo": 2}), []),
    # a department seen months ago (within the year) is not new
    ([snap(200, 1, {"Robotics": 1}), snap(7, 4, {"Sales": 4})],
     snap(0, 5, {"Sales": 4, "Robotics": 1}), []),
    # one seen only more than a year ago counts as new again
    ([snap(400, 1, {"Robotics": 1}), snap(7, 4, {"Sales": 4})],
     snap(0, 5, {"Sales": 4, "Robotics": 1}), [NewTeam("department", "Robotics", 1)]),
    # placeholders are never teams
    ([snap(7, 1, {"Sales": 1})], snap(0, 3, {"Sales": 1, "No Department": 2}, {"": 3}), []),
])
def test_new_team_rule(history: list[SnapshotView], current: SnapshotView, expected: list[NewTeam]) -> None:
    assert detect_new_teams(history=history, current=current, now=NOW) == expected


@pytest.mark.parametrize(("values", "expected"), [
    (["Engineering", "engineering ", "Sales", "", "No Department"], {"Engineering": 2, "Sales": 1}),
    (["Remote", "Lisbon,  Portugal", "lisbon, portugal"], {"Remote": 1, "Lisbon, Portugal": 2}),
    ([], {}),
])
def test_count_by_groups_spellings_and_drops_placeholders(values: list[str], expected: dict[str, int]) -> None:
    assert count_by(values) == expected


@pytest.mark.parametrize(("name", "key"), [("  Perception  Research ", "perception research"),
                                           ("N/A", ""), ("Uncategorized", ""), ("Zürich", "zurich")])
def test_team_key(name: str, key: str) -> None:
    assert team_key(name) == key


def test_confidence_grows_with_the_size_of_the_change() -> None:
    small = detect_surge(history=[snap(5, 10)], current=15, now=NOW)
    large = detect_surge(history=[snap(5, 10)], current=40, now=NOW)
    assert small is not None and large is not None
    assert 0.5 <= surge_confidence(small) < surge_confidence(large) <= 0.95
    assert new_team_confidence(NewTeam("department", "X", 1)) < new_team_confidence(NewTeam("department", "X", 4))
    assert "from 10 to 15 (+50%)" in surge_evidence(small)
