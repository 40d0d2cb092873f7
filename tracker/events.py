"""One event, counted once: signals of one story, and reports of the same facts within a week.

Story clustering (tracker.stories) groups near-identical articles, but two outlets often write the same
news in their own words. So, for heat, two signals of the same company and kind whose defining facts
are identical (the same amount and round, the same city, the same person...) and which happened within
EVENT_WINDOW_DAYS of each other are one event too. Network signals (a contact joining or leaving) are
always their own event: they are about one person each.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

EVENT_WINDOW_DAYS = 7.0
# The facts that tell one event from another of the same kind (the status is left out on purpose:
# a rumour and its confirmation are the same event).
EVENT_FIELDS = ("money", "amount", "round", "location", "city", "person", "direction", "role", "headcount",
                "percent", "acquirer", "target", "partner", "customer")
# A job title is worded differently by every outlet ("CTO", "chief technology officer"): it only tells
# events apart when no person is named.
TITLE_FIELDS = (*EVENT_FIELDS, "title")
PERSONAL_KINDS = frozenset({"contact_joined", "contact_left"})


def event_key(kind: str, facts: Mapping[str, Any] | None) -> str | None:
    """The event's defining facts as a comparable string; None when there are none to compare."""
    if kind in PERSONAL_KINDS or not facts:
        return None
    values = [facts.get(f) for f in (EVENT_FIELDS if facts.get("person") else TITLE_FIELDS)]
    if all(v is None for v in values):
        return None
    return json.dumps(values, sort_keys=True, default=str)


class UnionFind:
    """Union-find over row indices (only rows that are linked ever get an entry)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, i: int) -> int:
        root = i
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        while self.parent.get(i, i) != root:  # path compression
            self.parent[i], i = root, self.parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_events(items: Sequence[tuple[Any, str, str | None, float, int | None]]) -> list[int]:
    """One group label per item (company, kind, event key, age in days, story id): items of the same
    company and story, or of the same company, kind and key within EVENT_WINDOW_DAYS, share a label."""
    groups = UnionFind()
    first_of_story: dict[tuple[Any, int], int] = {}
    chains: dict[tuple[Any, str, str], list[tuple[float, int]]] = {}
    for i, (company, kind, key, age, story) in enumerate(items):
        if story is not None:
            j = first_of_story.setdefault((company, story), i)
            if j != i:
                groups.union(i, j)
        if key is not None:
            chains.setdefault((company, kind, key), []).append((age, i))
    for chain in chains.values():
        chain.sort()
        for (age_a, a), (age_b, b) in zip(chain, chain[1:], strict=False):
            if age_b - age_a <= EVENT_WINDOW_DAYS:
                groups.union(a, b)
    return [groups.find(i) for i in range(len(items))]
