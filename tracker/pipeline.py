"""The user's pipeline per company: watching -> reached_out -> ... -> closed, with history and notes."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from tracker.errors import UserError
from tracker.models import Company, PipelineEvent

STAGES = ("watching", "reached_out", "conversation", "referral", "applied", "interview", "offer", "closed")


def check_stage(stage: str) -> str:
    """The stage, normalised ('Reached out' -> 'reached_out'); a clear error when unknown."""
    key = stage.strip().lower().replace("-", "_").replace(" ", "_")
    if key not in STAGES:
        raise UserError(f"unknown stage '{stage}' (choose one of: {', '.join(STAGES)})")
    return key


def set_stage(*, session: Session, company: Company, stage: str, now: datetime, note: str = "") -> PipelineEvent:
    """Move a company to a stage (any direction; the same stage just adds the note) and record it."""
    stage = check_stage(stage)
    event = PipelineEvent(company_id=company.id, stage=stage, note=note.strip(), at=now)
    company.stage = stage
    session.add(company)
    session.add(event)
    session.flush()
    return event


def advance_to(*, session: Session, company: Company, stage: str, now: datetime, note: str = "") -> bool:
    """Move forward to `stage` only if the company is at an earlier stage (never backwards); True if moved."""
    stage = check_stage(stage)
    current = company.stage if company.stage in STAGES else "watching"
    if STAGES.index(current) >= STAGES.index(stage):
        return False
    set_stage(session=session, company=company, stage=stage, now=now, note=note)
    return True


def history(*, session: Session, company: Company) -> list[dict]:
    """The company's pipeline events, oldest first, each with the stage it came from."""
    events = session.exec(select(PipelineEvent).where(PipelineEvent.company_id == company.id)
                          .order_by(PipelineEvent.at, PipelineEvent.id)).all()
    rows, previous = [], "watching"
    for e in events:
        rows.append({"company": company.name, "at": e.at, "from": previous, "stage": e.stage, "note": e.note})
        previous = e.stage
    return rows
