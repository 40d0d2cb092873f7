"""Reviewing employer matches (confirm or reject, remembered) and suggesting employers worth watching."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tracker.errors import UserError
from tracker.models import Company, Contact, EmployerMatch, Employment
from tracker.network.employers import employer_key, is_placeholder_employer, rematch_employments


def _people_by_key(session: Session) -> dict[str, int]:
    counts: dict[str, set[int]] = defaultdict(set)
    for name, contact_id in session.exec(select(Employment.employer_name, Employment.contact_id)).all():
        counts[employer_key(name)].add(contact_id)
    return {k: len(v) for k, v in counts.items()}


def list_matches(*, session: Session, include_all: bool = False) -> list[dict[str, Any]]:
    """Employer matches to review (suggested), or every remembered match with `include_all`."""
    query = select(EmployerMatch, Company.name).join(Company, Company.id == EmployerMatch.company_id)
    if not include_all:
        query = query.where(EmployerMatch.status == "suggested")
    people = _people_by_key(session)
    rows = [
        {"id": m.id, "employer": m.employer_name, "company": company, "company_id": m.company_id,
         "score": round(m.score, 2), "method": m.method, "status": m.status,
         "people": people.get(m.employer_key, 0), "decided_at": m.decided_at}
        for m, company in session.exec(query).all()
    ]
    return sorted(rows, key=lambda r: (r["status"] != "suggested", -r["score"], r["employer"].lower(), r["id"]))


def decide_match(*, session: Session, match_id: int, confirm: bool, now: datetime) -> dict[str, Any]:
    """Confirm or reject a match; remembered for good, and employments are relinked at once."""
    match = session.get(EmployerMatch, match_id)
    if match is None:
        raise UserError(f"no employer match with id {match_id} (see `hjm companies matches --all`)")
    match.status = "confirmed" if confirm else "rejected"
    match.decided_at = now
    session.add(match)
    if confirm:
        # One employer string belongs to one company: confirming it rules out the other candidates.
        others = session.exec(select(EmployerMatch).where(EmployerMatch.employer_key == match.employer_key,
                                                          EmployerMatch.id != match.id,
                                                          col(EmployerMatch.status).in_(("auto", "suggested")))).all()
        for other in others:
            session.delete(other)
    session.flush()
    relinked = rematch_employments(session=session)
    company = session.get(Company, match.company_id)
    return {"id": match.id, "employer": match.employer_name, "company": company.name if company else None,
            "status": match.status, "relinked": relinked}


def suggest_companies(*, session: Session, min_people: int = 3, limit: int = 50) -> list[dict[str, Any]]:
    """Employers (not on the watchlist) where the user knows at least `min_people` people, most first."""
    current: dict[str, set[int]] = defaultdict(set)
    former: dict[str, set[int]] = defaultdict(set)
    names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = session.exec(select(Employment.employer_name, Employment.contact_id, Employment.is_current)
                        .where(col(Employment.company_id).is_(None))).all()
    for employer, contact_id, is_current in rows:
        key = employer_key(employer)
        if not key or is_placeholder_employer(employer):
            continue
        (current if is_current else former)[key].add(contact_id)
        names[key][employer.strip()] += 1
    watched = {employer_key(n) for n in session.exec(select(Company.name)).all()}
    keys = [k for k in set(current) | set(former)
            if k not in watched and len(current[k] | former[k]) >= min_people]
    keys.sort(key=lambda k: (-len(current[k] | former[k]), -len(current[k]), k))
    keys = keys[:limit]
    sample_ids = {cid for k in keys for cid in sorted(current[k] | former[k])[:3]}
    people = dict(session.exec(select(Contact.id, Contact.full_name).where(col(Contact.id).in_(sample_ids))).all()) \
        if sample_ids else {}
    return [
        {"employer": max(names[k].items(), key=lambda kv: (kv[1], kv[0]))[0], "people": len(current[k] | former[k]),
         "current": len(current[k]), "former": len(former[k] - current[k]),
         "examples": [people[c] for c in sorted(current[k] | former[k])[:3] if c in people]}
        for k in keys
    ]
