"""The relationship commands, in-process with CliRunner, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlmodel import Session, select
from typer.testing import CliRunner

from tracker.cli import app
from tracker.db import get_engine
from tracker.models import Company, Contact, EmployerMatch, Employment, FollowUp
from tracker.network.employers import employer_key

runner = CliRunner()


def hjm(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.output


def hjm_json(url: str, *args: str) -> object:
    code, out = hjm(url, *args, "--json")
    assert code == 0, out
    return json.loads(out)


def seed(url: str) -> dict[str, int]:
    """Two target companies and a handful of fictional people."""
    with Session(get_engine(url), expire_on_commit=False) as s:
        meridian = Company(name="Meridian Geo Pty Ltd", normalized_name="meridian geo", domain="meridiangeo.example")
        s.add(meridian)
        people = {}
        for name, employer, emails in [
            ("Ada Fictional", "Meridian Geo Ltd", []), ("Ben Madeup", "Meridian Geospatial", []),
            ("Cy Invented", "Contoso Mapping", []), ("Dee Invented", "Contoso Mapping", []),
            ("Eli Invented", "Contoso Mapping Pty Ltd", ["eli@contoso.example"]),
            ("Kim Fictional", "Self-employed", []), ("Kim Madeup", "Metabolic", []),
        ]:
            contact = Contact(full_name=name, normalized_name=name.lower(), emails=emails,
                              connected_on=date(2021, 4, 1))
            s.add(contact)
            s.flush()
            s.add(Employment(contact_id=contact.id, employer_name=employer, employer_key=employer_key(employer)))
            people[name] = contact.id
        s.commit()
        people["meridian"] = meridian.id
    return people


def test_interactions_add_list_and_followups(cli_db: str) -> None:
    ids = seed(cli_db)
    code, out = hjm(cli_db, "interactions", "add", "Kim", "--kind", "call")
    assert code == 1 and "Error: 'Kim' matches several contacts" in out and "use the id" in out
    code, out = hjm(cli_db, "interactions", "add", "Ada Fictional", "--kind", "coffee")
    assert code == 1 and "is not one of meeting, call" in out
    code, out = hjm(cli_db, "interactions", "add", "ada fictional", "--kind", "helped", "--date", "2026-01-10")
    assert code == 1 and "needs a note" in out
    code, out = hjm(cli_db, "interactions", "add", "Ada", "--kind", "call", "--date", "last tuesday")
    assert code == 1 and "--date: 'last tuesday' is not a date" in out

    code, out = hjm(cli_db, "interactions", "add", str(ids["Ada Fictional"]), "--kind", "helped", "--date",
                    "2026-01-10", "--note", "introduced her to a survey lead", "--company", "Meridian Geo")
    assert code == 0 and "Logged helped with Ada Fictional on 2026-01-10" in out
    added = hjm_json(cli_db, "interactions", "add", "kim madeup", "--kind", "meeting", "--date", "3d")
    assert added["contact"] == "Kim Madeup" and added["kind"] == "meeting"

    rows = hjm_json(cli_db, "interactions", "list")
    assert [(r["contact"], r["kind"]) for r in rows] == [("Kim Madeup", "meeting"), ("Ada Fictional", "helped")]
    assert rows[1]["company"] == "Meridian Geo Pty Ltd" and rows[1]["note"] == "introduced her to a survey lead"
    assert [r["kind"] for r in hjm_json(cli_db, "interactions", "list", "--contact", "Ada Fictional")] == ["helped"]
    code, out = hjm(cli_db, "interactions", "list")
    assert code == 0 and out.splitlines()[0].split()[:3] == ["ID", "DATE", "CONTACT"]

    # Cadences: per contact (contacts set) and per tag (profile cadence); the list shows who is due.
    assert hjm_json(cli_db, "followups") == []
    code, out = hjm(cli_db, "contacts", "set", "Ada Fictional", "--cadence", "30", "--closeness", "4",
                    "--tag", "former colleague")
    assert code == 0 and "closeness 4" in out and "cadence 30 days" in out
    code, out = hjm(cli_db, "profile", "cadence", "--tag", "Inner Circle", "--days", "60")
    assert code == 0 and "inner circle every 60 days" in out
    due = hjm_json(cli_db, "followups")
    ada = [r for r in due if r["contact"] == "Ada Fictional"]
    assert len(ada) == 1 and ada[0]["status"] == "overdue" and ada[0]["source"] == "cadence"

    # A follow-up row (as `outreach --log` creates) shows, and logging an interaction resets both.
    with Session(get_engine(cli_db)) as s:
        s.add(FollowUp(contact_id=ids["Ben Madeup"], due_on=datetime.now(UTC).date() - timedelta(days=1),
                       reason="no reply yet"))
        s.commit()
    due = hjm_json(cli_db, "followups")
    assert {r["contact"] for r in due} == {"Ada Fictional", "Ben Madeup"}
    assert hjm(cli_db, "interactions", "add", "Ben Madeup", "--kind", "message", "--direction", "received")[0] == 0
    assert hjm(cli_db, "interactions", "add", "Ada Fictional", "--kind", "call")[0] == 0
    assert hjm_json(cli_db, "followups") == []
    assert hjm_json(cli_db, "followups", "--within", "40")[0]["status"] == "upcoming"


def test_contacts_set_tags_and_strength(cli_db: str) -> None:
    ids = seed(cli_db)
    out = hjm_json(cli_db, "contacts", "set", str(ids["Cy Invented"]), "--closeness", "5", "--tag", "mentor",
                   "--tag", "classmate")
    assert out["tags"] == ["mentor", "classmate"] and out["closeness"] == 5
    assert out["strength"] > 20 and "You rated closeness 5 of 5." in out["reasons"]
    out = hjm_json(cli_db, "contacts", "set", "Cy Invented", "--untag", "classmate", "--cadence", "0")
    assert out["tags"] == ["mentor"] and out["cadence_days"] is None
    code, text = hjm(cli_db, "contacts", "set", "Cy Invented", "--closeness", "9")
    assert code == 1 and "Error: --closeness: 9 is not between 1 and 5" in text


def test_profile_set_and_show(cli_db: str) -> None:
    code, out = hjm(cli_db, "profile", "set")
    assert code == 1 and "give at least one of" in out
    code, out = hjm(cli_db, "profile", "set", "--role", "GIS analyst", "--role", "geospatial data engineer",
                    "--location", "Perth", "--seniority", "mid")
    assert code == 0 and "Roles: GIS analyst, geospatial data engineer" in out
    assert hjm(cli_db, "profile", "set", "--function", "geospatial")[0] == 0
    shown = hjm_json(cli_db, "profile", "show")
    assert shown == {"roles": ["GIS analyst", "geospatial data engineer"], "functions": ["geospatial"],
                     "seniority": "mid", "locations": ["Perth"], "cadences": {}}
    code, out = hjm(cli_db, "profile", "set", "--seniority", "overlord")
    assert code == 1 and "--seniority: 'overlord' is not one of" in out


def test_companies_matches_confirm_reject_and_suggest(cli_db: str) -> None:
    from tracker.network.employers import rematch_employments

    ids = seed(cli_db)
    with Session(get_engine(cli_db)) as s:
        assert rematch_employments(session=s) == 1
        s.commit()
    review = hjm_json(cli_db, "companies", "matches")
    assert [(r["employer"], r["company"], r["status"]) for r in review] == [
        ("Meridian Geospatial", "Meridian Geo Pty Ltd", "suggested")]
    everything = hjm_json(cli_db, "companies", "matches", "--all")
    assert {r["employer"]: r["status"] for r in everything} == {"Meridian Geospatial": "suggested",
                                                                "Meridian Geo Ltd": "auto"}

    code, out = hjm(cli_db, "companies", "matches", "--confirm", str(review[0]["id"]))
    assert code == 0 and "confirmed (1 employment(s) relinked)" in out
    auto_id = next(r["id"] for r in everything if r["status"] == "auto")
    decided = hjm_json(cli_db, "companies", "matches", "--reject", str(auto_id))
    assert decided[0]["status"] == "rejected" and decided[0]["relinked"] == 1
    assert hjm_json(cli_db, "companies", "matches") == []
    code, out = hjm(cli_db, "companies", "matches", "--confirm", "999")
    assert code == 1 and "no employer match with id 999" in out

    with Session(get_engine(cli_db)) as s:
        linked = {e.contact_id: e.company_id for e in s.exec(select(Employment)).all()}
        assert linked[ids["Ben Madeup"]] == ids["meridian"] and linked[ids["Ada Fictional"]] is None
        # Remembered: matching again does not undo the user's answers.
        assert rematch_employments(session=s) == 0
        assert {m.status for m in s.exec(select(EmployerMatch)).all()} == {"confirmed", "rejected"}

    suggested = hjm_json(cli_db, "companies", "suggest")
    assert suggested == [{"employer": "Contoso Mapping", "people": 3, "current": 3, "former": 0,
                          "examples": ["Cy Invented", "Dee Invented", "Eli Invented"]}]
    assert hjm_json(cli_db, "companies", "suggest", "--min", "4") == []
    # Placeholders never; a rejected employer whose name is a target's name is not suggested as a new target.
    assert {r["employer"] for r in hjm_json(cli_db, "companies", "suggest", "--min", "1")} == {
        "Contoso Mapping", "Metabolic"}
