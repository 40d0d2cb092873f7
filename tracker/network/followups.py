"""Keeping in touch: cadences per contact or tag, scheduled follow-ups, and who is due or overdue."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from tracker.errors import UserError
from tracker.models import Company, Contact, FollowUp, Interaction
from tracker.preferences import CADENCES, get_preference, set_preference

INNER_CIRCLE = "inner circle"  # a tag, and also the strongest ties (see strength.inner_circle)


def _norm_tag(tag: str) -> str:
    return " ".join(tag.replace("-", " ").replace("_", " ").lower().split())


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def get_cadences(*, session: Session) -> dict[str, int]:
    """Stored cadences: {'tag:inner circle': 60, 'default': 180} (days)."""
    stored = get_preference(session=session, key=CADENCES, default={}) or {}
    return {str(k): int(v) for k, v in stored.items() if v}


def set_cadence(*, session: Session, days: int | None, tag: str | None = None) -> dict[str, int]:
    """Set (or with days None/0, clear) the cadence of a tag, or the default cadence when no tag is given."""
    if days is not None and not 0 <= days <= 3650:
        raise UserError(f"--days: {days} is not between 1 and 3650")
    key = f"tag:{_norm_tag(tag)}" if tag else "default"
    if key == "tag:":
        raise UserError("--tag is empty")
    cadences = get_cadences(session=session)
    if days:
        cadences[key] = days
    else:
        cadences.pop(key, None)
    set_preference(session=session, key=CADENCES, value=cadences)
    return cadences


def schedule_followup(*, session: Session, contact_id: int, due_on: date, reason: str,
                      company_id: int | None = None, interaction_id: int | None = None,
                      now: datetime | None = None) -> FollowUp:
    """Promise a follow-up with a contact on `due_on` (the same open promise is not repeated)."""
    if session.get(Contact, contact_id) is None:
        raise UserError(f"no contact with id {contact_id}")
    existing = session.exec(select(FollowUp).where(
        FollowUp.contact_id == contact_id, FollowUp.due_on == due_on, FollowUp.reason == reason,
        col(FollowUp.done_at).is_(None))).first()
    if existing is not None:
        return existing
    followup = FollowUp(contact_id=contact_id, due_on=due_on, reason=reason, company_id=company_id,
                        interaction_id=interaction_id)
    if now is not None:
        followup.created_at = now
    session.add(followup)
    session.flush()
    return followup


def close_followups(*, session: Session, contact_id: int, at: datetime) -> int:
    """Mark a contact's open follow-ups done by an interaction at `at`; returns how many."""
    open_rows = session.exec(select(FollowUp).where(FollowUp.contact_id == contact_id,
                                                    col(FollowUp.done_at).is_(None))).all()
    closed = 0
    for row in open_rows:
        if row.interaction_id is not None:
            origin = session.get(Interaction, row.interaction_id)
            # Something logged as happening before the outreach that created the follow-up cannot answer it.
            if origin is not None and _aware(origin.occurred_at) > _aware(at):
                continue
        row.done_at = at
        session.add(row)
        closed += 1
    if closed:
        session.flush()
    return closed


def complete_followup(*, session: Session, followup_id: int, now: datetime) -> FollowUp:
    """Mark one follow-up done without logging an interaction."""
    row = session.get(FollowUp, followup_id)
    if row is None:
        raise UserError(f"no follow-up with id {followup_id} (see `hjm followups`)")
    if row.done_at is None:
        row.done_at = now
        session.add(row)
        session.flush()
    return row


def _contact_cadence(cadence_days: int | None, tags: set[str], cadences: dict[str, int]) -> tuple[int, str] | None:
    if cadence_days:
        return cadence_days, "your cadence for this person"
    tagged = [(days, f"tag: {key[4:]}") for key, days in cadences.items() if key.startswith("tag:") and key[4:] in tags]
    if tagged:
        return min(tagged)
    if cadences.get("default"):
        return cadences["default"], "default cadence"
    return None


def _status(due_on: date, today: date) -> tuple[str, int]:
    days = (today - due_on).days
    return ("overdue" if days > 0 else "due" if days == 0 else "upcoming"), days


def due_followups(*, session: Session, now: datetime, within_days: int = 0) -> list[dict[str, Any]]:
    """Who to get back to: open follow-ups and cadences that are due, overdue (or due within N days)."""
    today = _aware(now).date()
    horizon = today + timedelta(days=within_days)
    last = dict(session.exec(select(Interaction.contact_id, func.max(Interaction.occurred_at))
                             .group_by(Interaction.contact_id)).all())
    rows: list[dict[str, Any]] = []
    promised = session.exec(
        select(FollowUp, Contact.full_name, Company.name).join(Contact, Contact.id == FollowUp.contact_id)
        .join(Company, Company.id == FollowUp.company_id, isouter=True)
        .where(col(FollowUp.done_at).is_(None), FollowUp.due_on <= horizon)).all()
    for followup, name, company in promised:
        status, days = _status(followup.due_on, today)
        rows.append({"contact_id": followup.contact_id, "contact": name, "due_on": followup.due_on, "status": status,
                     "days_overdue": days, "reason": followup.reason or "follow-up", "source": "follow-up",
                     "followup_id": followup.id, "company": company,
                     "last_interaction": _aware(last[followup.contact_id]) if followup.contact_id in last else None})
    rows += _cadence_rows(session=session, now=now, today=today, horizon=horizon, last=last,
                          skip={r["contact_id"] for r in rows})
    return sorted(rows, key=lambda r: (r["due_on"], r["contact"], r["contact_id"]))


def _cadence_rows(*, session: Session, now: datetime, today: date, horizon: date, last: dict[int, datetime],
                  skip: set[int]) -> list[dict[str, Any]]:
    cadences = get_cadences(session=session)
    circle: set[int] = set()
    if f"tag:{INNER_CIRCLE}" in cadences:
        from tracker.network.strength import inner_circle  # only needed when the inner circle has a cadence

        circle = set(inner_circle(session=session, now=now))
    query = select(Contact.id, Contact.full_name, Contact.cadence_days, Contact.tags, Contact.connected_on,
                   Contact.created_at)
    if not cadences:
        query = query.where(col(Contact.cadence_days).is_not(None))
    rows: list[dict[str, Any]] = []
    for cid, name, cadence_days, tags, connected_on, created_at in session.exec(query).all():
        if cid in skip:
            continue
        tag_set = {_norm_tag(t) for t in tags or ()} | ({INNER_CIRCLE} if cid in circle else set())
        cadence = _contact_cadence(cadence_days, tag_set, cadences)
        if cadence is None:
            continue
        days, why = cadence
        seen = _aware(last[cid]).date() if cid in last else None
        since = seen or connected_on or _aware(created_at).date()
        due_on = since + timedelta(days=days)
        if due_on > horizon:
            continue
        status, overdue = _status(due_on, today)
        touch = f"last in touch {seen.isoformat()}" if seen else "never logged"
        rows.append({"contact_id": cid, "contact": name, "due_on": due_on, "status": status, "days_overdue": overdue,
                     "reason": f"keep in touch every {days} days ({why}); {touch}", "source": "cadence",
                     "followup_id": None, "company": None, "last_interaction": _aware(last[cid]) if seen else None})
    return rows
