"""Heat for many companies at once, vectorised with numpy: the same rules and the same numbers as
tracker.scoring.company_heat (tests hold the two together), fast enough for 100,000 signals."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from tracker.events import EVENT_FIELDS, EVENT_WINDOW_DAYS, PERSONAL_KINDS, TITLE_FIELDS, UnionFind
from tracker.scoring import STATUS_FACTORS, zero_reason

# A key of nulls only (nothing to compare), as SQLite's json_extract array and PostgreSQL's '|'-joined
# values (tracker.queries) write it.
EMPTY_KEYS = frozenset([*(",".join(["null"] * len(f)).join("[]") for f in (EVENT_FIELDS, TITLE_FIELDS)),
                        *("|" * (len(f) - 1) for f in (EVENT_FIELDS, TITLE_FIELDS))])


@dataclass(frozen=True)
class BulkPart:
    """One explanation line to write: which input row, its points, and why it counted nothing (if so)."""

    row: int
    kind: str
    points: float
    age: float
    note: str = ""


def bulk_heat(*, company_ids: Sequence[int], kinds: Sequence[str], corrected: Sequence[str | None],
              confidences: Sequence[float], ages: Sequence[float], story_ids: Sequence[int | None],
              statuses: Sequence[str | None], event_keys: Sequence[str | None], weights: Mapping[str, float],
              half_life_days: float, max_parts: int = 3) -> dict[int, tuple[float, list[BulkPart]]]:
    """Per company: (score, its top `max_parts` parts), from column lists of signals not marked wrong
    (or corrected). `event_keys` are any strings equal exactly when the defining facts are (see
    tracker.events; None or a list of nulls for none). Rows come in a stable order: ties are broken by it."""
    import numpy as np

    n = len(kinds)
    if n == 0:
        return {}
    # Each text column becomes integer codes in one cheap pass; lookups then happen once per distinct value.
    kind_eff = [c or k for k, c in zip(kinds, corrected, strict=True)]
    kind_code, kind_names = _codes(np, kind_eff)
    w = np.array([weights.get(k, math.nan) for k in kind_names], dtype=float)[kind_code]
    valid = ~np.isnan(w)  # a kind without a weight is left out, as company_heat leaves it out
    if not valid.any():
        return {}
    w[~valid] = 0.0
    status_code, status_names = _codes(np, statuses)
    factor = np.array([STATUS_FACTORS.get(s.strip().lower(), 1.0) if s else 1.0 for s in status_names],
                      dtype=float)[status_code]
    conf = np.clip(np.nan_to_num(np.array(confidences, dtype=float)), 0.0, 1.0)
    age = np.array(ages, dtype=float)
    rate = math.log(2) / half_life_days if half_life_days > 0 else 0.0
    points = w * conf * factor * np.exp(-rate * np.maximum(age, 0.0))
    company = np.array(company_ids, dtype=np.int64)
    index = np.arange(n)
    # No story: a story of its own (negative, so it never meets a real one).
    story_f = np.array(story_ids, dtype=float)
    story = np.where(np.isnan(story_f), -1 - index, np.nan_to_num(story_f)).astype(np.int64)
    key_code, key_names = _codes(np, event_keys)
    # Keys that compare nothing (none, nulls only) or belong to one person's move never link reports.
    silent_keys = np.array([k is None or k in EMPTY_KEYS for k in key_names], dtype=bool)
    personal = np.array([k in PERSONAL_KINDS for k in kind_names], dtype=bool)
    key = np.where(silent_keys[key_code] | personal[kind_code], -1, key_code)

    def kind_of(r: int) -> str:
        return kind_eff[r]

    rows = index[valid]
    group = _event_groups(np, company=company, story=story, age=age, rows=rows, kind=kind_code, key=key)
    # One event counts once: per group the strongest, then the youngest, then the first.
    order = rows[np.lexsort((rows, age[rows], -np.abs(points[rows]), group[rows]))]
    head = np.ones(len(order), dtype=bool)
    head[1:] = group[order][1:] != group[order][:-1]
    counted = np.zeros(n, dtype=bool)
    counted[order[head]] = True
    best_of = np.empty(n, dtype=np.int64)  # for a repeat, the row that counted for its event
    group_start = np.maximum.accumulate(np.where(head, np.arange(len(order)), 0))
    best_of[order] = order[group_start]
    ids, where = np.unique(company[rows], return_inverse=True)
    totals = np.bincount(where, weights=points[rows] * counted[rows], minlength=len(ids))
    result: dict[int, tuple[float, list[BulkPart]]] = {int(c): (float(t), []) for c, t in zip(ids, totals,
                                                                                                strict=True)}
    nonzero = rows[counted[rows] & (points[rows] != 0.0)]
    top = nonzero[np.lexsort((nonzero, age[nonzero], -np.abs(points[nonzero]), company[nonzero]))]
    if len(top):
        starts = np.ones(len(top), dtype=bool)
        starts[1:] = company[top][1:] != company[top][:-1]
        rank = np.arange(len(top)) - np.maximum.accumulate(np.where(starts, np.arange(len(top)), 0))
        for r in top[rank < max_parts].tolist():
            result[int(company[r])][1].append(BulkPart(r, kind_of(r), float(points[r]), float(age[r])))
    # Fewer lines than wanted: explain what counted nothing (a repeated story, a denial), in input order.
    short = [c for c, (_, parts) in result.items() if len(parts) < max_parts]
    silent = valid & ~(counted & (points != 0.0)) & np.isin(company, short)
    for r in index[silent].tolist():
        parts = result[int(company[r])][1]
        if len(parts) >= max_parts:
            continue
        if not counted[r]:
            note = f"same news as {kind_of(int(best_of[r]))}, counted once"
        else:
            note = zero_reason(status=statuses[r], weight=float(w[r]), confidence=float(conf[r]))
        parts.append(BulkPart(r, kind_of(r), 0.0, float(age[r]), note))
    return result


def _codes(np, values: Sequence[object]):  # noqa: ANN001, ANN202
    """Integer codes for a column (one dict lookup per row) and the distinct values, in code order."""
    distinct = list(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(distinct)}
    return np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values)), distinct


def _event_groups(np, *, company, story, age, rows, kind, key):  # noqa: ANN001, ANN202
    """A group label per row (numpy int array): rows of one company's story, or of the same company, kind
    and event key (-1: none) within EVENT_WINDOW_DAYS, share one (tracker.events.group_events, vectorised)."""
    n = len(company)
    # Story groups: each row points at the first row of its (company, story).
    by_story = rows[np.lexsort((rows, story[rows], company[rows]))]
    first = np.ones(len(by_story), dtype=bool)
    first[1:] = (company[by_story][1:] != company[by_story][:-1]) | (story[by_story][1:] != story[by_story][:-1])
    head_of = np.arange(n)
    head_of[by_story] = by_story[np.maximum.accumulate(np.where(first, np.arange(len(by_story)), 0))]
    # Event chains: same company, kind and key, consecutive reports at most a window apart.
    keyed = rows[key[rows] >= 0]
    chain = keyed[np.lexsort((keyed, age[keyed], key[keyed], kind[keyed], company[keyed]))]
    if len(chain) > 1:
        a, b = chain[:-1], chain[1:]
        linked = (company[a] == company[b]) & (kind[a] == kind[b]) & (key[a] == key[b]) \
            & (age[b] - age[a] <= EVENT_WINDOW_DAYS)
        if linked.any():
            groups = UnionFind()
            for x, y in zip(head_of[a[linked]].tolist(), head_of[b[linked]].tolist(), strict=True):
                groups.union(x, y)
            root = np.arange(n)
            for h in list(groups.parent):
                root[h] = groups.find(h)
            return root[head_of]
    return head_of
