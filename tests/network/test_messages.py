"""LinkedIn messages.csv -> interactions with known contacts: who, when, direction; bodies only when asked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, select

from tracker.models import Contact, FollowUp, Interaction
from tracker.network.formats import MessageRecord
from tracker.network.importer import import_contacts
from tracker.network.message_import import find_owner

from .conftest import NOW


def interactions(session: Session) -> list[tuple[str, str, str, int]]:
    names = dict(session.exec(select(Contact.id, Contact.full_name)).all())
    session.expire_all()
    rows = session.exec(select(Interaction).order_by(Interaction.occurred_at)).all()
    return [(names[i.contact_id], i.occurred_at.date().isoformat(), i.direction, i.note.count("\n")) for i in rows]


def test_messages_become_interactions(session: Session, files: Path) -> None:
    import_contacts(session=session, path=files / "linkedin_current.csv", now=NOW)
    summary = import_contacts(session=session, path=files / "messages.csv", now=NOW)
    session.commit()
    assert (summary.format, summary.created, summary.updated, summary.unchanged) == ("linkedin-messages", 5, 0, 0)
    assert [(s.line, s.reason) for s in summary.skipped] == [
        (6, "no known contact among Xavier Stranger"), (9, "field 'DATE': 'last tuesday' is not a date and time")]
    assert interactions(session) == [
        ("Cleo Marchetti", "2025-10-20", "sent", 0), ("Gus Bellamy", "2025-10-20", "sent", 0),
        ("Bram Oakhurst", "2025-11-03", "received", 0),
        ("Ada Quillfeather", "2026-01-10", "both", 0), ("Ada Quillfeather", "2026-01-14", "received", 0)]
    rows = session.exec(select(Interaction)).all()
    assert {(i.kind, i.source) for i in rows} == {("message", "linkedin-messages")}
    assert all(i.external_key.startswith("li-msg:") for i in rows)
    ada_day = next(i for i in rows if i.direction == "both")
    assert ada_day.note == "2 LinkedIn messages: Coffee?"
    assert not any("coffee next week" in i.note for i in rows)  # bodies are not stored unless asked

    again = import_contacts(session=session, path=files / "messages.csv", now=NOW + timedelta(days=1))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    kept = import_contacts(session=session, path=files / "messages.csv", now=NOW, keep_bodies=True)
    assert (kept.created, kept.updated) == (0, 5)
    session.commit()
    ada_day = session.exec(select(Interaction).where(Interaction.direction == "both")).one()
    assert "Hi Ada, would you have time for a coffee next week?" in ada_day.note
    assert "Sure, Tuesday works." in ada_day.note


def test_messages_close_open_follow_ups(session: Session, files: Path) -> None:
    import_contacts(session=session, path=files / "linkedin_current.csv", now=NOW)
    ada = session.exec(select(Contact).where(Contact.full_name == "Ada Quillfeather")).one()
    session.add(FollowUp(contact_id=ada.id, due_on=date(2026, 1, 12), reason="ask about the team",
                         created_at=datetime(2026, 1, 1, tzinfo=UTC)))
    session.commit()
    import_contacts(session=session, path=files / "messages.csv", now=NOW)
    session.commit()
    followup = session.exec(select(FollowUp)).one()
    assert followup.done_at is not None


def test_messages_without_contacts_skip_every_row(session: Session, files: Path) -> None:
    summary = import_contacts(session=session, path=files / "messages.csv", now=NOW)
    assert summary.created == 0
    assert [s.line for s in summary.skipped] == [2, 3, 4, 5, 6, 8, 9]
    assert session.exec(select(Interaction)).all() == []


def message(conversation: str, sender: str, *recipients: str) -> MessageRecord:
    return MessageRecord(line=1, conversation_id=conversation, sender=(sender, None),
                         recipients=tuple((r, None) for r in recipients), sent_at=datetime(2026, 1, 1, tzinfo=UTC))


def test_find_owner() -> None:
    messages = [message("a", "Me Myself", "Ann"), message("b", "Bob", "Me Myself"), message("c", "Me Myself", "Cy")]
    assert find_owner(messages, known=set()) == "name:me myself"
    # one conversation: both take part in it; the one who is not a known contact is the owner
    assert find_owner([message("a", "Ann", "Me Myself")], known={"name:ann"}) == "name:me myself"
    assert find_owner([], known=set()) is None
