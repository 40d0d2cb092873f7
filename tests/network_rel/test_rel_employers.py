"""Employer strings -> target companies: a table of what must match, what must only be suggested, what must not."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session, select

from tracker.models import Company, Contact, EmployerMatch, Employment
from tracker.network.employers import (
    EmployerMatcher,
    employer_key,
    is_placeholder_employer,
    load_employer_matcher,
    match_employer,
    rematch_employments,
    split_employer,
)


@dataclass(frozen=True)
class Ref:
    """Any object with the CompanyRef attributes will do."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()
    domain: str | None = None
    tickers: tuple[str, ...] = ()


TARGETS = [
    Ref(1, "Google LLC", ("Alphabet",), "google.example"),
    Ref(2, "Kits Eyecare Ltd", (), "kits.example", ("TSX:KITS",)),
    Ref(3, "Meridian Geo Pty Ltd", (), "meridiangeo.example"),
    Ref(4, "Meta", (), "meta.example"),
    Ref(5, "Apple Inc.", (), "apple.example"),
    Ref(6, "Oracle Corporation", (), "oracle.example"),
    Ref(7, "Target Corporation", (), "target.example"),
    Ref(8, "Square", (), None),
    Ref(9, "Block, Inc.", (), "block.example"),
    Ref(10, "Deloitte", (), "deloitte.example"),
    Ref(11, "Accenture plc", (), "accenture.example"),
    Ref(12, "Qualitest Group", (), "qualitest.example"),
]
MATCHER = EmployerMatcher(TARGETS)


@pytest.mark.parametrize(("employer", "email", "company_id", "status"), [
    # names, legal suffixes, aliases
    ("Google", None, 1, "auto"),
    ("Google LLC", None, 1, "auto"),
    ("Alphabet Inc.", None, 1, "auto"),
    ("Meridian Geo Ltd", None, 3, "auto"),
    ("MERIDIAN GEO PTY. LTD.", None, 3, "auto"),
    ("The Oracle Corporation", None, 6, "auto"),
    # staffing patterns: the real employer comes first (or after "at", or is the client)
    ("Google via Qualitest Group", None, 1, "auto"),
    ("Google (contract)", None, 1, "auto"),
    ("Google - Contractor", None, 1, "auto"),
    ("Contractor at Google", None, 1, "auto"),
    ("Qualitest Group (client: Google)", None, 1, "auto"),
    ("Acme Robotics via Qualitest Group", None, 12, "suggested"),  # only the agency is a target
    # tickers and web addresses
    ("KITS.COM (TSX:KITS)", None, 2, "auto"),
    ("kits.example", None, 2, "auto"),
    # geography and division qualifiers keep the company
    ("Google Australia Pty Ltd", None, 1, "auto"),
    ("Meta Platforms, Inc.", None, 4, "auto"),
    ("Deloitte Australia", None, 10, "auto"),
    # near-misses go to review
    ("Goggle", None, 1, "suggested"),
    ("Accentura", None, 11, "suggested"),
    ("Meridian Geospatial", None, 3, "suggested"),
    ("Deloitte Touche Tohmatsu", None, 10, "suggested"),
    # a work email on the company's domain is strong evidence; free mail is none
    ("Goggle", "jane.doe@google.example", 1, "auto"),
    ("", "jane.doe@mail.google.example", 1, "auto"),
    ("Acme Robotics", "jane.doe@google.example", 1, "suggested"),
    ("Acme Robotics", "jane.doe@gmail.com", None, "none"),
    ("", "jane.doe@gmail.com", None, "none"),
    ("Goggle", "jane.doe@gmail.com", 1, "suggested"),
    # placeholders are no company
    ("Self-employed", None, None, "none"),
    ("Stealth Startup", None, None, "none"),
    ("", None, None, "none"),
])
def test_employer_matches(employer: str, email: str | None, company_id: int | None, status: str) -> None:
    result = MATCHER.match(employer, email=email)
    assert (result.company_id, result.status) == (company_id, status), result


@pytest.mark.parametrize("employer", [
    "Metabolic", "Metabolic Health Pty Ltd", "Apple Hospitality", "Apple Hospitality REIT, Inc.",
    "Oracle Capital", "Oracle Capital Group", "Target Logistics", "Square Peg Capital", "Square Peg Capital Pty Ltd",
    "Blockchain Ltd", "Blockchain Australia", "Squarespace", "Metalab", "Applebee's", "Blocktech Pty Ltd",
    "Targeted Media", "Oracles of Delphi Ventures", "Block & Co Builders",
])
def test_employers_that_must_not_match(employer: str) -> None:
    result = MATCHER.match(employer)
    assert result.company_id is None and result.status == "none", result


@pytest.mark.parametrize(("company", "employer"), [
    (Ref(1, "Metabolic"), "Meta"),
    (Ref(1, "Apple Hospitality REIT"), "Apple"),
    (Ref(1, "Oracle Capital"), "Oracle"),
    (Ref(1, "Target Logistics"), "Target"),
    (Ref(1, "Square Peg Capital"), "Square"),
    (Ref(1, "Blockchain Ltd"), "Block"),
])
def test_must_not_match_the_other_way_round(company: Ref, employer: str) -> None:
    assert EmployerMatcher([company]).match(employer).company_id is None


