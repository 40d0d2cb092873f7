"""A small, realistic, clearly fictional dataset for the dashboard tests, written through the models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlmodel import Session

from tracker.db import get_engine
from tracker.models import (
    Article,
    ArticleCompany,
    Company,
    Contact,
    ContactRecord,
    CrawlRun,
    EmployerMatch,
    Employment,
    FollowUp,
    Interaction,
    PipelineEvent,
    Signal,
    Source,
    Story,
)
from tracker.names import normalize_company_name, normalize_person_name

HOSTILE_TITLE = "<script>window.__hjm_pwned = 1</script> Orbital Lens <b>raises</b> [funds](javascript:alert(1))"

# name, domain, aliases, stage
COMPANIES = [
    ("Meridian Geo", "meridiangeo.example", ["Meridian Geospatial"], "reached_out"),
    ("Contour Analytics", "contour-analytics.example", [], "watching"),
    ("Orbital Lens Imaging", "orbitallens.example", ["Orbital Lens"], "watching"),
    ("Parcel Survey Co", "parcelsurvey.example", [], "watching"),
    ("Latitude Labs", "latitudelabs.example", [], "conversation"),
    ("Terrain Works", "terrainworks.example", [], "watching"),
]

# name, employer (company index or free text), title, current, tags, closeness
PEOPLE = [
    ("Avery Quinlan", 0, "Head of GIS Engineering", True, ["mentor"], 5),
    ("Bram Okafor", 0, "GIS Analyst", True, ["former colleague"], 3),
    ("Celia Marchetti", 0, "Talent Partner", True, ["recruiter"], 2),
    ("Dario Lindqvist", 1, "Data Engineer", True, [], None),
    ("Esme Vantongeren", 1, "VP Location Intelligence", True, ["classmate"], 4),
    ("Farah Delacroix", 2, "Imagery Scientist", True, [], 2),
    ("Gideon Ashworth", 2, "Remote Sensing Lead", False, ["friend"], 4),
    ("Hana Whitcombe", 3, "Survey Manager", True, [], None),
    ("Ivo Brennan", 4, "Geospatial Data Engineer", True, ["former colleague"], 3),
    ("Juno Castellanos", 5, "Cartographer", True, [], 1),
    ("Kasimir Oduya", "Fjordline Mapping AS", "Product Manager", True, [], None),
    ("Lorna Pettigrew", "Nimbus Parcel Pty Ltd", "GIS Technician", True, [], None),
]


@dataclass
class Seeded:
    """Ids and names the tests assert on."""

    companies: dict[str, int] = field(default_factory=dict)
    contacts: dict[str, int] = field(default_factory=dict)
    signals: dict[str, int] = field(default_factory=dict)
    hottest: str = "Meridian Geo"
    hostile_signal_id: int | None = None


def person_record(contact: Contact, employer: str, title: str) -> dict:
    """A contact's source record as the contacts importer stores it (ContactRecord.data)."""
    return {"full_name": contact.full_name, "first_name": contact.first_name, "last_name": contact.last_name,
            "emails": list(contact.emails), "phones": [], "linkedin_url": contact.linkedin_url, "company": employer,
            "title": title, "location": contact.location,
            "connected_on": contact.connected_on.isoformat() if contact.connected_on else None}


def _signal(session: Session, *, company: Company, kind: str, days_ago: int, now: datetime, title: str,
            evidence: str, facts: dict, urls: list[str], source: Source | None, confidence: float = 0.9,
            contact_id: int | None = None) -> Signal:
    """One story (told by every URL in `urls`) and the signal it carries."""
    when = now - timedelta(days=days_ago)
    story = Story(title=title, first_seen=when)
    session.add(story)
    session.flush()
    first: Article | None = None
    for url in urls:
        article = Article(url=url, title=title, text=evidence, summary=evidence[:80], published_at=when,
                          fetched_at=when, source_id=source.id if source else None, story_id=story.id)
        session.add(article)
        session.flush()
        session.add(ArticleCompany(article_id=article.id, company_id=company.id, confidence=confidence))
        first = first or article
    signal = Signal(company_id=company.id, kind=kind, confidence=confidence, evidence=evidence, facts=facts,
                    article_id=first.id if first else None, story_id=story.id, contact_id=contact_id,
                    occurred_at=when, detected_at=when, dedup_key=f"{company.id}:{story.id}:{kind}")
    session.add(signal)
    session.flush()
    return signal


