"""A fast generator of a big, clearly fictional database (companies, contacts, employments, signals,
interactions) for benchmarks: `seed_large(url)` or `python -m benchmarks.seed URL`."""

from __future__ import annotations

import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text
from sqlmodel import Session, SQLModel

from tracker.db import make_engine
from tracker.models import Company, Contact, Employment, Interaction, Signal, Story
from tracker.names import normalize_company_name, normalize_person_name

_FIRST = ("Ada Ben Cleo Dev Elin Farid Gus Hana Ivo Jun Kai Lena Milo Nia Omar Pia Quinn Rosa Sami Tess Uma "
          "Vik Wren Xia Yara Zed Ana Bo Cy Dana Eli Fay Gil Hal Ira Jo Kim Lou Max Noor").split()
_LAST = ("Abbot Brandt Castell Dunmore Eaves Fenwick Garrow Holt Ingram Jessop Kettle Lomax Marr Nance Orme "
         "Pryce Quill Rook Stroud Thorne Upton Vail Wick Yeo Zorn Ashby Birch Coyle Drew Ely").split()
_ADJ = ("Amber Basalt Cobalt Delta Ember Fjord Granite Harbor Indigo Juniper Kelp Lumen Maple Nimbus Onyx "
        "Prism Quartz Rowan Sable Tundra Umber Vector Willow Xenon Yarrow Zephyr Aurora Beacon Cinder Drift "
        "Echo Flint Glacier Heron Iris Jasper Kestrel Lagoon Mesa Nova").split()
_NOUN = ("Analytics Mapping Geodata Imaging Survey Spatial Labs Systems Robotics Orbital Metrics Atlas Terrain "
         "Sensing Cloud Grid Vision Works Dynamics Networks Logic Signal Fusion Pixel Scope").split()
_CITIES = ("Perth Sydney Melbourne Brisbane Adelaide Auckland Denver Austin Toronto Dublin Berlin Lisbon Oslo "
           "Remote").split()
_TITLES = ("GIS Analyst", "Senior GIS Analyst", "Geospatial Data Engineer", "Head of Geospatial",
           "Remote Sensing Scientist", "Software Engineer", "Engineering Manager", "Technical Recruiter",
           "Product Manager", "Director of Data", "Surveyor", "Sales Executive", "Data Scientist", "CTO")
_KINDS = (("funding", 12), ("acquisition", 6), ("expansion", 10), ("leadership_change", 10),
          ("contract_win", 8), ("partnership", 8), ("product_launch", 10), ("award", 4), ("hiring_surge", 8),
          ("new_team", 4), ("layoffs", 5), ("hiring_freeze", 2), ("restructuring", 3), ("closure", 1),
          ("contact_joined", 6), ("contact_left", 3))
_ROUNDS = ("Seed", "Series A", "Series B", "Series C", "growth round")
_INTERACTION_KINDS = ("meeting", "call", "email", "message", "event", "helped", "outreach")
BATCH = 5000


def company_names(n: int, rng: random.Random) -> list[str]:
    """n distinct fictional company names ('Cobalt Mapping', 'Cobalt Mapping 2', ...)."""
    combos = [f"{a} {b}" for a in _ADJ for b in _NOUN]
    rng.shuffle(combos)
    return [combos[i % len(combos)] + ("" if i < len(combos) else f" {i // len(combos) + 1}") for i in range(n)]


def _facts(kind: str, rng: random.Random, names: list[str]) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if kind == "funding":
        facts = {"amount": rng.choice((2, 5, 12, 40, 85, 150)) * 1_000_000, "currency": "USD",
                 "round": rng.choice(_ROUNDS), "investors": [rng.choice(names)]}
    elif kind == "acquisition":
        facts = {"acquirer": rng.choice(names), "target": f"{rng.choice(_ADJ)} {rng.choice(_NOUN)} unit"}
    elif kind == "expansion":
        facts = {"city": rng.choice(_CITIES)}
    elif kind == "leadership_change":
        facts = {"person": f"{rng.choice(_FIRST)} {rng.choice(_LAST)}", "role": rng.choice(("CEO", "CTO", "VP Data"))}
    elif kind == "layoffs":
        facts = {"count": rng.choice((20, 45, 120, 300))}
    elif kind in ("contract_win", "partnership"):
        facts = {"partner" if kind == "partnership" else "customer": rng.choice(names)}
    elif kind in ("hiring_surge", "new_team"):
        facts = {"open_roles": rng.randint(5, 60), "department": rng.choice(("GIS", "Data", "Engineering"))}
    roll = rng.random()
    if roll < 0.05:
        facts["status"] = "rumour"
    elif roll < 0.06:
        facts["status"] = "denied"
    return facts