@pytest.mark.parametrize(("employer", "names", "agencies"), [
    ("Google via Qualitest Group", ["Google"], ["Qualitest Group"]),
    ("Google (via Qualitest)", ["Google"], ["Qualitest"]),
    ("Consultant at Meridian Geo", ["Meridian Geo"], ["Consultant"]),
    ("Qualitest Group (client: Google)", ["Google"], ["Qualitest Group"]),
    ("Google (Contract)", ["Google"], []),
    ("AT&T", ["AT&T"], []),
    ("Google / YouTube", ["Google", "YouTube"], []),
])
def test_split_employer(employer: str, names: list[str], agencies: list[str]) -> None:
    assert split_employer(employer) == (names, agencies)


@pytest.mark.parametrize(("employer", "expected"), [
    ("Self-employed", True), ("Freelance", True), ("Confidential", True), ("Google", False), ("Stealth", True),
])
def test_placeholders(employer: str, expected: bool) -> None:
    assert is_placeholder_employer(employer) is expected


def test_decisions_override_the_algorithm() -> None:
    key_goggle, key_apple = employer_key("Goggle"), employer_key("Apple Hospitality")
    matcher = EmployerMatcher(TARGETS, {(key_goggle, 1): "confirmed", (employer_key("Google"), 1): "rejected",
                                        (key_apple, 5): "confirmed"})
    assert (matcher.match("Goggle").company_id, matcher.match("Goggle").status) == (1, "confirmed")
    assert matcher.match("Google").company_id is None  # the user said this "Google" is not the target
    assert matcher.match("Apple Hospitality").status == "confirmed"
    assert matcher.match("Google Australia").company_id == 1  # other strings are unaffected


def _company(session: Session, name: str, domain: str | None = None, aliases: list[str] | None = None) -> Company:
    company = Company(name=name, normalized_name=employer_key(name), domain=domain, aliases=aliases or [])
    session.add(company)
    session.flush()
    return company


def _person(session: Session, name: str, employer: str, emails: list[str] | None = None) -> Employment:
    contact = Contact(full_name=name, normalized_name=name.lower(), emails=emails or [])
    session.add(contact)
    session.flush()
    job = Employment(contact_id=contact.id, employer_name=employer, employer_key=employer_key(employer))
    session.add(job)
    session.flush()
    return job


def test_rematch_links_employments_and_remembers_review_items(session: Session) -> None:
    meridian = _company(session, "Meridian Geo Pty Ltd", "meridiangeo.example")
    jobs = [
        _person(session, "Ada Fictional", "Meridian Geo Ltd"),
        _person(session, "Ben Madeup", "Meridian Geospatial"),
        _person(session, "Cy Invented", "Acme Robotics", ["cy@meridiangeo.example"]),
        _person(session, "Di Notreal", "Metabolic"),
    ]
    assert rematch_employments(session=session) == 1
    assert [j.company_id for j in jobs] == [meridian.id, None, None, None]
    rows = {r.employer_name: r for r in session.exec(select(EmployerMatch)).all()}
    assert {name: r.status for name, r in rows.items()} == {
        "Meridian Geo Ltd": "auto", "Meridian Geospatial": "suggested", "Acme Robotics": "suggested"}
    assert rematch_employments(session=session) == 0  # idempotent
    assert session.exec(select(EmployerMatch)).all().__len__() == 3

    # The user confirms one near-miss and rejects the automatic match: both are remembered.
    rows["Meridian Geospatial"].status = "confirmed"
    rows["Meridian Geo Ltd"].status = "rejected"
    session.add_all([rows["Meridian Geospatial"], rows["Meridian Geo Ltd"]])
    assert rematch_employments(session=session) == 2
    assert [j.company_id for j in jobs] == [None, meridian.id, None, None]
    assert load_employer_matcher(session=session).match("Meridian Geo Ltd").company_id is None


def test_watchlist_change_relinks(session: Session) -> None:
    job = _person(session, "Ed Fictive", "Kits Eyecare (TSX:KITS)")
    assert rematch_employments(session=session) == 0 and job.company_id is None
    kits = _company(session, "Kits Eyecare Ltd", "kits.example")
    assert rematch_employments(session=session) == 1 and job.company_id == kits.id
    session.delete(kits)
    session.flush()
    assert rematch_employments(session=session) in (0, 1)  # ON DELETE SET NULL may already have unlinked it
    session.refresh(job)
    assert job.company_id is None
    assert session.exec(select(EmployerMatch)).all() == []


def test_match_employer_records_a_suggestion_once(session: Session) -> None:
    _company(session, "Accenture plc", "accenture.example")
    first = match_employer(session=session, employer="Accentura")
    second = match_employer(session=session, employer="Accentura")
    assert first == second and first.status == "suggested"
    rows = session.exec(select(EmployerMatch)).all()
    assert [(r.employer_key, r.status, r.method) for r in rows] == [("accentura", "suggested", "fuzzy")]


def test_work_email_alone_links_without_a_review_item(session: Session) -> None:
    meridian = _company(session, "Meridian Geo Pty Ltd", "meridiangeo.example")
    job = _person(session, "Fo Example", "", ["fo.example@gmail.com", "fo@survey.meridiangeo.example"])
    assert rematch_employments(session=session) == 1
    assert job.company_id == meridian.id
    assert session.exec(select(EmployerMatch)).all() == []