def seed_small(url: str, *, now: datetime, hostile: bool = False) -> Seeded:
    """Write the dataset into the database at `url` (tables must exist); returns what the tests need."""
    seeded = Seeded()
    with Session(get_engine(url), expire_on_commit=False) as session:
        companies = []
        for name, domain, aliases, stage in COMPANIES:
            company = Company(name=name, normalized_name=normalize_company_name(name), domain=domain,
                              aliases=aliases, stage=stage, keywords=["mapping", "GIS"])
            session.add(company)
            session.flush()
            if stage != "watching":
                session.add(PipelineEvent(company_id=company.id, stage=stage, note="first contact",
                                          at=now - timedelta(days=5)))
            companies.append(company)
            seeded.companies[name] = company.id
        feed = Source(url="http://news.test/feed.xml", kind="rss", last_crawled_at=now - timedelta(hours=2),
                      last_success_at=now - timedelta(hours=2), items_found=42)
        broken = Source(url="http://broken.test/feed.xml", kind="rss", company_id=companies[3].id,
                        last_crawled_at=now - timedelta(hours=2), last_error="HTTP 503 Service Unavailable",
                        last_error_at=now - timedelta(hours=2), consecutive_failures=4)
        session.add_all([feed, broken])
        session.flush()

        contacts = []
        for i, (name, employer, title, current, tags, closeness) in enumerate(PEOPLE):
            first, last = name.split(" ", 1)
            contact = Contact(full_name=name, first_name=first, last_name=last,
                              normalized_name=normalize_person_name(name), headline=title, tags=tags,
                              closeness=closeness, emails=[f"{first.lower()}@mail.example"],
                              linkedin_url=f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-test",
                              connected_on=date(2019 + i % 5, 1 + i % 12, 10))
            session.add(contact)
            session.flush()
            company = companies[employer] if isinstance(employer, int) else None
            employer_name = company.name if company else str(employer)
            session.add(ContactRecord(contact_id=contact.id, source="linkedin", record_key=contact.linkedin_url,
                                      file_name="Connections.csv", data=person_record(contact, employer_name, title)))
            session.add(Employment(contact_id=contact.id, company_id=company.id if company else None,
                                   employer_name=employer_name, employer_key=normalize_company_name(employer_name),
                                   title=title, is_current=current, source="linkedin",
                                   ended_on=None if current else date(2025, 6, 30)))
            contacts.append(contact)
            seeded.contacts[name] = contact.id
        # Gideon left Orbital Lens for Latitude Labs: a job change in the network.
        gideon = seeded.contacts["Gideon Ashworth"]
        session.add(Employment(contact_id=gideon, company_id=companies[4].id, employer_name="Latitude Labs",
                               employer_key="latitude labs", title="Remote Sensing Lead", is_current=True,
                               started_on=date(2025, 7, 1), source="linkedin"))
        session.add(EmployerMatch(employer_key="nimbus parcel", employer_name="Nimbus Parcel Pty Ltd",
                                  company_id=companies[3].id, score=0.81, method="fuzzy", status="suggested"))
        session.add(Interaction(contact_id=seeded.contacts["Avery Quinlan"], occurred_at=now - timedelta(days=20),
                                kind="meeting", note="Coffee about the Perth office", direction="both"))
        session.add(Interaction(contact_id=seeded.contacts["Esme Vantongeren"], occurred_at=now - timedelta(days=200),
                                kind="call", note="Catch-up", direction="both"))
        session.add(FollowUp(contact_id=seeded.contacts["Avery Quinlan"], due_on=(now - timedelta(days=1)).date(),
                             reason="Ask about the new Perth team", company_id=companies[0].id))
        session.flush()

        m, c, o = companies[0], companies[1], companies[2]
        seeded.signals["meridian_funding"] = _signal(
            session, company=m, kind="funding", days_ago=3, now=now, source=feed,
            title="Meridian Geo raises $40M Series B to expand mapping platform",
            evidence="Meridian Geo has raised $40 million in a Series B round led by Northwind Ventures.",
            facts={"amount": 40_000_000, "currency": "USD", "round": "Series B"},
            urls=["https://news.test/meridian-series-b", "https://wire.test/2026/meridian-geo-funding"]).id
        seeded.signals["meridian_expansion"] = _signal(
            session, company=m, kind="expansion", days_ago=10, now=now, source=feed,
            title="Meridian Geo opens Perth office",
            evidence="Meridian Geo will open a new office in Perth to serve mining customers.",
            facts={"location": "Perth"}, urls=["https://news.test/meridian-perth"]).id
        seeded.signals["contour_layoffs"] = _signal(
            session, company=c, kind="layoffs", days_ago=6, now=now, source=feed,
            title="Contour Analytics cuts 12% of staff",
            evidence="Contour Analytics is laying off 40 employees, about 12% of its workforce.",
            facts={"headcount": 40, "percent": 12}, urls=["https://news.test/contour-layoffs"]).id
        seeded.signals["contour_leader"] = _signal(
            session, company=c, kind="leadership_change", days_ago=40, now=now, source=feed,
            title="Contour Analytics names new CTO",
            evidence="Contour Analytics appointed Priya Raman as chief technology officer.",
            facts={"person": "Priya Raman", "title": "CTO", "direction": "joins"},
            urls=["https://news.test/contour-cto"], confidence=0.8).id
        seeded.signals["orbital_launch"] = _signal(
            session, company=o, kind="product_launch", days_ago=15, now=now, source=feed,
            title="Orbital Lens Imaging launches 30 cm satellite imagery",
            evidence="Orbital Lens Imaging launched a 30 cm imagery product for insurers.",
            facts={}, urls=["https://news.test/orbital-launch"], confidence=0.7).id
        seeded.signals["latitude_joined"] = _signal(
            session, company=companies[4], kind="contact_joined", days_ago=30, now=now, source=None,
            title="Gideon Ashworth joined Latitude Labs",
            evidence="Gideon Ashworth now works at Latitude Labs (was Orbital Lens Imaging).",
            facts={"contact": "Gideon Ashworth"}, urls=[], contact_id=gideon).id
        if hostile:
            seeded.hostile_signal_id = _signal(
                session, company=o, kind="funding", days_ago=1, now=now, source=feed, title=HOSTILE_TITLE,
                evidence="<img src=x onerror=\"window.__hjm_pwned=1\"> **bold** claim of funding",
                facts={"note": "<script>alert(1)</script>"}, urls=["https://news.test/hostile"]).id
        session.add(CrawlRun(started_at=now - timedelta(hours=2), finished_at=now - timedelta(hours=2, minutes=-3),
                             status="finished", trigger="schedule",
                             stats={"sources": 2, "pages": 9, "new_articles": 6, "new_signals": 5, "errors": 1}))
        session.commit()
    return seeded
