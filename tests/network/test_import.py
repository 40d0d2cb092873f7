"""import_contacts on SQLite and PostgreSQL: records kept, people merged, idempotent, transactional."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

import tracker.network.importer as importer
from tracker.db import session_scope
from tracker.errors import InputError
from tracker.models import Contact, ContactRecord, EmployerMatch, Employment, Signal
from tracker.network.importer import import_contacts

from .conftest import NOW


def count(session: Session, model: type) -> int:
    return int(session.exec(select(func.count()).select_from(model)).one())


def contact(session: Session, name: str) -> Contact:
    return session.exec(select(Contact).where(Contact.full_name == name)).one()


def employments(session: Session, name: str) -> list[Employment]:
    return list(session.exec(select(Employment).where(Employment.contact_id == contact(session, name).id)
                             .order_by(Employment.id)).all())


def snapshot(session: Session) -> dict[str, list]:
    """Every row that an import may touch, as plain tuples."""
    session.expire_all()
    return {
        "contacts": sorted((c.id, c.full_name, tuple(c.emails), c.linkedin_url, c.headline, str(c.updated_at))
                           for c in session.exec(select(Contact)).all()),
        "records": sorted((r.id, r.contact_id, r.source, r.record_key, r.content_hash, str(r.last_seen))
                          for r in session.exec(select(ContactRecord)).all()),
        "employments": sorted((e.id, e.contact_id, e.employer_name, e.company_id, e.is_current, str(e.ended_on))
                              for e in session.exec(select(Employment)).all()),
        "signals": sorted((s.id, s.dedup_key) for s in session.exec(select(Signal)).all()),
    }


def test_current_linkedin_export(session: Session, watchlist: dict[str, int], files: Path) -> None:
    summary = import_contacts(session=session, path=files / "linkedin_current.csv", now=NOW)
    session.commit()
    assert (summary.format, summary.created, summary.updated, summary.unchanged) == ("linkedin", 4, 0, 0)
    assert [s.line for s in summary.skipped] == [9, 10, 11, 12, 14]
    assert summary.as_dict()["skipped"][0] == {"line": 9, "reason": "field 'Connected On': 'someday' is not a date"}
    assert count(session, Contact) == 4
    assert count(session, ContactRecord) == 4
    ada = contact(session, "Ada Quillfeather")
    assert ada.linkedin_url == "https://www.linkedin.com/in/ada-quillfeather-fict"
    assert ada.emails == ["ada@meridiangeo.example"]
    assert ada.headline == "Senior GIS Analyst"
    assert str(ada.connected_on) == "2023-02-07"
    [job] = employments(session, "Ada Quillfeather")
    assert (job.employer_name, job.company_id, job.is_current) == ("Meridian Geo Ltd", watchlist["Meridian Geo"], True)
    [cleo_job] = employments(session, "Cleo Marchetti")
    assert cleo_job.company_id == watchlist["Terrasurvey Partners"]
    assert employments(session, "Gus Bellamy") == []  # no company on the profile: no employment
    record = session.exec(select(ContactRecord).where(ContactRecord.contact_id == ada.id)).one()
    assert (record.source, record.file_name, record.data["title"]) == ("linkedin", "linkedin_current.csv",
                                                                        "Senior GIS Analyst")


def test_reimport_changes_nothing(session: Session, watchlist: dict[str, int], files: Path) -> None:
    for name in ("linkedin_current.csv", "google_old.csv", "contacts_iphone_30.vcf"):
        import_contacts(session=session, path=files / name, now=NOW)
    session.commit()
    before = snapshot(session)
    for name in ("linkedin_current.csv", "google_old.csv", "contacts_iphone_30.vcf"):
        summary = import_contacts(session=session, path=files / name, now=NOW + timedelta(days=3))
        assert (summary.created, summary.updated) == (0, 0)
        assert summary.unchanged > 0
    session.commit()
    assert snapshot(session) == before


def test_people_merged_across_sources(session: Session, watchlist: dict[str, int], files: Path) -> None:
    for name in ("linkedin_current.csv", "google_old.csv", "google_new.csv", "contacts_iphone_30.vcf",
                 "contacts_v40.vcf", "contacts_android_21.vcf"):
        import_contacts(session=session, path=files / name, now=NOW)
    session.commit()
    sources = {}
    for c in session.exec(select(Contact)).all():
        records = session.exec(select(ContactRecord.source).where(ContactRecord.contact_id == c.id)).all()
        sources[c.full_name] = sorted(records)
    # by LinkedIn URL and email (Ada, Bram), by email through another record (Cleo), by email (Nell)
    assert sources["Ada Quillfeather"] == ["google", "linkedin", "vcard"]
    assert sources["Bram Oakhurst"] == ["google", "linkedin", "vcard"]
    assert sources["Cleo Marchetti"] == ["google", "linkedin", "vcard"]
    assert sources["Nell Fairweather"] == ["google", "vcard"]
    assert sources["Pia Rose Castellanos"] == ["google"]
    assert len(sources) == count(session, Contact)  # one contact per person, no duplicate names
    ada = contact(session, "Ada Quillfeather")
    assert set(ada.emails) == {"ada@meridiangeo.example", "ada.q@mail.example"}
    assert ada.phones == ["+61400111222"]
    assert ada.location == "Perth, Australia"
    bram = contact(session, "Bram Oakhurst")
    assert set(bram.emails) == {"bram@orbital.example", "bram.oakhurst@mail.example"}
    current = [e for e in employments(session, "Bram Oakhurst") if e.is_current]
    assert [(e.employer_name, e.company_id) for e in current] == [
        ("Orbital Imaging Inc.", watchlist["Orbital Imaging"])]


def test_name_and_employer_merge(session: Session, watchlist: dict[str, int], files: Path, tmp_path: Path) -> None:
    import_contacts(session=session, path=files / "linkedin_old_2018.csv", now=NOW)
    card = tmp_path / "lena.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Lena Brightwater\nN:Brightwater;Lena;;;\nORG:Meridian Geo Pty Ltd\n"
                    "TEL:+61 400 010 010\nEND:VCARD\nBEGIN:VCARD\nVERSION:3.0\nFN:Lena Brightwater\n"
                    "ORG:Some Other Firm\nEND:VCARD\n", encoding="utf-8")
    summary = import_contacts(session=session, path=card, now=NOW)
    session.commit()
    assert (summary.created, summary.updated) == (0, 1)
    assert [s.reason for s in summary.skipped] == ["duplicate of line 1 (Lena Brightwater)"]
    lena = contact(session, "Lena Brightwater")
    assert lena.phones == ["+61400010010"]


def test_same_name_other_employer_not_merged(session: Session, watchlist: dict[str, int], files: Path,
                                             tmp_path: Path) -> None:
    import_contacts(session=session, path=files / "linkedin_old_2018.csv", now=NOW)
    card = tmp_path / "other.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Lena Brightwater\nORG:Harbour Bakery\nEND:VCARD\n", encoding="utf-8")
    summary = import_contacts(session=session, path=card, now=NOW)
    assert summary.created == 1
    assert len(session.exec(select(Contact).where(Contact.full_name == "Lena Brightwater")).all()) == 2


def test_excel_resaved_exports(session: Session, watchlist: dict[str, int], files: Path) -> None:
    first = import_contacts(session=session, path=files / "linkedin_excel_bom.csv", now=NOW)
    second = import_contacts(session=session, path=files / "linkedin_excel_cp1252.csv", now=NOW)
    session.commit()
    assert (first.created, second.created, first.skipped, second.skipped) == (2, 2, [], [])
    names = set(session.exec(select(Contact.full_name)).all())
    assert names == {"Zoë Kowalczyk", "Mateo Ibáñez", "Renée Müller", "Søren Dahl"}
    assert contact(session, "Renée Müller").headline == "Surveyor – Field"


@pytest.mark.parametrize("fmt", ["auto", "linkedin"])
def test_bad_header_imports_nothing(session: Session, watchlist: dict[str, int], files: Path, fmt: str) -> None:
    import_contacts(session=session, path=files / "google_new.csv", now=NOW)
    session.commit()
    before = snapshot(session)
    with pytest.raises(InputError) as caught:
        import_contacts(session=session, path=files / "linkedin_wrong_header.csv", fmt=fmt, now=NOW)
    assert str(caught.value).startswith(f"{files / 'linkedin_wrong_header.csv'}:4: field 'Company' missing")
    session.rollback()
    assert snapshot(session) == before


def test_interrupted_import_leaves_nothing(db_url: str, files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with session_scope(db_url) as session:
        import_contacts(session=session, path=files / "linkedin_old_2023.csv", now=NOW)
    with Session(session.get_bind()) as session:
        before = snapshot(session)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    # Halfway: new contacts and records are written, the known ones not yet refreshed.
    monkeypatch.setattr(importer._PeopleImport, "_refresh_existing", crash)
    with pytest.raises(KeyboardInterrupt), session_scope(db_url) as session:
        import_contacts(session=session, path=files / "linkedin_current.csv", now=NOW)
    with Session(session.get_bind()) as session:
        assert snapshot(session) == before


def test_employer_near_miss_goes_to_review(session: Session, watchlist: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text("First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
                    "Tess,Arden,https://www.linkedin.com/in/tess-arden-fict,,Orbital Imagery,Analyst,01 Jan 2024\n"
                    "Uma,Bright,https://www.linkedin.com/in/uma-bright-fict,,Metabolic Foods,Chef,01 Jan 2024\n",
                    encoding="utf-8")
    import_contacts(session=session, path=path, now=NOW)
    session.commit()
    [tess] = employments(session, "Tess Arden")
    assert tess.company_id is None  # a near miss is never linked without the user's word
    review = session.exec(select(EmployerMatch).where(EmployerMatch.employer_key == tess.employer_key)).one()
    assert (review.company_id, review.status) == (watchlist["Orbital Imaging"], "suggested")
    [uma] = employments(session, "Uma Bright")
    assert uma.company_id is None
