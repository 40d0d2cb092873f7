"""Merge, split (remembered across re-imports) and forget, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select

from tracker.errors import UserError
from tracker.models import (
    Contact,
    ContactRecord,
    Employment,
    FollowUp,
    Interaction,
    Signal,
    SignalFeedback,
)
from tracker.network.forget import forget_contact
from tracker.network.importer import import_contacts
from tracker.network.merge import merge_contacts, split_contact

from .conftest import NOW

ADA_FILES = ("linkedin_current.csv", "google_old.csv", "contacts_iphone_30.vcf")


def by_name(session: Session, name: str) -> list[Contact]:
    return list(session.exec(select(Contact).where(Contact.full_name == name).order_by(Contact.id)).all())


def sources_of(session: Session, contact_id: int) -> list[str]:
    return sorted(session.exec(select(ContactRecord.source).where(ContactRecord.contact_id == contact_id)).all())


def test_merge_two_contacts(session: Session, watchlist: dict[str, int], files: Path, tmp_path: Path) -> None:
    import_contacts(session=session, path=files / "linkedin_old_2018.csv", now=NOW)
    card = tmp_path / "kit.vcf"
    card.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Kit Ambrose\nEMAIL:kit@home.example\nTEL:+61 400 202 202\n"
                    "END:VCARD\n", encoding="utf-8")
    import_contacts(session=session, path=card, now=NOW)
    keep, other = by_name(session, "Kit Ambrose")  # a name alone is not enough to merge
    keep.closeness, keep.tags = 2, ["classmate"]
    other.closeness, other.tags, other.cadence_days = 4, ["friend"], 60
    session.add(Interaction(contact_id=other.id, occurred_at=NOW, kind="call", note="caught up"))
    session.add(FollowUp(contact_id=other.id, due_on=date(2026, 4, 1), reason="send the map"))
    session.commit()

    merged = merge_contacts(session=session, keep_id=keep.id, other_id=other.id, now=NOW)
    session.commit()
    assert [c.id for c in by_name(session, "Kit Ambrose")] == [keep.id]
    assert sources_of(session, keep.id) == ["linkedin", "vcard"]
    assert merged.emails == ["kit.ambrose@mail.example", "kit@home.example"]
    assert merged.phones == ["+61400202202"]
    assert (merged.closeness, merged.tags, merged.cadence_days) == (4, ["classmate", "friend"], 60)
    assert session.exec(select(Interaction.contact_id)).all() == [keep.id]
    assert session.exec(select(FollowUp.contact_id)).all() == [keep.id]
    assert [e.employer_name for e in session.exec(select(Employment).where(Employment.contact_id == keep.id))] == [
        "Northwind Survey"]

    again = import_contacts(session=session, path=card, now=NOW + timedelta(days=1))
    assert (again.created, again.unchanged) == (0, 1)


def test_merge_refuses_itself(session: Session, watchlist: dict[str, int], files: Path) -> None:
    import_contacts(session=session, path=files / "linkedin_old_2018.csv", now=NOW)
    kit = by_name(session, "Kit Ambrose")[0]
    with pytest.raises(UserError, match="itself"):
        merge_contacts(session=session, keep_id=kit.id, other_id=kit.id, now=NOW)
    with pytest.raises(UserError, match="no contact with id 999"):
        merge_contacts(session=session, keep_id=kit.id, other_id=999, now=NOW)


def test_split_is_remembered(session: Session, watchlist: dict[str, int], files: Path) -> None:
    for name in ADA_FILES:
        import_contacts(session=session, path=files / name, now=NOW)
    [ada] = by_name(session, "Ada Quillfeather")
    assert sources_of(session, ada.id) == ["google", "linkedin", "vcard"]
    created = split_contact(session=session, contact_id=ada.id, now=NOW)
    session.commit()
    adas = by_name(session, "Ada Quillfeather")
    assert len(adas) == 3 and len(created) == 2
    assert sorted(src for a in adas for src in sources_of(session, a.id)) == ["google", "linkedin", "vcard"]
    assert sources_of(session, ada.id) == ["linkedin"]  # the primary record stays
    for each in adas:
        jobs = session.exec(select(Employment).where(Employment.contact_id == each.id, Employment.is_current)).all()
        assert [j.company_id for j in jobs] == [watchlist["Meridian Geo"]]

    for name in ADA_FILES:  # the same files again do not re-merge them
        summary = import_contacts(session=session, path=files / name, now=NOW + timedelta(days=2))
        assert (summary.created, summary.updated) == (0, 0)
    assert len(by_name(session, "Ada Quillfeather")) == 3


def test_split_namesakes_stay_apart_when_keys_change(session: Session, watchlist: dict[str, int], files: Path,
                                                     tmp_path: Path) -> None:
    """Two people of one name at one employer, split by the user, are not re-merged by a later export."""
    import_contacts(session=session, path=files / "linkedin_old_2018.csv", now=NOW)
    phone = tmp_path / "phone.vcf"
    phone.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Lena Brightwater\nORG:Meridian Geo\nEND:VCARD\n", encoding="utf-8")
    import_contacts(session=session, path=phone, now=NOW)
    [lena] = by_name(session, "Lena Brightwater")  # merged by name and employer
    [other] = split_contact(session=session, contact_id=lena.id, now=NOW)
    # the next phone export has her email and a UID: a new key for the same card
    phone.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Lena Brightwater\nORG:Meridian Geo\nEMAIL:lena@home.example\n"
                     "UID:fict-lena-2\nEND:VCARD\n", encoding="utf-8")
    summary = import_contacts(session=session, path=phone, now=NOW + timedelta(days=1))
    session.commit()
    assert (summary.created, summary.updated) == (0, 1)
    assert [c.id for c in by_name(session, "Lena Brightwater")] == [lena.id, other.id]
    assert sources_of(session, lena.id) == ["linkedin"]
    assert sources_of(session, other.id) == ["vcard"]
    session.refresh(other)
    assert other.emails == ["lena@home.example"]
    # a third Lena at Meridian from another source: ambiguous, so a contact of her own
    card = tmp_path / "google.csv"
    card.write_text("Name,Given Name,Family Name,Organization 1 - Name\n"
                    "Lena Brightwater,Lena,Brightwater,Meridian Geo\n", encoding="utf-8")
    assert import_contacts(session=session, path=card, now=NOW).created == 1


def test_split_one_record(session: Session, watchlist: dict[str, int], files: Path) -> None:
    for name in ADA_FILES:
        import_contacts(session=session, path=files / name, now=NOW)
    [ada] = by_name(session, "Ada Quillfeather")
    vcard = session.exec(select(ContactRecord).where(ContactRecord.contact_id == ada.id,
                                                     ContactRecord.source == "vcard")).one()
    [moved] = split_contact(session=session, contact_id=ada.id, record_id=vcard.id, now=NOW)
    session.commit()
    assert sources_of(session, ada.id) == ["google", "linkedin"]
    assert sources_of(session, moved.id) == ["vcard"]
    assert moved.location == "Perth, Australia"
    session.refresh(ada)
    assert ada.location == ""
    with pytest.raises(UserError, match="only one source record"):
        split_contact(session=session, contact_id=moved.id, now=NOW)
    with pytest.raises(UserError, match=f"record {vcard.id} is not one of"):
        split_contact(session=session, contact_id=ada.id, record_id=vcard.id, now=NOW)


def test_merge_after_split(session: Session, watchlist: dict[str, int], files: Path) -> None:
    for name in ADA_FILES[:2]:
        import_contacts(session=session, path=files / name, now=NOW)
    [ada] = by_name(session, "Ada Quillfeather")
    [moved] = split_contact(session=session, contact_id=ada.id, now=NOW)
    merge_contacts(session=session, keep_id=ada.id, other_id=moved.id, now=NOW)
    assert sources_of(session, ada.id) == ["google", "linkedin"]
    jobs = session.exec(select(Employment).where(Employment.contact_id == ada.id)).all()
    assert [(j.employer_name, j.is_current) for j in jobs] == [("Meridian Geo Ltd", True)]  # no duplicate job


def test_forget_removes_everything(session: Session, watchlist: dict[str, int], files: Path) -> None:
    import_contacts(session=session, path=files / "linkedin_current.csv", now=NOW)
    import_contacts(session=session, path=files / "linkedin_current_later.csv", now=NOW + timedelta(days=30))
    [bram] = by_name(session, "Bram Oakhurst")
    [ada] = by_name(session, "Ada Quillfeather")
    talk = Interaction(contact_id=bram.id, occurred_at=NOW, kind="meeting", note="coffee")
    session.add(talk)
    session.flush()
    session.add(FollowUp(contact_id=bram.id, due_on=date(2026, 5, 1), reason="thank him", interaction_id=talk.id))
    session.add(Interaction(contact_id=ada.id, occurred_at=NOW, kind="call"))
    signal = session.exec(select(Signal).where(Signal.contact_id == bram.id)).first()
    session.add(SignalFeedback(signal_id=signal.id, kind=signal.kind, text=signal.evidence))
    session.commit()
    assert len(session.exec(select(Signal).where(Signal.contact_id == bram.id)).all()) == 2

    counts = forget_contact(session=session, contact_id=bram.id)
    session.commit()
    assert counts == {"contact": "Bram Oakhurst", "follow_ups": 1, "signals": 2, "interactions": 1,
                      "employments": 2, "records": 1}
    assert by_name(session, "Bram Oakhurst") == []
    for model in (ContactRecord, Employment, Interaction, FollowUp, Signal):
        assert session.exec(select(model).where(model.contact_id == bram.id)).all() == []
    assert session.exec(select(SignalFeedback)).all() == []
    assert not any("Bram" in s.evidence for s in session.exec(select(Signal)).all())
    assert len(session.exec(select(Interaction)).all()) == 1  # Ada's stays
    with pytest.raises(UserError, match=f"no contact with id {bram.id}"):
        forget_contact(session=session, contact_id=bram.id)
