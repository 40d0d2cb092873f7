"""Matching contacts' messy employer strings to target companies, remembering the user's decisions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import update
from sqlmodel import Session, select

from tracker.models import Company, Contact, EmployerMatch, Employment
from tracker.network.employer_names import (
    TICKER,
    domain_of_name,
    email_domain,
    employer_key,
    is_placeholder_employer,
    name_score,
    split_employer,
    tokens,
)

__all__ = ["AUTO", "SUGGEST", "EmployerMatchResult", "EmployerMatcher", "email_domain", "employer_key",
           "is_placeholder_employer", "load_employer_matcher", "match_employer", "rematch_employments",
           "record_match", "split_employer"]

AUTO = 0.90  # at or above: linked without asking
SUGGEST = 0.75  # between SUGGEST and AUTO: a review item in `hjm companies matches`
AGENCY_FACTOR = 0.85  # the staffing agency in "Google via Qualitest" is only a second guess
FUZZY_MIN_LEN = 5  # short names ("Meta", "Block") only ever match exactly


@dataclass(frozen=True)
class EmployerMatchResult:
    """The target company an employer string belongs to (or none), with how sure we are and why."""

    company_id: int | None
    score: float
    method: str  # exact, alias, ticker, domain, email, qualified, partial, fuzzy, decision, none
    status: str  # auto | suggested | confirmed | rejected | none

    @property
    def linked(self) -> bool:
        """True when employments with this employer should point at the company."""
        return self.company_id is not None and self.status in ("auto", "confirmed")


NO_MATCH = EmployerMatchResult(None, 0.0, "none", "none")


@dataclass(frozen=True)
class _Target:
    id: int
    name: str
    domain: str | None
    tickers: frozenset[str]


def _status(score: float) -> str:
    return "auto" if score >= AUTO else "suggested" if score >= SUGGEST else "none"


class EmployerMatcher:
    """Employer string -> target company, by name, alias, ticker, domain, work email and fuzzy spelling."""

    def __init__(self, companies: Iterable[Any], decisions: Mapping[tuple[str, int], str] | None = None) -> None:
        self._targets: dict[int, _Target] = {}
        self._keys: dict[str, list[tuple[int, str]]] = {}  # name or alias key -> (company, method)
        self._token_index: dict[str, set[str]] = {}
        self._domains: dict[str, int] = {}
        self._tickers: dict[str, int] = {}
        for company in companies:
            cid = int(company.id)
            tickers = frozenset(t.upper().replace(" ", "") for t in getattr(company, "tickers", ()) or ())
            target = _Target(cid, company.name, (company.domain or "").lower() or None, tickers)
            self._targets[cid] = target
            self._add_key(employer_key(company.name), cid, "exact")
            for alias in getattr(company, "aliases", ()) or ():
                self._add_key(employer_key(alias), cid, "alias")
            if target.domain:
                self._domains[target.domain] = cid
            for ticker in tickers:
                self._tickers[ticker] = cid
        self._key_list = list(self._keys)
        self.decisions: dict[tuple[str, int], str] = dict(decisions or {})
        self._confirmed = {k: cid for (k, cid), s in self.decisions.items() if s == "confirmed"}
        self._cache: dict[tuple[str, str | None], EmployerMatchResult] = {}

    def _add_key(self, key: str, cid: int, method: str) -> None:
        if not key:
            return
        entries = self._keys.setdefault(key, [])
        if all(c != cid for c, _ in entries):
            entries.append((cid, method))
        for token in tokens(key):
            self._token_index.setdefault(token, set()).add(key)

    def company_for_domain(self, domain: str | None) -> int | None:
        """The target whose domain is `domain` or a parent of it (mail.example.com -> example.com)."""
        while domain and "." in domain:
            if domain in self._domains:
                return self._domains[domain]
            domain = domain.split(".", 1)[1]
        return None

    def work_email(self, emails: Sequence[str]) -> str | None:
        """The most telling of a contact's emails: one on a target's domain, else any non-free-mail one."""
        work = [e for e in emails if email_domain(e)]
        for e in work:
            if self.company_for_domain(email_domain(e)) is not None:
                return e
        return work[0] if work else None

    def _name_candidates(self, name: str) -> list[tuple[int, float, str]]:
        found: list[tuple[int, float, str]] = []
        for m in TICKER.finditer(name):
            cid = self._tickers.get(f"{m.group(1).upper()}:{m.group(2).upper()}")
            if cid is not None:
                found.append((cid, 0.96, "ticker"))
        domain = domain_of_name(name)
        if domain:
            cid = self.company_for_domain(domain)
            if cid is not None:
                found.append((cid, 0.95, "domain"))
            name = domain.split(".", 1)[0]  # "KITS.COM" is the company "Kits"
        query = employer_key(name)
        if not query:
            return found
        for cid, method in self._keys.get(query, ()):
            found.append((cid, 1.0 if method == "exact" else 0.97, method))
        if found:
            return found
        related = set().union(*(self._token_index.get(t, set()) for t in tokens(query)))
        for key in related:
            score, method = name_score(query, key)
            if score:
                found.extend((cid, score, method) for cid, _ in self._keys[key])
        if len(query) >= FUZZY_MIN_LEN:
            for key, ratio, _ in process.extract(query, self._key_list, scorer=fuzz.ratio,
                                                 score_cutoff=SUGGEST * 100, limit=5):
                if len(key) >= FUZZY_MIN_LEN and key not in related:
                    found.extend((cid, min(ratio / 100, 0.95), "fuzzy") for cid, _ in self._keys[key])
        return found

    def candidates(self, employer: str, *, email: str | None = None) -> list[EmployerMatchResult]:
        """Every plausible target for an employer string, best first (decisions not applied)."""
        if is_placeholder_employer(employer):
            return []
        names, agencies = split_employer(employer)
        best: dict[int, tuple[float, str]] = {}
        for factor, parts in ((1.0, names), (AGENCY_FACTOR, agencies)):
            for part in parts:
                for cid, score, method in self._name_candidates(part):
                    if score * factor > best.get(cid, (0.0, ""))[0]:
                        best[cid] = (round(score * factor, 3), method)
        mail_cid = self.company_for_domain(email_domain(email))
        if mail_cid is not None:
            # A work address on the company's domain is strong evidence; alone it still needs a look,
            # unless the profile names no employer at all.
            score, method = best.get(mail_cid, (0.0, ""))
            if score >= SUGGEST:
                best[mail_cid] = (max(score, 0.95), f"{method}+email")
            elif not employer_key(employer):
                best[mail_cid] = (AUTO, "email")
            elif not any(s >= AUTO for s, _ in best.values()):
                best[mail_cid] = (max(score, 0.8), "email")
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], self._targets[kv[0]].name))
        return [EmployerMatchResult(cid, score, method, _status(score)) for cid, (score, method) in ranked
                if _status(score) != "none"]

    def _match(self, employer: str, email: str | None = None) -> EmployerMatchResult:
        key = employer_key(employer)
        confirmed = self._confirmed.get(key)
        if confirmed is not None and confirmed in self._targets:
            return EmployerMatchResult(confirmed, 1.0, "decision", "confirmed")
        for result in self.candidates(employer, email=email):
            if self.decisions.get((key, result.company_id)) != "rejected":
                return result
        return NO_MATCH

    def match(self, employer: str, *, email: str | None = None) -> EmployerMatchResult:
        """The best target for an employer string; the user's decisions override the algorithm."""
        # Imports repeat the same employers thousands of times; only the email's domain matters.
        cache_key = (employer, email_domain(email))
        result = self._cache.get(cache_key)
        if result is None:
            if len(self._cache) > 100_000:
                self._cache.clear()
            result = self._cache[cache_key] = self._match(employer, email)
        return result


