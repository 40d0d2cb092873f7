"""A small fictional world built row by row, shared by the who-to-ask tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from tracker.models import Company, Contact, Employment, Interaction, Signal, Story
from tracker.names import normalize_company_name, normalize_person_name
from tracker.network.employer_names import employer_key

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@dataclass
class World:
    """Builds fictional rows in a session and remembers their ids by name."""

    session: Session
    ids: dict[str, int] = field(default_factory=dict)
    _n: int = 0

    def company(self, name: str, **values: Any) -> Company:
        row = Company(name=name, normalized_name=normalize_company_name(name), **values)
        self.session.add(row)
        self.session.flush()
        self.ids[name] = row.id
        return row

    def person(self, name: str, *, at: str | None = None, title: str = "", former: list[str] = (),
               employer: str | None = None, location: str = "", closeness: int | None = None,
               tags: list[str] = (), connected_on: date | None = date(2022, 5, 1)) -> Contact:
        first, _, last = name.partition(" ")
        row = Contact(full_name=name, first_name=first, last_name=last, normalized_name=normalize_person_name(name),
                      headline=title, location=location, closeness=closeness, tags=list(tags),
                      connected_on=connected_on)
        self.session.add(row)
        self.session.flush()
        self.ids[name] = row.id
        if at or employer:
            name_at = employer or at
            self.session.add(Employment(contact_id=row.id, company_id=self.ids.get(at) if at else None,
                                        employer_name=name_at, employer_key=employer_key(name_at), title=title,
                                        is_current=True))
        for old in former:
            self.session.add(Employment(contact_id=row.id, company_id=self.ids[old], employer_name=old,
                                        employer_key=employer_key(old), title="Analyst", is_current=False))
        self.session.flush()
        return row

    def signal(self, company: str, kind: str, *, days_ago: float = 1, confidence: float = 0.9,
               story: int | None = None, contact: str | None = None, **facts: Any) -> Signal:
        self._n += 1
        row = Signal(company_id=self.ids[company], kind=kind, confidence=confidence, facts=facts,
                     evidence=f"{company} news ({kind}).", occurred_at=NOW - timedelta(days=days_ago),
                     detected_at=NOW, dedup_key=f"test:{self._n}", story_id=story,
                     contact_id=self.ids[contact] if contact else None)
        if story is not None:
            if self.session.get(Story, story) is None:
                self.session.add(Story(id=story, title=f"story {story}"))
                self.session.flush()
        self.session.add(row)
        self.session.flush()
        return row

    def met(self, name: str, kind: str = "meeting", *, days_ago: float = 10, company: str | None = None) -> None:
        self.session.add(Interaction(contact_id=self.ids[name], kind=kind, occurred_at=NOW - timedelta(days=days_ago),
                                     direction="both", company_id=self.ids.get(company) if company else None))
        self.session.flush()




def geo_world(w: World) -> World:
    """The standard scene: a GIS company that raised money and opens an office in Perth."""
    from tracker.network.profile import set_profile

    set_profile(session=w.session, roles=["GIS analyst"], functions=["GIS"], seniority="mid", locations=["Perth"])
    w.company("Heliograph Mapping", domain="heliograph.example")
    w.company("Tidewater Survey", domain="tidewater.example")
    w.signal("Heliograph Mapping", "funding", days_ago=12, amount=40_000_000, currency="USD", round="Series B",
             investors=["Orchard Capital"])
    w.signal("Heliograph Mapping", "expansion", days_ago=5, city="Perth")
    w.person("Ana Quill", at="Heliograph Mapping", title="GIS Analyst", location="Sydney")
    w.person("Ben Stroud", at="Heliograph Mapping", title="GIS Analyst", location="Perth, Western Australia")
    w.person("Cleo Marr", title="Data Scientist", employer="Elsewhere Labs", former=["Heliograph Mapping"])
    w.person("Dev Orme", employer="Orchard Capital", title="Partner")
    w.person("Eli Vail", at="Tidewater Survey", title="Surveyor")
    return w
