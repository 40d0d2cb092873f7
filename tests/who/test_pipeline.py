"""The pipeline per company: stages, history with notes, only-forward moves from outreach."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.who.world import NOW, World
from tracker.errors import UserError
from tracker.pipeline import STAGES, advance_to, check_stage, history, set_stage


@pytest.mark.parametrize(("text", "stage"), [("watching", "watching"), ("Reached out", "reached_out"),
                                             ("reached-out", "reached_out"), (" OFFER ", "offer")])
def test_check_stage(text: str, stage: str) -> None:
    assert check_stage(text) == stage


def test_unknown_stage_lists_the_stages() -> None:
    with pytest.raises(UserError, match="unknown stage 'hired' \\(choose one of: watching, reached_out, "):
        check_stage("hired")


def test_stages_and_history_with_notes(world: World) -> None:
    company = world.company("Heliograph Mapping")
    assert history(session=world.session, company=company) == []
    set_stage(session=world.session, company=company, stage="reached_out", now=NOW, note="Wrote to Ana")
    set_stage(session=world.session, company=company, stage="conversation", now=NOW + timedelta(days=3))
    set_stage(session=world.session, company=company, stage="conversation", now=NOW + timedelta(days=4),
              note="Call booked for Friday")
    set_stage(session=world.session, company=company, stage="closed", now=NOW + timedelta(days=9), note="No role")
    rows = history(session=world.session, company=company)
    assert [(r["from"], r["stage"], r["note"]) for r in rows] == [
        ("watching", "reached_out", "Wrote to Ana"), ("reached_out", "conversation", ""),
        ("conversation", "conversation", "Call booked for Friday"), ("conversation", "closed", "No role")]
    assert company.stage == "closed" and rows[0]["company"] == "Heliograph Mapping"


@pytest.mark.parametrize(("current", "target", "moved"), [("watching", "reached_out", True),
                                                          ("interview", "reached_out", False),
                                                          ("reached_out", "reached_out", False),
                                                          ("reached_out", "offer", True)])
def test_advance_only_moves_forward(world: World, current: str, target: str, moved: bool) -> None:
    company = world.company("Heliograph Mapping", stage=current)
    assert advance_to(session=world.session, company=company, stage=target, now=NOW) is moved
    assert company.stage == (target if moved else current)
    assert len(history(session=world.session, company=company)) == int(moved)


def test_stage_order() -> None:
    assert STAGES == ("watching", "reached_out", "conversation", "referral", "applied", "interview", "offer",
                      "closed")