def _insert(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        session.execute(insert(table), rows[start:start + BATCH])


def seed_large(url: str, *, companies: int = 1000, contacts: int = 30000, signals: int = 100000, seed: int = 0,
               now: datetime | None = None, interactions: int | None = None) -> dict[str, int]:
    """Fill an EMPTY database (schema created or upgraded here) with deterministic fictional data."""
    from tracker.migrations import upgrade

    now = now or datetime.now(UTC)
    rng = random.Random(seed)
    upgrade(url)
    engine = make_engine(url)
    # Tables and indexes added to the models since the last migration (the integrator writes it later).
    SQLModel.metadata.create_all(engine)
    for table in SQLModel.metadata.sorted_tables:
        for index in table.indexes:
            index.create(engine, checkfirst=True)
    interactions = contacts // 6 if interactions is None else interactions
    active = max(1, contacts // 20)  # the few hundred (here: 5%) people the user really talks to
    with Session(engine) as session:
        if session.execute(select(func.count()).select_from(Company)).scalar_one():
            raise ValueError(f"seed_large needs an empty database; {url} already has companies")
        names = company_names(companies, rng)
        keys = [normalize_company_name(n) for n in names]
        _insert(session, Company, [
            {"id": i + 1, "name": n, "normalized_name": k, "domain": f"{k.replace(' ', '')}.example",
             "aliases": [], "tickers": [], "keywords": [], "stage": "watching", "notes": "", "created_at": now}
            for i, (n, k) in enumerate(zip(names, keys, strict=True))])
        # A few companies carry most signals (as in real news), so heat has a long tail.
        company_weights = [1.0 / (i + 1) ** 0.8 for i in range(companies)]
        contact_rows, employment_rows = [], []
        for cid in range(1, contacts + 1):
            first, last = rng.choice(_FIRST), rng.choice(_LAST)
            full = f"{first} {last}"
            title = rng.choice(_TITLES)
            contact_rows.append({
                "id": cid, "full_name": full, "first_name": first, "last_name": last,
                "normalized_name": normalize_person_name(full), "emails": [], "phones": [],
                "linkedin_url": f"https://www.linkedin.example/in/p{cid}", "headline": title,
                "location": rng.choice(_CITIES),
                "connected_on": date(2015, 1, 1) + timedelta(days=rng.randint(0, 4000)),
                # As in a real network: closeness and tags set for a few people only.
                "closeness": rng.choice((None,) * 196 + (2, 3, 4, 5)),
                "tags": rng.choice(([],) * 196 + (["mentor"], ["former colleague"], ["recruiter"], ["friend"])),
                "created_at": now, "updated_at": now})
            if rng.random() < 0.6:
                company = rng.randint(1, companies)
                employer, key = names[company - 1], keys[company - 1]
            else:
                company, employer = None, f"Elsewhere {rng.choice(_ADJ)} {rng.randint(1, 3000)}"
                key = normalize_company_name(employer)
            employment_rows.append({"contact_id": cid, "company_id": company, "employer_name": employer,
                                    "employer_key": key, "title": title, "is_current": True, "source": "seed",
                                    "created_at": now})
            if rng.random() < 0.25:
                former = rng.randint(1, companies)
                employment_rows.append({"contact_id": cid, "company_id": former, "employer_name": names[former - 1],
                                        "employer_key": keys[former - 1], "title": rng.choice(_TITLES),
                                        "is_current": False, "source": "seed", "created_at": now,
                                        "ended_on": (now - timedelta(days=rng.randint(30, 2000))).date()})
        _insert(session, Contact, contact_rows)
        _insert(session, Employment, employment_rows)
        story_count = max(1, int(signals / 1.6))
        _insert(session, Story, [{"id": i, "title": f"Story {i}", "first_seen": now}
                                 for i in range(1, story_count + 1)])
        kinds, kind_weights = zip(*_KINDS, strict=True)
        picked_companies = rng.choices(range(1, companies + 1), weights=company_weights, k=signals)
        picked_kinds = rng.choices(kinds, weights=kind_weights, k=signals)
        signal_rows = []
        for i in range(signals):
            kind, company = picked_kinds[i], picked_companies[i]
            story = rng.randint(1, story_count)
            wrong = rng.random() < 0.02
            signal_rows.append({
                "id": i + 1, "company_id": company, "kind": kind, "confidence": round(rng.uniform(0.5, 1.0), 2),
                "evidence": f"{names[company - 1]} reported {kind.replace('_', ' ')} news.",
                "facts": _facts(kind, rng, names), "story_id": story,
                "contact_id": rng.randint(1, contacts) if kind.startswith("contact_") else None,
                "occurred_at": now - timedelta(days=rng.uniform(0, 400)), "detected_at": now,
                "dedup_key": f"seed:{i}", "wrong": wrong,
                "corrected_kind": "expansion" if wrong and rng.random() < 0.3 else None})
        _insert(session, Signal, signal_rows)
        _insert(session, Interaction, [
            {"contact_id": min(contacts, rng.randint(1, active) * 20),
             "occurred_at": now - timedelta(days=rng.uniform(0, 730)),
             "kind": rng.choice(_INTERACTION_KINDS), "direction": rng.choice(("sent", "received", "both")),
             "note": "", "source": "seed"} for _ in range(interactions)])
        if engine.dialect.name == "postgresql":
            # Explicit ids leave the sequences behind; move them past the seeded rows.
            for table in ("company", "contact", "story", "signal"):
                session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                     f"(SELECT COALESCE(MAX(id), 1) FROM \"{table}\"))"))
        session.commit()
    engine.dispose()
    return {"companies": companies, "contacts": contacts, "employments": len(employment_rows),
            "signals": signals, "stories": story_count, "interactions": interactions}


def main(argv: list[str]) -> int:
    """`python -m benchmarks.seed URL [companies contacts signals]`: seed a database and say how long it took."""
    if not argv:
        print("usage: python -m benchmarks.seed DATABASE_URL [COMPANIES CONTACTS SIGNALS]", file=sys.stderr)
        return 2
    sizes = dict(zip(("companies", "contacts", "signals"), (int(a) for a in argv[1:4]), strict=False))
    started = time.perf_counter()
    counts = seed_large(argv[0], **sizes)
    print(f"seeded {counts} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
