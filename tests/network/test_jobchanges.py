"""Job changes between successive exports: employments planned (pure) and stored with their signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tracker.models import Contact, Employment, Signal
from tracker.network.employers import employer_key
from tracker.network.importer import import_contacts
from tracker.network.jobchanges import ObservedChange, RecordJob, plan_employments

from .conftest import NOW

TODAY = date(2026, 3, 1)


@dataclass
class Job:
    """An existing employment, as plan_employments sees it."""

    employer_name: str
    title: str = ""
    is_current: bool = True
    ended_on: date | None = None

    @property
    def employer_key(self) -> str:
        return employer_key(self.employer_name)


def same_when_fixed(old: str, new: str) -> bool:
    return {employer_key(old), employer_key(new)} == {"acme", "acme widgets"}


@pytest.mark.parametrize(
    ("records", "existing", "change", "creates", "ended", "joined", "left"),
    [
        # a new contact: the primary record's employer is current, another source's is a former one
        ([RecordJob("linkedin", "Meridian Geo", "Analyst"), RecordJob("vcard", "Cartowerk", "")], [], None,
         [("Meridian Geo", True, None), ("Cartowerk", False, None)], [], 0, 0),
        # nothing changed
        ([RecordJob("linkedin", "Meridian Geo", "Analyst")], [Job("Meridian Geo Ltd", "Analyst")], None, [], [], 0, 0),
        # a move seen in the same record: old job ended today, new one started today
        ([RecordJob("linkedin", "Orbital Imaging", "Lead")], [Job("Meridian Geo", "Analyst")],
         ObservedChange("Meridian Geo", "Analyst"), [("Orbital Imaging", True, TODAY)], [("Meridian Geo", TODAY)],
         1, 1),
        # the company left blank after a job: ended, nothing started
        ([RecordJob("linkedin", "", "")], [Job("Meridian Geo")], ObservedChange("Meridian Geo", ""), [],
         [("Meridian Geo", TODAY)], 0, 1),
        # a first employer on a profile that had none
        ([RecordJob("linkedin", "Orbital Imaging", "Engineer")], [], ObservedChange("", ""),
         [("Orbital Imaging", True, TODAY)], [], 1, 0),
        # a rename (same employer by the matcher's word): no move, the row is updated in place
        ([RecordJob("linkedin", "Acme Widgets", "Analyst")], [Job("Acme", "Analyst")],
         ObservedChange("Acme", "Analyst"), [], [], 0, 0),
        # another source disagrees with the primary: the other employer is kept as a former job, undated
        ([RecordJob("linkedin", "Orbital Imaging", ""), RecordJob("google", "Meridian Geo", "")],
         [Job("Meridian Geo")], None, [("Orbital Imaging", True, None)], [("Meridian Geo", None)], 0, 0),
        # a move back to an earlier employer starts a new current job
        ([RecordJob("linkedin", "Meridian Geo", "")], [Job("Meridian Geo", is_current=False, ended_on=date(2024, 1, 1)),
                                                      Job("Orbital Imaging")],
         ObservedChange("Orbital Imaging", ""), [("Meridian Geo", True, TODAY)], [("Orbital Imaging", TODAY)], 1, 1),
    ],
)
def test_plan_employments(records: list[RecordJob], existing: list[Job], change: ObservedChange | None,
                          creates: list[tuple], ended: list[tuple], joined: int, left: int) -> None:
    plan = plan_employments(records=records, existing=existing, change=change, today=TODAY,
                            same_employer=same_when_fixed)
    assert [(c["employer_name"], c["is_current"], c["started_on"]) for c in plan.creates] == creates
    ended_now = [(e.employer_name, v["ended_on"]) for e, v in plan.updates if v.get("is_current") is False]
    assert ended_now == ended
    assert (len(plan.joined), len(plan.left)) == (joined, left)


def test_rename_updates_in_place() -> None:
    job = Job("Acme", "Analyst")
    plan = plan_employments(records=[RecordJob("linkedin", "Acme Widgets", "Lead")], existing=[job],
                            change=ObservedChange("Acme", "Analyst"), today=TODAY, same_employer=same_when_fixed)
    assert plan.updates == [(job, {"employer_name": "Acme Widgets", "employer_key": "acme widgets", "title": "Lead"})]


def jobs_of(session: Session, name: str) -> list[tuple[str, bool, date | None, date | None, int | None]]:
    cid = session.exec(select(Contact.id).where(Contact.full_name == name)).one()
    return [(e.employer_name, e.is_current, e.started_on, e.ended_on, e.company_id)
            for e in session.exec(select(Employment).where(Employment.contact_id == cid).order_by(Employment.id))]


def test_successive_exports(session: Session, watchlist: dict[str, int], files: Path) -> None:
    later = NOW + timedelta(days=30)
    import_contacts(session=session, path=files / "linkedin_current.csv", now=NOW)
    summary = import_contacts(session=session, path=files / "linkedin_current_later.csv", now=later)
    session.commit()
    assert (summary.created, summary.updated, summary.unchanged) == (1, 3, 0)
    assert (summary.job_changes, summary.signals) == (2, 3)
    day = later.date()
    meridian, orbital = watchlist["Meridian Geo"], watchlist["Orbital Imaging"]
    assert jobs_of(session, "Bram Oakhurst") == [("Orbital Imaging Inc.", False, None, day, orbital),
                                                 ("Meridian Geo Ltd", True, day, None, meridian)]
    assert jobs_of(session, "Gus Bellamy") == [("Orbital Imaging", True, day, None, orbital)]
    # "Meridian Geospatial" is an alias of the same target: a rename, not a move
    assert jobs_of(session, "Ada Quillfeather") == [("Meridian Geospatial", True, None, None, meridian)]
    # missing from the newer export: kept as it was
    assert jobs_of(session, "Cleo Marchetti") == [("Terrasurvey Partners, LLC", True, None, None,
                                                   watchlist["Terrasurvey Partners"])]
    signals = {(s.kind, s.company_id): s for s in session.exec(select(Signal)).all()}
    assert set(signals) == {("contact_left", orbital), ("contact_joined", meridian), ("contact_joined", orbital)}
    bram = session.exec(select(Contact).where(Contact.full_name == "Bram Oakhurst")).one()
    joined = signals[("contact_joined", meridian)]
    assert joined.dedup_key == f"job:{bram.id}:{meridian}:joined:{day.isoformat()}"
    assert joined.contact_id == bram.id
    assert "Bram Oakhurst moved from Orbital Imaging Inc. to Meridian Geo Ltd" in joined.evidence
    assert joined.facts["title"] == "Head of Remote Sensing"
    assert signals[("contact_left", orbital)].facts["previous_title"] == "Remote Sensing Lead"

    again = import_contacts(session=session, path=files / "linkedin_current_later.csv", now=later + timedelta(days=1))
    assert (again.unchanged, again.job_changes, again.signals) == (4, 0, 0)
    assert len(session.exec(select(Signal)).all()) == 3


def test_old_export_then_current(session: Session, watchlist: dict[str, int], files: Path) -> None:
    """The old format has no URL: people are recognised by name and connection date, moves still seen."""
    import_contacts(session=session, path=files / "linkedin_old_2023.csv", now=NOW - timedelta(days=400))
    summary = import_contacts(session=session, path=files / "linkedin_current.csv", now=NOW)
    session.commit()
    assert (summary.created, summary.updated) == (2, 2)  # Cleo and Gus are new; Ada and Bram known
    assert len(session.exec(select(Contact)).all()) == 5  # Ivo is missing from the newer export, and kept
    bram = jobs_of(session, "Bram Oakhurst")
    assert bram == [("Cartowerk GmbH", False, None, NOW.date(), watchlist["Cartowerk"]),
                    ("Orbital Imaging Inc.", True, NOW.date(), None, watchlist["Orbital Imaging"])]
    kinds = sorted((s.kind, s.company_id) for s in session.exec(select(Signal)).all())
    assert kinds == [("contact_joined", watchlist["Orbital Imaging"]), ("contact_left", watchlist["Cartowerk"])]
