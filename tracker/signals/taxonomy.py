"""The signal kinds, with their default weight and sign for the heat score, in one table."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.errors import UserError


@dataclass(frozen=True)
class SignalKind:
    """One kind of hiring signal: its label, default weight (a magnitude) and whether it is good news."""

    name: str
    label: str
    weight: float
    positive: bool
    description: str

    @property
    def signed_weight(self) -> float:
        """The weight with its sign: positive kinds add heat, negative kinds take it away."""
        return self.weight if self.positive else -self.weight


_TABLE = (
    # name, label, weight, positive, description
    ("funding", "Funding", 3.0, True, "A financing round, debt facility or grant: money to hire with."),
    ("acquisition", "Acquisition", 2.0, True,
     "Acquires, is acquired or merges (facts.role: acquirer, target or merger); teams get rebuilt."),
    ("ipo", "IPO", 2.5, True, "Files for, prices or completes a public listing."),
    ("expansion", "Expansion", 2.5, True, "A new office, site, country or market (facts.location)."),
    ("leadership_change", "Leadership change", 1.5, True,
     "An executive or team lead appointed, promoted or departing (facts.person, title, direction)."),
    ("contract_win", "Contract win", 2.0, True, "A major contract or client won."),
    ("partnership", "Partnership", 1.0, True, "A strategic partnership or alliance."),
    ("product_launch", "Product launch", 1.0, True, "A new product or major release."),
    ("award", "Award", 0.5, True, "An award, ranking or recognition."),
    ("hiring_surge", "Hiring surge", 3.0, True,
     "Announced hiring plans (\"plans to hire 300 engineers\") or fast job-board growth."),
    ("new_team", "New team", 2.5, True, "A new team, unit, division, lab or practice."),
    ("layoffs", "Layoffs", 3.0, False, "Job cuts (facts.headcount, facts.percent)."),
    ("hiring_freeze", "Hiring freeze", 3.0, False, "Hiring paused or frozen."),
    ("restructuring", "Restructuring", 1.5, False, "A reorganisation, overhaul or cost-cutting plan."),
    ("closure", "Closure", 3.0, False, "Sites closed, bankruptcy, administration or wind-down."),
    ("contact_joined", "Contact joined", 1.0, True,
     "Someone in your network joined the company: a warm way in."),
    ("contact_left", "Contact left", 0.25, True,
     "Someone in your network left the company: a backfill may open and they can still introduce you."),
)

KINDS: dict[str, SignalKind] = {row[0]: SignalKind(*row) for row in _TABLE}

# Kinds detected in news text (the network kinds come from contact imports, the job-board growth from crawls).
TEXT_KINDS: tuple[str, ...] = tuple(k for k in KINDS if not k.startswith("contact_"))



def effective_weights(overrides: Mapping[str, float] | None = None) -> dict[str, float]:
    """Signed weight per kind: the defaults, replaced by the user's overrides (signed values, used as given)."""
    weights = {name: kind.signed_weight for name, kind in KINDS.items()}
    for name, value in (overrides or {}).items():
        if name not in KINDS:
            raise UserError(f"signal weights: unknown kind '{name}' (known: {', '.join(KINDS)})")
        try:
            number = float(value)
        except (TypeError, ValueError) as exc:
            raise UserError(f"signal weights: '{name}' must be a number, not {value!r}") from exc
        if not math.isfinite(number):
            raise UserError(f"signal weights: '{name}' must be a finite number")
        weights[name] = number
    return weights
