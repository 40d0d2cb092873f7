"""Company heat: signals' weight x confidence, decayed with age, each point explained (pure, takes now=)."""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any, NamedTuple

from tracker.events import event_key, group_events

DEFAULT_HALF_LIFE_DAYS = 45.0
# How much a signal counts by the status its facts report; a denied event counts nothing.
STATUS_FACTORS: dict[str, float] = {
    "rumour": 0.6, "rumor": 0.6, "unconfirmed": 0.6,
    "denied": 0.0, "cancelled": 0.0, "canceled": 0.0, "retracted": 0.0,
}
_CURRENCY = {"USD": "$", "EUR": "€", "GBP": "£", "AUD": "A$", "CAD": "C$", "JPY": "¥", "INR": "₹"}


NO_FACTS: Mapping[str, Any] = MappingProxyType({})


class SignalView(NamedTuple):
    """The part of a Signal row that heat needs (a tuple: cheap to build 100,000 of them)."""

    id: int | None
    kind: str
    confidence: float
    occurred_at: datetime
    story_id: int | None = None
    facts: Mapping[str, Any] = NO_FACTS
    evidence: str = ""
    wrong: bool = False
    corrected_kind: str | None = None


@dataclass(frozen=True)
class HeatPart:
    """One signal's contribution to a heat score, with its explanation."""

    kind: str
    points: float
    text: str  # "+3.1 funding: $40M Series B, 12 days ago"
    signal_id: int | None
    note: str = ""  # why a signal counted nothing ("denied", "same story as funding, counted once")


@dataclass(frozen=True)
class Heat:
    """A company's heat and the parts that make it up (largest first)."""

    score: float
    parts: tuple[HeatPart, ...]

    def texts(self, limit: int | None = None) -> list[str]:
        """The explanation lines, largest contribution first."""
        return [p.text for p in self.parts[:limit]]


def effective_kind(kind: str, *, wrong: bool = False, corrected_kind: str | None = None) -> str | None:
    """The kind a signal counts as: the user's correction, or None when marked wrong."""
    if corrected_kind:
        return corrected_kind
    return None if wrong else kind


def status_factor(facts: Mapping[str, Any] | None) -> float:
    """1.0 for a reported fact, less for a rumour, 0 for a denial (facts['status'])."""
    status = str((facts or {}).get("status") or "").strip().lower()
    return STATUS_FACTORS.get(status, 1.0)


def decay(age_days: float, half_life_days: float) -> float:
    """Exponential decay: 1.0 today, 0.5 after one half-life; future dates count as today."""
    if half_life_days <= 0:
        return 1.0
    return math.pow(0.5, max(0.0, age_days) / half_life_days)


def signal_points(*, kind: str, confidence: float, age_days: float, weight: float, half_life_days: float,
                  factor: float = 1.0) -> float:
    """One signal's signed contribution: weight x confidence x status factor x decay."""
    return weight * max(0.0, min(1.0, confidence)) * factor * decay(age_days, half_life_days)


def age_days(occurred_at: datetime, now: datetime) -> float:
    """Days between the event and now (naive datetimes are taken as UTC)."""
    if occurred_at.tzinfo is None:
        occurred_at = occurred_at.replace(tzinfo=UTC)
    if now.tzinfo is None:
        now = now.replace(tzinfo=UTC)
    return (now - occurred_at).total_seconds() / 86400.0


def company_heat(*, signals: Sequence[SignalView], weights: Mapping[str, float], half_life_days: float,
                 now: datetime, max_parts: int | None = None) -> Heat:
    """Sum the signals' decayed, signed points; one event counts once (its strongest signal, see
    tracker.events: one story, or the same facts reported within a week).

    Signals marked wrong are left out, a corrected kind counts as that kind, rumours count less and
    denials nothing. `max_parts` limits how many explanation lines are written (the score uses all).
    """
    scored: list[tuple[float, SignalView, str, float]] = []
    # Ages from naive UTC datetimes: one subtraction per signal (this loop runs 100,000 times).
    now_naive = now.astimezone(UTC).replace(tzinfo=None) if now.tzinfo else now
    ln2_per_day = math.log(2) / half_life_days if half_life_days > 0 else 0.0
    for s in signals:
        kind = s.corrected_kind or (None if s.wrong else s.kind)
        weight = weights.get(kind) if kind else None
        if weight is None:
            continue
        at = s.occurred_at
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
        age = (now_naive - at).total_seconds() / 86400.0
        factor = 1.0 if s.facts is NO_FACTS else status_factor(s.facts)
        conf = s.confidence if 0.0 <= s.confidence <= 1.0 else max(0.0, min(1.0, s.confidence))
        points = weight * conf * factor * math.exp(-ln2_per_day * max(0.0, age))
        scored.append((points, s, kind, age))
    # One event counts once however many outlets (or kinds) report it: only its strongest signal counts.
    group = group_events([(None, kind, event_key(kind, s.facts), age, s.story_id) for _, s, kind, age in scored])
    best: dict[int, int] = {}
    for i, (points, _, _, age) in enumerate(scored):
        j = best.get(group[i])
        if j is None or (-abs(points), age) < (-abs(scored[j][0]), scored[j][3]):
            best[group[i]] = i
    counted = [t for i, t in enumerate(scored) if best[group[i]] == i]
    total = sum(t[0] for t in counted)
    order = lambda t: (-abs(t[0]), t[3])  # noqa: E731
    nonzero = [t for t in counted if t[0] != 0.0]
    top = sorted(nonzero, key=order) if max_parts is None else heapq.nsmallest(max_parts, nonzero, key=order)
    parts = [HeatPart(kind, points, part_text(points, kind, s, age), s.id) for points, s, kind, age in top]
    if max_parts is None or len(parts) < max_parts:
        # Signals that counted nothing still explain themselves: denied, or a repeat of a counted story.
        for i, (points, s, kind, age) in enumerate(scored):
            if max_parts is not None and len(parts) >= max_parts:
                break
            if best[group[i]] != i:
                why = f"same news as {scored[best[group[i]]][2]}, counted once"
            elif points == 0.0:
                why = zero_reason(status=str(s.facts.get("status") or ""), weight=weights[kind],
                                  confidence=s.confidence)
            else:
                continue
            parts.append(HeatPart(kind, 0.0, part_text(0.0, kind, s, age, note=why), s.id, why))
    return Heat(score=total, parts=tuple(parts))


