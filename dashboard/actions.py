"""Every write the dashboard makes: one transaction around one library function, then a cache refresh."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from dashboard import data
from tracker.models import Company
from tracker.pipeline import STAGES

__all__ = ["STAGES", "log_outreach", "set_stage"]


def _items(lines: list[str]) -> list[str]:
    return [line.strip() for line in lines if line.strip()]


def _company(s: Any, company_id: int) -> Company:
    company = s.get(Company, company_id)
    if company is None:
        from tracker.errors import UserError

        raise UserError(f"no company with id {company_id}")
    return company


def log_outreach(url: str, *, company_id: int, contact_id: int, signal_id: int | None) -> dict[str, Any]:
    """Record the drafted outreach as sent: an interaction, a follow-up and the pipeline move."""
    from tracker.outreach import draft_outreach
    from tracker.outreach import log_outreach as record

    at = data.now()
    with data.session(url) as s:
        draft = draft_outreach(session=s, company=_company(s, company_id), now=at, contact=str(contact_id),
                               signal_id=signal_id)
        result = record(session=s, draft=draft, now=at)
    data.refresh()
    return result


def set_stage(url: str, *, company_id: int, stage: str, note: str = "") -> None:
    """Move a company along the pipeline, with a note."""
    from tracker.pipeline import set_stage as move

    with data.session(url) as s:
        move(session=s, company=_company(s, company_id), stage=stage, now=data.now(), note=note)
    data.refresh()


def log_interaction(url: str, *, contact_id: int, kind: str, occurred_at: datetime, note: str = "") -> int:
    """Log an interaction with a contact (this also resets their keep-in-touch clock)."""
    from tracker.network.interactions import add_interaction

    with data.session(url) as s:
        interaction = add_interaction(session=s, contact_id=contact_id, kind=kind, occurred_at=occurred_at,
                                      note=note)
        new_id = interaction.id
    data.refresh()
    return new_id


def import_contacts(url: str, *, path: Path, fmt: str = "auto") -> dict[str, Any]:
    """Import a contacts export (one transaction); returns the import summary."""
    from tracker.network.importer import import_contacts as run

    with data.session(url) as s:
        summary = run(session=s, path=path, fmt=fmt, now=data.now())
    data.refresh()
    return summary.as_dict()


def save_profile(url: str, *, roles: list[str], functions: list[str], seniority: str, locations: list[str]) -> None:
    """Store the user's target roles, functions, seniority and locations."""
    from tracker.network.profile import set_profile

    with data.session(url) as s:
        set_profile(session=s, roles=_items(roles), functions=_items(functions), seniority=seniority.strip() or None,
                    locations=_items(locations))
    data.refresh()


def save_weights(url: str, overrides: dict[str, float]) -> None:
    """Store the user's own signal weights (kinds left out use the default)."""
    from tracker.preferences import SIGNAL_WEIGHTS, set_preference

    with data.session(url) as s:
        set_preference(session=s, key=SIGNAL_WEIGHTS, value={k: float(v) for k, v in overrides.items()})
    data.refresh()


def save_half_life(url: str, days: float) -> None:
    """Store the heat half-life in days."""
    from tracker.preferences import HALF_LIFE_DAYS, set_preference

    if not 0 < days <= 3650:
        from tracker.errors import UserError

        raise UserError(f"half-life: {days} is not between 1 and 3650 days")
    with data.session(url) as s:
        set_preference(session=s, key=HALF_LIFE_DAYS, value=float(days))
    data.refresh()


def save_cadences(url: str, cadences: dict[str, int]) -> None:
    """Replace the keep-in-touch cadences: {'default': 180, 'inner circle': 60, ...} (tag names as keys)."""
    from tracker.network.followups import get_cadences, set_cadence

    with data.session(url) as s:
        wanted = {("default" if k.lower() == "default" else f"tag:{k}"): v for k, v in cadences.items()}
        for key in get_cadences(session=s):
            if key not in wanted:
                set_cadence(session=s, days=None, tag=None if key == "default" else key.removeprefix("tag:"))
        for key, days in wanted.items():
            set_cadence(session=s, days=days, tag=None if key == "default" else key.removeprefix("tag:"))
    data.refresh()


def mark_signal_wrong(url: str, *, signal_id: int, corrected_kind: str | None = None) -> None:
    """Record that a signal is wrong (or really another kind); it stops counting and becomes labelled data."""
    from tracker.signals.feedback import mark_wrong

    with data.session(url) as s:
        mark_wrong(session=s, signal_id=signal_id, corrected_kind=corrected_kind, now=data.now())
    data.refresh()


def decide_employer_match(url: str, *, match_id: int, confirm: bool) -> dict[str, Any]:
    """Confirm or reject a suggested employer match (remembered); employments are relinked at once."""
    from tracker.network.employer_review import decide_match

    with data.session(url) as s:
        result = decide_match(session=s, match_id=match_id, confirm=confirm, now=data.now())
    data.refresh()
    return result


def merge_contacts(url: str, *, keep_id: int, other_id: int) -> None:
    """Merge two contacts into one (every source record kept; `hjm contacts split` undoes it)."""
    from tracker.network.merge import merge_contacts as merge

    with data.session(url) as s:
        merge(session=s, keep_id=keep_id, other_id=other_id, now=data.now())
    data.refresh()


def dismiss_merge(url: str, *, keep_id: int, other_id: int) -> None:
    """Remember that two contacts with the same name are different people."""
    from tracker.preferences import get_preference, set_preference

    with data.session(url) as s:
        pairs = get_preference(session=s, key=data.MERGES_DISMISSED, default=[]) or []
        pair = sorted((keep_id, other_id))
        if pair not in pairs:
            set_preference(session=s, key=data.MERGES_DISMISSED, value=[*pairs, pair])
    data.refresh()
