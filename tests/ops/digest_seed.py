"""A small fictional world for digest tests: companies, people, articles, signals, a follow-up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session

from tracker.models import Article, Company, Contact, Employment, FollowUp, Signal

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
HOSTILE = '<script>alert("x")</script> [click me](javascript:alert(1)) ![img](http://evil.test/i.png) **bold** |'


@dataclass(frozen=True)
class World:
    """Ids of what was seeded."""

    quillon: int
    marrowby: int
    tessaly: int
    ada: int
    bram: int
    cleo: int


def _company(session: Session, name: str) -> Company:
    company = Company(name=name, normalized_name=name.lower())
    session.add(company)
    session.flush()
    return company


def _contact(session: Session, name: str, company: Company | None, title: str, current: bool = True) -> Contact:
    contact = Contact(full_name=name, normalized_name=name.lower(), headline=title)
    session.add(contact)
    session.flush()
    if company is not None:
        session.add(Employment(contact_id=contact.id, company_id=company.id, employer_name=company.name,
                               title=title, is_current=current))
    return contact


def _signal(session: Session, company: Company, kind: str, *, days_ago: float, evidence: str, facts: dict,
            url: str | None = None, title: str = "", key: str, contact: Contact | None = None,
            wrong: bool = False, corrected: str | None = None) -> Signal:
    at = NOW - timedelta(days=days_ago)
    article_id = None
    if url is not None:
        article = Article(url=url, title=title, text=evidence, fetched_at=at, published_at=at)
        session.add(article)
        session.flush()
        article_id = article.id
    signal = Signal(company_id=company.id, kind=kind, confidence=0.9, evidence=evidence, facts=facts,
                    article_id=article_id, occurred_at=at, detected_at=at, dedup_key=key,
                    contact_id=contact.id if contact else None, wrong=wrong, corrected_kind=corrected)
    session.add(signal)
    session.flush()
    return signal


def seed(session: Session) -> World:
    """Three companies; new signals at two of them, an old one, a wrong one; a job change; a follow-up."""
    quillon, marrowby, tessaly = (_company(session, n) for n in
                                  ("Quillon Geospatial", "Marrowby Mapping", "Tessaly Survey Works"))
    ada = _contact(session, "Ada Vexley", quillon, "Head of GIS")
    bram = _contact(session, "Bram Oakhurst", quillon, "Survey Lead", current=False)
    cleo = _contact(session, "Cleo Parnassus", marrowby, "Data Engineer")
    _signal(session, quillon, "funding", days_ago=2, key="q-funding", url="https://news.example/q?(funding) x",
            title="Quillon raises", evidence="Quillon Geospatial raised $40M in a Series B. " + HOSTILE,
            facts={"amount": 40_000_000, "currency": "USD", "round": "Series B"})
    _signal(session, quillon, "expansion", days_ago=1, key="q-expansion", url="javascript:alert(2)",
            evidence="Quillon opens an office in Porto.", facts={"city": "Porto"})
    _signal(session, quillon, "acquisition", days_ago=20, key="q-old", url="https://news.example/old",
            evidence="An old story outside the period.", facts={})
    _signal(session, marrowby, "layoffs", days_ago=3, key="m-layoffs", url="https://news.example/m",
            evidence="Marrowby Mapping cuts 40 jobs.", facts={"count": 40})
    _signal(session, marrowby, "product_launch", days_ago=2, key="m-wrong", evidence="Not really a launch.",
            facts={}, wrong=True)
    _signal(session, tessaly, "award", days_ago=4, key="t-corrected", evidence="Tessaly wins a big contract.",
            facts={}, wrong=True, corrected="contract_win")
    _signal(session, marrowby, "contact_joined", days_ago=1, key="job:cleo", contact=cleo,
            evidence="Cleo Parnassus joined Marrowby Mapping as Data Engineer.", facts={"contact": "Cleo Parnassus"})
    session.add(FollowUp(contact_id=ada.id, company_id=quillon.id, due_on=date(2026, 3, 9),
                         reason="Thank Ada for the intro <b>"))
    session.commit()
    return World(quillon.id, marrowby.id, tessaly.id, ada.id, bram.id, cleo.id)