def load_employer_matcher(*, session: Session) -> EmployerMatcher:
    """A matcher over the watchlist with every remembered decision."""
    companies = session.exec(select(Company)).all()
    decided = session.exec(select(EmployerMatch.employer_key, EmployerMatch.company_id, EmployerMatch.status)
                           .where(EmployerMatch.status.in_(("confirmed", "rejected")))).all()
    return EmployerMatcher(companies, {(k, cid): status for k, cid, status in decided})


def record_match(*, session: Session, employer: str, result: EmployerMatchResult) -> EmployerMatch | None:
    """Remember an automatic or suggested match (for review); never overwrite a user's decision."""
    key = employer_key(employer)
    # A match on a work email alone (no employer written) has no employer string to review.
    if result.company_id is None or result.status not in ("auto", "suggested") or not key:
        return None
    row = session.exec(select(EmployerMatch).where(EmployerMatch.employer_key == key,
                                                   EmployerMatch.company_id == result.company_id)).first()
    if row is None:
        row = EmployerMatch(employer_key=key, employer_name=employer.strip(), company_id=result.company_id,
                            score=result.score, method=result.method, status=result.status)
    elif row.status in ("auto", "suggested"):
        row.score, row.method, row.status = result.score, result.method, result.status
    else:
        return row
    session.add(row)
    session.flush()
    return row


