"""Interactions and keeping in touch: cadences per person and per tag, follow-ups, due/overdue, reset by logging."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tracker.errors import UserError
from tracker.models import Contact, FollowUp
from tracker.network.followups import (
    complete_followup,
    due_followups,
    get_cadences,
    schedule_followup,
    set_cadence,
)
from tracker.network.interactions import add_interaction, last_interactions, list_interactions, resolve_contact
from tracker.network.ties import set_tie

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
TODAY = NOW.date()


def ago(days: int) -> datetime:
    return NOW - timedelta(days=days)


def _contact(session: Session, name: str, **kw: object) -> Contact:
    contact = Contact(full_name=name, normalized_name=name.lower(), connected_on=date(2020, 1, 1), **kw)
    session.add(contact)
    session.flush()
    return contact


def _due(session: Session, **kw: object) -> dict[str, dict]:
    return {r["contact"]: r for r in due_followups(session=session, now=NOW, **kw)}


def test_cadence_per_person_and_per_tag(session: Session) -> None:
    ana = _contact(session, "Ana Example", cadence_days=30)
    bo = _contact(session, "Bo Example", tags=["Inner Circle"])
    cy = _contact(session, "Cy Example", tags=["classmate"])
    add_interaction(session=session, contact_id=ana.id, kind="call", occurred_at=ago(45))
    add_interaction(session=session, contact_id=bo.id, kind="meeting", occurred_at=ago(20))
    add_interaction(session=session, contact_id=cy.id, kind="message", occurred_at=ago(400))
    assert set(_due(session)) == {"Ana Example"}  # no tag cadences yet; Cy has none
    row = _due(session)["Ana Example"]
    assert (row["due_on"], row["status"], row["days_overdue"], row["source"]) == (
        TODAY - timedelta(days=15), "overdue", 15, "cadence")
    assert "every 30 days" in row["reason"] and "last in touch" in row["reason"]

    set_cadence(session=session, tag="inner circle", days=14)
    set_cadence(session=session, tag="classmate", days=365)
    assert get_cadences(session=session) == {"tag:inner circle": 14, "tag:classmate": 365}
    due = _due(session)
    assert set(due) == {"Ana Example", "Bo Example", "Cy Example"}
    assert due["Bo Example"]["days_overdue"] == 6 and "tag: inner circle" in due["Bo Example"]["reason"]
    assert due["Cy Example"]["days_overdue"] == 35

    # Logging an interaction resets the clock.
    add_interaction(session=session, contact_id=ana.id, kind="email", occurred_at=NOW, note="sent the map")
    assert "Ana Example" not in _due(session)
    assert _due(session, within_days=30)["Ana Example"]["status"] == "upcoming"


def test_default_cadence_and_never_contacted(session: Session) -> None:
    _contact(session, "Dee Example")
    assert due_followups(session=session, now=NOW) == []
    set_cadence(session=session, days=365)
    row = _due(session)["Dee Example"]
    assert row["due_on"] == date(2020, 12, 31) and "never logged" in row["reason"]
    set_cadence(session=session, days=0)  # cleared
    assert due_followups(session=session, now=NOW) == []


def test_inner_circle_cadence_covers_the_strongest_ties(session: Session) -> None:
    close = _contact(session, "Eve Example", closeness=5, tags=["mentor"])
    _contact(session, "Fay Example")
    add_interaction(session=session, contact_id=close.id, kind="meeting", occurred_at=ago(70))
    add_interaction(session=session, contact_id=close.id, kind="helped", occurred_at=ago(65),
                    note="reviewed her conference talk")
    set_cadence(session=session, tag="inner circle", days=60)
    assert set(_due(session)) == {"Eve Example"}


def test_followups_from_outreach_are_due_and_reset_by_a_reply(session: Session) -> None:
    gus = _contact(session, "Gus Example")
    outreach = add_interaction(session=session, contact_id=gus.id, kind="outreach", occurred_at=ago(9),
                               direction="sent", note="asked about the new Perth office")
    followup = schedule_followup(session=session, contact_id=gus.id, due_on=(ago(9) + timedelta(days=7)).date(),
                                 reason="no reply yet", interaction_id=outreach.id, now=ago(9))
    again = schedule_followup(session=session, contact_id=gus.id, due_on=followup.due_on, reason="no reply yet",
                              interaction_id=outreach.id, now=ago(9))
    assert again.id == followup.id
    row = _due(session)["Gus Example"]
    assert (row["source"], row["status"], row["days_overdue"], row["followup_id"]) == (
        "follow-up", "overdue", 2, followup.id)

    # Something dated before the outreach does not answer it; the reply does.
    add_interaction(session=session, contact_id=gus.id, kind="message", occurred_at=ago(30))
    assert "Gus Example" in _due(session)
    add_interaction(session=session, contact_id=gus.id, kind="message", occurred_at=ago(1), direction="received")
    assert due_followups(session=session, now=NOW) == []
    session.refresh(followup)
    assert followup.done_at is not None


def test_follow_up_and_cadence_for_one_person_show_once(session: Session) -> None:
    hal = _contact(session, "Hal Example", cadence_days=10)
    add_interaction(session=session, contact_id=hal.id, kind="call", occurred_at=ago(40))
    schedule_followup(session=session, contact_id=hal.id, due_on=TODAY, reason="send the paper")
    rows = due_followups(session=session, now=NOW)
    assert [(r["contact"], r["source"], r["status"]) for r in rows] == [("Hal Example", "follow-up", "due")]
    complete_followup(session=session, followup_id=rows[0]["followup_id"], now=NOW)
    assert [r["source"] for r in due_followups(session=session, now=NOW)] == ["cadence"]
    with pytest.raises(UserError, match="no follow-up with id 999"):
        complete_followup(session=session, followup_id=999, now=NOW)


@pytest.mark.parametrize(("kind", "note", "message"), [
    ("coffee", "", "is not one of meeting, call"),
    ("helped", "", "needs a note saying what you gave"),
])
def test_bad_interactions_are_refused(session: Session, kind: str, note: str, message: str) -> None:
    ivy = _contact(session, "Ivy Example")
    with pytest.raises(UserError, match=message):
        add_interaction(session=session, contact_id=ivy.id, kind=kind, occurred_at=NOW, note=note)


def test_list_last_and_idempotent_import_key(session: Session) -> None:
    jo = _contact(session, "Jo Example")
    first = add_interaction(session=session, contact_id=jo.id, kind="message", occurred_at=ago(3),
                            external_key="linkedin:abc", source="linkedin-messages")
    again = add_interaction(session=session, contact_id=jo.id, kind="message", occurred_at=ago(3),
                            external_key="linkedin:abc", source="linkedin-messages")
    assert again.id == first.id
    add_interaction(session=session, contact_id=jo.id, kind="helped", occurred_at=ago(1),
                    note="introduced Jo to a hiring lead")
    rows = list_interactions(session=session, contact_id=jo.id)
    assert [(r["kind"], r["note"]) for r in rows] == [("helped", "introduced Jo to a hiring lead"), ("message", "")]
    assert rows[0]["date"] == ago(1)
    assert [r["kind"] for r in list_interactions(session=session, kinds=["message"])] == ["message"]
    assert last_interactions(session=session) == {jo.id: ago(1)}
    assert last_interactions(session=session, contact_ids=[jo.id, 999]) == {jo.id: ago(1)}


def test_resolve_contact_by_id_name_part_and_ambiguity(session: Session) -> None:
    a = _contact(session, "Kim Fictional", headline="GIS Analyst")
    _contact(session, "Kim Madeup")
    assert resolve_contact(session=session, ref=str(a.id)).id == a.id
    assert resolve_contact(session=session, ref="kim fictional").id == a.id
    assert resolve_contact(session=session, ref="Madeup").full_name == "Kim Madeup"
    with pytest.raises(UserError, match="matches several contacts: .*use the id"):
        resolve_contact(session=session, ref="Kim")
    with pytest.raises(UserError, match="no contact named 'Lou'"):
        resolve_contact(session=session, ref="Lou")


def test_set_tie(session: Session) -> None:
    mo = _contact(session, "Mo Example", tags=["classmate"])
    set_tie(session=session, contact_id=mo.id, now=NOW, closeness=4, add_tags=["Former-Colleague", "mentor"],
            remove_tags=["classmate"], cadence_days=45)
    session.commit()
    stored = session.exec(select(Contact).where(Contact.id == mo.id)).one()
    assert (stored.closeness, stored.tags, stored.cadence_days) == (4, ["former colleague", "mentor"], 45)
    set_tie(session=session, contact_id=mo.id, now=NOW, cadence_days=0)
    assert stored.cadence_days is None
    with pytest.raises(UserError, match="between 1 and 5"):
        set_tie(session=session, contact_id=mo.id, now=NOW, closeness=7)
    assert session.exec(select(FollowUp)).all() == []
