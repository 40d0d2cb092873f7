"""Relationship strength: ordering, reasons and the bulk query, with an explicit now=."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlmodel import Session

from tracker.models import Contact, Interaction
from tracker.network.strength import inner_circle, relationship_strength, score_relationship, strengths

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


BARE = dict(closeness=None, tags=(), connected_on=date(2018, 5, 1), interactions=())
PEOPLE = {
    "mentor met last week": dict(closeness=5, tags=("mentor",), connected_on=date(2015, 1, 1),
                                 interactions=[("meeting", ago(7), "both"), ("helped", ago(60), ""),
                                               ("call", ago(150), "both")]),
    "former colleague, calls": dict(closeness=None, tags=("Former colleague",), connected_on=date(2019, 1, 1),
                                    interactions=[("call", ago(40), "both"), ("meeting", ago(200), "")]),
    "two-way messages": dict(closeness=None, tags=(), connected_on=date(2020, 1, 1),
                             interactions=[("message", ago(10 + 30 * i), "both") for i in range(6)]),
    "one-way messages": dict(closeness=None, tags=(), connected_on=date(2020, 1, 1),
                             interactions=[("message", ago(10 + 30 * i), "sent") for i in range(6)]),
    "met once, two years ago": dict(closeness=None, tags=(), connected_on=date(2016, 1, 1),
                                    interactions=[("meeting", ago(2 * 365), "")]),
    "bare connection": BARE,
}


def test_strength_orders_real_relationships_above_connections() -> None:
    scores = {name: score_relationship(now=NOW, **kw).score for name, kw in PEOPLE.items()}
    ordered = list(scores.values())
    assert all(a > b for a, b in zip(ordered, ordered[1:], strict=False)), scores
    assert scores["bare connection"] <= 5
    assert all(0 <= s <= 100 for s in scores.values())


@pytest.mark.parametrize(("kind_a", "kind_b"), [
    ("helped", "message"), ("meeting", "message"), ("meeting", "email"), ("call", "message"), ("helped", "email"),
])
def test_kind_matters(kind_a: str, kind_b: str) -> None:
    def score(kind: str) -> int:
        return score_relationship(closeness=None, tags=(), connected_on=None,
                                  interactions=[(kind, ago(d), "both") for d in (20, 90, 200)], now=NOW).score
    assert score(kind_a) > score(kind_b)


@pytest.mark.parametrize(("days_a", "days_b"), [(5, 100), (100, 400), (30, 2000)])
def test_recent_beats_old(days_a: int, days_b: int) -> None:
    def score(days: int) -> int:
        return score_relationship(closeness=None, tags=(), connected_on=None,
                                  interactions=[("call", ago(days), "both")], now=NOW).score
    assert score(days_a) > score(days_b)


@pytest.mark.parametrize(("field", "low", "high"), [
    ("closeness", 1, 5), ("closeness", 2, 4), ("tags", ("recruiter",), ("mentor",)),
    ("tags", (), ("classmate",)), ("connected_on", date(2025, 12, 1), date(2019, 12, 1)),
])
def test_closeness_tags_and_years_add(field: str, low: object, high: object) -> None:
    assert (score_relationship(now=NOW, **{**BARE, field: high}).score
            > score_relationship(now=NOW, **{**BARE, field: low}).score)


def test_reasons_explain_the_score() -> None:
    s = score_relationship(now=NOW, **PEOPLE["mentor met last week"])
    assert s.score >= 75
    assert s.reasons[0] == "Interactions: 1 meeting, 1 call, you helped them once."
    assert "You rated closeness 5 of 5." in s.reasons
    assert "Last in touch 7 days ago (meeting)." in s.reasons
    assert "Tagged mentor." in s.reasons
    assert "Connected for 11 years." in s.reasons
    bare = score_relationship(now=NOW, **BARE)
    assert bare.reasons == ("Connected for 7 years.", "No interactions logged.")


def test_future_interactions_do_not_count_as_last_touch() -> None:
    s = score_relationship(closeness=None, tags=(), connected_on=None,
                           interactions=[("meeting", NOW + timedelta(days=3), "")], now=NOW)
    assert not any(r.startswith("Last in touch") for r in s.reasons)


def _contact(session: Session, name: str, **kw: object) -> Contact:
    contact = Contact(full_name=name, normalized_name=name.lower(), **kw)
    session.add(contact)
    session.flush()
    return contact


def test_bulk_strengths_equal_the_pure_function(session: Session) -> None:
    mentor = _contact(session, "Mona Mentor", closeness=5, tags=["mentor"], connected_on=date(2015, 1, 1))
    peer = _contact(session, "Pete Peer", tags=["former colleague"], connected_on=date(2019, 1, 1))
    bare = _contact(session, "Bea Bare", connected_on=date(2018, 5, 1))
    interactions = [
        Interaction(contact_id=mentor.id, occurred_at=ago(7), kind="meeting", direction="both"),
        Interaction(contact_id=mentor.id, occurred_at=ago(60), kind="helped", note="introduced her to a hiring lead"),
        Interaction(contact_id=peer.id, occurred_at=ago(40), kind="call", direction="both"),
    ]
    session.add_all(interactions)
    session.commit()
    bulk = strengths(session=session, now=NOW)
    assert set(bulk) == {mentor.id, peer.id, bare.id}
    for contact in (mentor, peer, bare):
        mine = [i for i in interactions if i.contact_id == contact.id]
        assert bulk[contact.id] == relationship_strength(contact=contact, interactions=mine, now=NOW)
    assert bulk[mentor.id].score > bulk[peer.id].score > bulk[bare.id].score
    assert strengths(session=session, contact_ids=[peer.id], now=NOW) == {peer.id: bulk[peer.id]}
    many = [peer.id, *range(10**6, 10**6 + 2500)]  # beyond the chunked path: read all, keep the asked
    assert strengths(session=session, contact_ids=many, now=NOW) == {peer.id: bulk[peer.id]}
    assert bulk[peer.id].score >= 30 > bulk[bare.id].score
    assert inner_circle(session=session, now=NOW, min_score=30) == [mentor.id, peer.id]
    assert inner_circle(session=session, now=NOW, size=1, min_score=0) == [mentor.id]
