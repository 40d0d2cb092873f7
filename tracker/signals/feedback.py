"""Stored signals: list them, let the user mark one wrong (or as another kind), export corrections as labels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, select

from tracker.errors import UserError
from tracker.models import Article, Company, Signal, SignalFeedback, utcnow
from tracker.signals.taxonomy import KINDS


def list_signals(*, session: Session, company_id: int | None = None, since: datetime | None = None,
                 kind: str | None = None, include_wrong: bool = False, limit: int | None = None) -> list[dict]:
    """Signals newest first, with company, evidence, facts and the article they came from."""
    if kind is not None and kind not in KINDS:
        raise UserError(f"--kind: unknown kind '{kind}' (known: {', '.join(KINDS)})")
    query = (select(Signal, Company, Article)
             .join(Company, Company.id == Signal.company_id)
             .join(Article, Article.id == Signal.article_id, isouter=True))
    if company_id is not None:
        query = query.where(Signal.company_id == company_id)
    if since is not None:
        query = query.where(Signal.occurred_at >= since)
    if kind is not None:
        query = query.where(Signal.kind == kind)
    if not include_wrong:
        query = query.where(Signal.wrong == False)  # noqa: E712 (SQL expression)
    query = query.order_by(Signal.occurred_at.desc(), Signal.id.desc())
    if limit:
        query = query.limit(limit)
    rows = []
    for signal, company, article in session.exec(query).all():
        rows.append({
            "id": signal.id, "company": company.name, "company_id": company.id, "kind": signal.kind,
            "confidence": round(signal.confidence, 2), "occurred_at": signal.occurred_at,
            "evidence": signal.evidence, "facts": signal.facts,
            "url": article.url if article else None, "title": article.title if article else None,
            "wrong": signal.wrong, "corrected_kind": signal.corrected_kind,
        })
    return rows


def mark_wrong(*, session: Session, signal_id: int, corrected_kind: str | None = None,
               now: datetime | None = None) -> SignalFeedback:
    """Record that a signal is wrong (optionally: it is really `corrected_kind`); it stops counting."""
    signal = session.get(Signal, signal_id)
    if signal is None:
        raise UserError(f"no signal with id {signal_id} (see `hjm signals --include-wrong`)")
    if corrected_kind is not None and corrected_kind not in KINDS:
        raise UserError(f"--kind: unknown kind '{corrected_kind}' (known: {', '.join(KINDS)})")
    if corrected_kind == signal.kind:
        raise UserError(f"signal {signal_id} already is '{signal.kind}'; --kind must name the right kind")
    existing = session.exec(select(SignalFeedback).where(
        SignalFeedback.signal_id == signal_id, SignalFeedback.corrected_kind == corrected_kind)).first()
    signal.wrong = True
    signal.corrected_kind = corrected_kind
    session.add(signal)
    if existing is not None:  # marking twice changes nothing
        session.flush()
        return existing
    company = session.get(Company, signal.company_id)
    feedback = SignalFeedback(signal_id=signal.id, kind=signal.kind, corrected_kind=corrected_kind,
                              text=signal.evidence, company=company.name if company else "", at=now or utcnow())
    session.add(feedback)
    session.flush()
    return feedback


def export_labels(*, session: Session) -> list[dict[str, Any]]:
    """Every correction as a labelled example in the evaluation set's shape (benchmarks/signals)."""
    rows = []
    for feedback in session.exec(select(SignalFeedback).order_by(SignalFeedback.id)).all():
        expected = [{"kind": feedback.corrected_kind, "company": feedback.company}] if feedback.corrected_kind else []
        rows.append({
            "id": f"feedback-{feedback.id}", "split": "feedback", "title": "", "text": feedback.text,
            "signals": expected, "companies": [feedback.company] if feedback.company else [],
            "not_signals": [{"kind": feedback.kind, "company": feedback.company}],
            "marked_at": feedback.at.isoformat(),
        })
    return rows