def zero_reason(*, status: str | None, weight: float, confidence: float) -> str:
    """Why a signal that is not a repeat counted nothing: its status, its weight, its confidence, its age."""
    status = (status or "").strip().lower()
    if STATUS_FACTORS.get(status, 1.0) == 0.0:
        return status
    if weight == 0.0:
        return "weight 0"
    if confidence <= 0.0:
        return "confidence 0"
    return "too old to count"


def part_text(points: float, kind: str, signal: SignalView, age: float, *, note: str = "") -> str:
    """'+3.1 funding: $40M Series B, 12 days ago' (with '(rumour)' or a note when relevant)."""
    status = str(signal.facts.get("status") or "").strip().lower()
    extra = note or (status if status in STATUS_FACTORS else "")
    tail = f" ({extra})" if extra else ""
    return f"{points:+.1f} {kind}: {describe(kind, signal.facts, signal.evidence)}, {age_text(age)}{tail}"


def age_text(days: float) -> str:
    """'today', '1 day ago', '12 days ago', '3 months ago'."""
    d = int(max(0.0, days))
    if d == 0:
        return "today"
    if d < 60:
        return f"{d} day{'s' if d != 1 else ''} ago"
    months = round(d / 30.4)
    if months < 18:
        return f"{months} months ago"
    return f"{round(d / 365.25)} years ago"


def money(amount: Any, currency: Any = None) -> str:
    """40000000 -> '$40M'; strings are kept as written."""
    if isinstance(amount, str):
        return amount.strip()
    if not isinstance(amount, int | float) or isinstance(amount, bool):
        return ""
    symbol = _CURRENCY.get(str(currency or "USD").upper(), f"{currency} ")
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(amount) >= size:
            value = amount / size
            text = f"{value:.1f}".rstrip("0").rstrip(".")
            return f"{symbol}{text}{suffix}"
    return f"{symbol}{amount:g}"


def _first(facts: Mapping[str, Any], *keys: str) -> str:
    for key in keys:
        value = facts.get(key)
        if isinstance(value, list | tuple):
            value = ", ".join(str(v) for v in value if v)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def describe(kind: str, facts: Mapping[str, Any], evidence: str = "") -> str:
    """A short phrase for what happened, from the signal's facts (or its evidence sentence)."""
    f = facts or {}
    phrase = ""
    cash = str(f.get("money") or "") or money(f.get("amount"), f.get("currency"))
    if kind == "funding":
        phrase = " ".join(x for x in (cash, _first(f, "round", "stage")) if x)
    elif kind == "acquisition":
        acquirer, target = _first(f, "acquirer"), _first(f, "target", "acquired")
        role = _first(f, "role")
        if acquirer and target:
            phrase = f"{acquirer} acquires {target}"
        elif acquirer or target:
            phrase = f"deal with {acquirer or target}"
        elif role in {"target", "merger"}:
            phrase = " ".join(x for x in ("being acquired" if role == "target" else "merger", cash and f"({cash})")
                              if x)
        elif role == "acquirer" and cash:
            phrase = f"acquisition ({cash})"  # whom it buys is in the evidence, when there is no figure
    elif kind in {"expansion", "closure"}:
        place = _first(f, "city", "location", "region", "country")
        phrase = (f"new office in {place}" if kind == "expansion" else f"closing in {place}") if place else ""
    elif kind == "leadership_change":
        person, role = _first(f, "person", "name"), _first(f, "role", "title")
        if _first(f, "direction") == "leaves":
            phrase = " ".join(x for x in (person, f"leaves as {role}" if role else "leaves") if x) if person else ""
        else:
            new = role if role.lower().startswith("new ") else f"new {role}"
            phrase = " ".join(x for x in (new if role else "", person) if x)
    elif kind in {"layoffs", "restructuring"}:
        count = _first(f, "count", "headcount", "jobs")
        pct = _first(f, "percent", "percentage")
        phrase = f"{count} jobs cut" if count else (f"{pct}% of staff" if pct else "")
    elif kind in {"contract_win", "partnership"}:
        other = _first(f, "customer", "partner", "client", "agency")
        phrase = " ".join(x for x in (other, cash if kind == "contract_win" else "") if x)
    elif kind in {"hiring_surge", "new_team"}:
        roles = _first(f, "open_roles", "new_roles", "count", "headcount")
        team = _first(f, "department", "team", "unit")
        phrase = " ".join(x for x in (f"{roles} open roles" if roles else "", f"in {team}" if team else "") if x)
    elif kind in {"contact_joined", "contact_left"}:
        who = _first(f, "contact", "contact_name", "name")
        verb = "joined" if kind == "contact_joined" else "left"
        phrase = f"{who} {verb}" if who else ""
    elif kind in {"product_launch", "award", "ipo"}:
        phrase = _first(f, "product", "award", "name", "exchange") or (cash if kind == "ipo" else "")
    if not phrase and evidence:
        phrase = _clip(evidence, 70)
    return phrase or kind.replace("_", " ")


def _clip(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