def match_employer(*, session: Session, employer: str, email: str | None = None,
                   matcher: EmployerMatcher | None = None) -> EmployerMatchResult:
    """Match one employer string and remember near-misses for review; pass `matcher` when matching many."""
    result = (matcher or load_employer_matcher(session=session)).match(employer, email=email)
    record_match(session=session, employer=employer, result=result)
    return result


def rematch_employments(*, session: Session, matcher: EmployerMatcher | None = None) -> int:
    """Relink every Employment to its target company (after watchlist changes or decisions); returns changes."""
    session.flush()
    matcher = matcher or load_employer_matcher(session=session)
    emails = dict(session.exec(select(Contact.id, Contact.emails)).all())
    rows = session.exec(select(Employment.id, Employment.contact_id, Employment.employer_name,
                               Employment.company_id)).all()
    updates: list[dict[str, Any]] = []
    seen: dict[tuple[str, int], tuple[str, EmployerMatchResult]] = {}
    for emp_id, contact_id, employer, company_id in rows:
        result = matcher.match(employer, email=matcher.work_email(emails.get(contact_id) or []))
        new_id = result.company_id if result.linked else None
        if new_id != company_id:
            updates.append({"id": emp_id, "company_id": new_id})
        if result.company_id is not None and result.status in ("auto", "suggested") and employer_key(employer):
            pair = (employer_key(employer), result.company_id)
            if pair not in seen or result.score > seen[pair][1].score:
                seen[pair] = (employer, result)
    if updates:
        session.execute(update(Employment), updates)
        for obj in list(session.identity_map.values()):
            if isinstance(obj, Employment):
                session.expire(obj, ["company_id"])
    _sync_review_rows(session=session, produced=seen)
    return len(updates)


def _sync_review_rows(*, session: Session, produced: Mapping[tuple[str, int], tuple[str, EmployerMatchResult]]) -> None:
    """Make the undecided EmployerMatch rows exactly what the latest matching produced."""
    existing = {(r.employer_key, r.company_id): r for r in session.exec(select(EmployerMatch)).all()}
    for pair, row in existing.items():
        if row.status in ("auto", "suggested") and pair not in produced:
            session.delete(row)
    for pair, (employer, result) in produced.items():
        row = existing.get(pair)
        if row is None:
            session.add(EmployerMatch(employer_key=pair[0], employer_name=employer.strip(), company_id=pair[1],
                                      score=result.score, method=result.method, status=result.status))
        elif row.status in ("auto", "suggested") and (row.score, row.method, row.status) != (
                result.score, result.method, result.status):
            row.score, row.method, row.status = result.score, result.method, result.status
            session.add(row)
    session.flush()
