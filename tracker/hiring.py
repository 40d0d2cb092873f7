"""Pure rules over job-board snapshots: when open roles surge, and when a new team appears."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tracker.names import fold

# A surge: open roles up by half or more, and by at least five roles, against the board's state at
# the start of the last 30 days; never two surges for one board within 30 days (a board that keeps
# growing would otherwise re-trigger every day as the window slides).
SURGE_WINDOW_DAYS = 30
SURGE_MIN_RATIO = 1.5
SURGE_MIN_INCREASE = 5
# A new team: a department or location with open roles now and none in any snapshot of the past year.
NEW_TEAM_LOOKBACK_DAYS = 365
# Placeholders boards use when a role has no department or location: never a team.
_NO_TEAM = {"", "no department", "none", "n/a", "other", "unassigned", "uncategorized", "general"}


@dataclass(frozen=True)
class SnapshotView:
    """What the rules need to know about one job-board snapshot."""

    taken_at: datetime
    open_roles: int
    departments: Mapping[str, int] = field(default_factory=dict)
    locations: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Surge:
    """Open roles up sharply: from `baseline` (at `baseline_at`) to `current`."""

    baseline: int
    baseline_at: datetime
    current: int

    @property
    def increase(self) -> int:
        """Roles added since the baseline."""
        return self.current - self.baseline

    @property
    def ratio(self) -> float | None:
        """current / baseline (None when the board was empty)."""
        return None if self.baseline == 0 else self.current / self.baseline


@dataclass(frozen=True)
class NewTeam:
    """First open roles in a department or location that had none before."""

    dimension: str  # "department" or "location"
    name: str
    roles: int


def team_key(name: str) -> str:
    """The comparison key of a department or location ('' for placeholders like 'No Department')."""
    key = fold(name or "")
    return "" if key in _NO_TEAM else key


def count_by(values: Iterable[str]) -> dict[str, int]:
    """Open roles per department or location, keyed by the first spelling seen; placeholders dropped."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for value in values:
        key = team_key(value)
        if key:
            spelling.setdefault(key, " ".join(value.split()))
            counts[spelling[key]] += 1
    return dict(counts)


def detect_surge(*, history: Sequence[SnapshotView], current: int, now: datetime,
                 last_surge_at: datetime | None = None, window_days: int = SURGE_WINDOW_DAYS,
                 min_ratio: float = SURGE_MIN_RATIO, min_increase: int = SURGE_MIN_INCREASE) -> Surge | None:
    """A surge when `current` open roles exceed the oldest snapshot of the window by the thresholds."""
    start = now - timedelta(days=window_days)
    if last_surge_at is not None and last_surge_at > start:
        return None
    in_window = sorted((s for s in history if start <= s.taken_at < now), key=lambda s: s.taken_at)
    if not in_window:
        return None  # nothing recent to compare with: the first crawl is a baseline, not a surge
    base = in_window[0]
    if current - base.open_roles < min_increase or current < base.open_roles * min_ratio:
        return None
    return Surge(baseline=base.open_roles, baseline_at=base.taken_at, current=current)


def detect_new_teams(*, history: Sequence[SnapshotView], current: SnapshotView, now: datetime,
                     lookback_days: int = NEW_TEAM_LOOKBACK_DAYS) -> list[NewTeam]:
    """Departments and locations open now that had no roles in any earlier snapshot of the lookback."""
    start = now - timedelta(days=lookback_days)
    earlier = [s for s in history if start <= s.taken_at < current.taken_at]
    if not earlier:
        return []  # the first snapshot establishes what exists; everything in it is not "new"
    found: list[NewTeam] = []
    for dimension in ("department", "location"):
        seen = {team_key(name) for s in earlier for name, n in _counts(s, dimension).items() if n > 0}
        for name, roles in sorted(_counts(current, dimension).items()):
            key = team_key(name)
            if key and roles > 0 and key not in seen:
                found.append(NewTeam(dimension=dimension, name=name, roles=roles))
    return found


def surge_confidence(surge: Surge) -> float:
    """Bigger jumps are surer: 0.6 at the thresholds, up to 0.95."""
    ratio = surge.ratio if surge.ratio is not None else 3.0
    return round(min(0.95, 0.6 + 0.1 * (ratio - SURGE_MIN_RATIO) + 0.01 * (surge.increase - SURGE_MIN_INCREASE)),
                 2)


def new_team_confidence(team: NewTeam) -> float:
    """One stray role is a hint; several roles at once are a team forming."""
    base = 0.55 if team.dimension == "department" else 0.5
    return round(min(0.9, base + 0.1 * (team.roles - 1)), 2)


def surge_evidence(surge: Surge) -> str:
    """One line for the user: how much the board grew and since when."""
    pct = "" if surge.ratio is None else f" (+{round((surge.ratio - 1) * 100)}%)"
    return (f"Open roles up from {surge.baseline} to {surge.current}{pct} since "
            f"{surge.baseline_at:%Y-%m-%d}.")


def new_team_evidence(team: NewTeam) -> str:
    """One line for the user: the new department or location and its roles."""
    roles = "role" if team.roles == 1 else "roles"
    return f"First open {roles} in {team.dimension} '{team.name}': {team.roles} (none in earlier snapshots)."


def _counts(snapshot: SnapshotView, dimension: str) -> Mapping[str, int]:
    return snapshot.departments if dimension == "department" else snapshot.locations
