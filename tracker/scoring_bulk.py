"""Heat for many companies at once, vectorised with numpy: the same rules and the same numbers as
tracker.scoring.company_heat (tests hold the two together), fast enough for 100,000 signals."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tracker.events import EVENT_FIELDS, EVENT_WINDOW_DAYS, PERSONAL_KINDS, TITLE_FIELDS, UnionFind
from tracker.scoring import STATUS_FACTORS, zero_reason

# numpy is imported inside each function, as before: importing this module (the command line does) stays cheap.

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


@dataclass(frozen=True)
class Columns:
    """Signals as numpy columns; each text column is integer codes into the list of its distinct values.

    `story` is unique and negative for a signal without a story. Rows are in a stable order (ties are
    broken by it)."""

    company: Any  # int64
    kind: Any  # codes into kinds: the effective kind (the correction, if any)
    kinds: list[str]
    confidence: Any  # float
    age: Any  # float, days
    story: Any  # int64
    status: Any  # codes into statuses (facts' status)
    statuses: list[str | None]
    key: Any  # codes into keys (event keys, see tracker.events; None or nulls only for none)
    keys: list[str | None]

    def take(self, rows: Any) -> Columns:
        """The columns of some rows (a boolean mask or indices), codes unchanged."""
        return Columns(self.company[rows], self.kind[rows], self.kinds, self.confidence[rows], self.age[rows],
                       self.story[rows], self.status[rows], self.statuses, self.key[rows], self.keys)


def codes(values: Sequence[object]) -> tuple[Any, list]:
    """Integer codes for a column (one dict lookup per row) and the distinct values, in code order."""
    import numpy as np
    distinct = list(dict.fromkeys(values))
    index = {v: i for i, v in enumerate(distinct)}
    return np.fromiter(map(index.__getitem__, values), dtype=np.int64, count=len(values)), distinct


def columns(*, company_ids: Sequence[int], kinds: Sequence[str], confidences: Sequence[float | None],
            ages: Sequence[float], story_ids: Sequence[int | None], statuses: Sequence[str | None],
            event_keys: Sequence[str | None], corrected: Sequence[str | None] | None = None) -> Columns:
    """Columns from plain lists (`kinds` already effective unless `corrected` is given)."""
    import numpy as np
    n = len(kinds)
    kind_eff = kinds if corrected is None else [c or k for k, c in zip(kinds, corrected, strict=True)]
    story_f = np.array(story_ids, dtype=float)
    story = np.where(np.isnan(story_f), -1 - np.arange(n), np.nan_to_num(story_f)).astype(np.int64)
    kind_code, kind_names = codes(kind_eff)
    status_code, status_names = codes(statuses)
    key_code, key_names = codes(event_keys)
    return Columns(np.array(company_ids, dtype=np.int64), kind_code, kind_names,
                   np.array(confidences, dtype=float), np.array(ages, dtype=float), story,
                   status_code, status_names, key_code, key_names)


def bulk_heat(*, company_ids: Sequence[int], kinds: Sequence[str], corrected: Sequence[str | None],
              confidences: Sequence[float], ages: Sequence[float], story_ids: Sequence[int | None],
              statuses: Sequence[str | None], event_keys: Sequence[str | None], weights: Mapping[str, float],
              half_life_days: float, max_parts: int = 3) -> dict[int, tuple[float, list[BulkPart]]]:
    """Per company: (score, its top `max_parts` parts), from column lists of signals not marked wrong
    (or corrected). `event_keys` are any strings equal exactly when the defining facts are (see
    tracker.events; None or a list of nulls for none). Rows come in a stable order: ties are broken by it."""
    if not kinds:
        return {}
    cols = columns(company_ids=company_ids, kinds=kinds, corrected=corrected, confidences=confidences, ages=ages,
                   story_ids=story_ids, statuses=statuses, event_keys=event_keys)
    return columns_heat(cols, weights=weights, half_life_days=half_life_days, max_parts=max_parts)


def _base_points(cols: Columns, weights: Mapping[str, float]) -> tuple[Any, Any, Any, Any]:
    """Per row: weight (0 where none), clipped confidence, status factor, and whether the kind has a weight."""
    import numpy as np
    w = np.array([weights.get(k, math.nan) for k in cols.kinds], dtype=float)[cols.kind]
    valid = ~np.isnan(w)  # a kind without a weight is left out, as company_heat leaves it out
    w[~valid] = 0.0
    factor = np.array([STATUS_FACTORS.get(s.strip().lower(), 1.0) if s else 1.0 for s in cols.statuses],
                      dtype=float)[cols.status]
    conf = np.clip(np.nan_to_num(cols.confidence), 0.0, 1.0)
    return w, conf, factor, valid


def columns_heat(cols: Columns, *, weights: Mapping[str, float], half_life_days: float,
                 max_parts: int = 3) -> dict[int, tuple[float, list[BulkPart]]]:
    """bulk_heat over Columns: parts name rows of `cols`."""
    import numpy as np
    n = len(cols.kind)
    if n == 0:
        return {}
    w, conf, factor, valid = _base_points(cols, weights)
    if not valid.any():
        return {}
    age, company, story = cols.age, cols.company, cols.story
    rate = math.log(2) / half_life_days if half_life_days > 0 else 0.0
    points = w * conf * factor * np.exp(-rate * np.maximum(age, 0.0))
    index = np.arange(n)
    # Keys that compare nothing (none, nulls only) or belong to one person's move never link reports.
    silent_keys = np.array([k is None or k in EMPTY_KEYS for k in cols.keys], dtype=bool)
    personal = np.array([k in PERSONAL_KINDS for k in cols.kinds], dtype=bool)
    key = np.where(silent_keys[cols.key] | personal[cols.kind], -1, cols.key)

    def kind_of(r: int) -> str:
        return cols.kinds[cols.kind[r]]

    rows = index[valid]
    group = _event_groups(company=company, story=story, age=age, rows=rows, kind=cols.kind, key=key)
    # One event counts once: per group the strongest, then the youngest, then the first. Most events have
    # one report, which counts: only the others need sorting.
    alone = np.bincount(group[rows], minlength=n)[group[rows]] == 1
    shared = rows[~alone]
    order = shared[np.lexsort((shared, age[shared], -np.abs(points[shared]), group[shared]))]
    head = np.ones(len(order), dtype=bool)
    head[1:] = group[order][1:] != group[order][:-1]
    counted = np.zeros(n, dtype=bool)
    counted[rows[alone]] = True
    counted[order[head]] = True
    best_of = np.arange(n)  # for a repeat, the row that counted for its event
    group_start = np.maximum.accumulate(np.where(head, np.arange(len(order)), 0))
    best_of[order] = order[group_start]
    ids, where = np.unique(company[rows], return_inverse=True)
    totals = np.bincount(where, weights=points[rows] * counted[rows], minlength=len(ids))
    result: dict[int, tuple[float, list[BulkPart]]] = {c: (t, []) for c, t in zip(ids.tolist(), totals.tolist(),
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
            note = zero_reason(status=cols.statuses[cols.status[r]], weight=float(w[r]), confidence=float(conf[r]))
        parts.append(BulkPart(r, kind_of(r), 0.0, float(age[r]), note))
    return result


def columns_trends(cols: Columns, *, weights: Mapping[str, float], half_life_days: float,
                   points: Sequence[float]) -> dict[int, list[float]]:
    """Each company's heat as it stood `points` days ago (rounded to 2 places), for sparklines: the rules
    of company_heat (weights, confidence, status, half-life, one story counted once by its strongest
    signal) applied at each point to the signals that had happened by then. Reports of one event spread
    over several stories are not merged here."""
    import numpy as np
    w, conf, factor, valid = _base_points(cols, weights)
    if not valid.any():
        return {}
    company, story, age = cols.company[valid], cols.story[valid], cols.age[valid]
    base = (w * conf * factor)[valid]
    at = np.asarray(points, dtype=float)
    # One story counts once: each (company, story) keeps its strongest signal.
    order = np.lexsort((-np.abs(base), story, company))
    first = np.ones(len(order), dtype=bool)
    first[1:] = (company[order][1:] != company[order][:-1]) | (story[order][1:] != story[order][:-1])
    keep = order[first]
    company, base, age = company[keep], base[keep], age[keep]
    # Heat as it stood `p` days ago: signals that had happened by then, decayed to that day.
    lag = age[:, None] - at[None, :]
    contrib = np.where(lag >= 0, base[:, None] * np.power(0.5, np.maximum(lag, 0.0) / half_life_days), 0.0)
    ids, index = np.unique(company, return_inverse=True)
    # Per point, sums in row order (as np.add.at adds them, only faster).
    sums = np.stack([np.bincount(index, weights=contrib[:, j], minlength=len(ids)) for j in range(len(at))], axis=1)
    return {cid: [round(x, 2) for x in row] for cid, row in zip(ids.tolist(), sums.tolist(), strict=True)}


def _event_groups(*, company: Any, story: Any, age: Any, rows: Any, kind: Any, key: Any) -> Any:
    """A group label per row (numpy int array): rows of one company's story, or of the same company, kind
    and event key (-1: none) within EVENT_WINDOW_DAYS, share one (tracker.events.group_events, vectorised)."""
    import numpy as np
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
