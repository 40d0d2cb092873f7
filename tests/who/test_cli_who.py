"""`hjm who-to-ask`, `hjm outreach`, `hjm companies stage|history|list --sort heat`, in-process on both databases."""

from __future__ import annotations

import json

from sqlmodel import Session, select
from typer.testing import CliRunner

from tests.who.world import World, geo_world
from tracker.cli import app
from tracker.db import get_engine
from tracker.models import Company, Employment, FollowUp, Interaction

runner = CliRunner()


def hjm(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.output


def hjm_json(url: str, *args: str) -> list[dict]:
    code, out = hjm(url, *args, "--json")
    assert code == 0, out
    rows = json.loads(out)
    assert isinstance(rows, list)
    return rows


def seed(url: str) -> None:
    """The standard scene, with signals dated relative to the real clock (the CLI uses it)."""
    from datetime import UTC, datetime

    import tests.who.world as world_module

    with Session(get_engine(url), expire_on_commit=False) as s:
        saved = world_module.NOW
        world_module.NOW = datetime.now(UTC)
        try:
            geo_world(World(s))
        finally:
            world_module.NOW = saved
        s.commit()


def test_who_to_ask_json_and_text(cli_db: str) -> None:
    seed(cli_db)
    rows = hjm_json(cli_db, "who-to-ask", "Heliograph Mapping")
    assert [r["contact"] for r in rows][:2] == ["Ben Stroud", "Ana Quill"]
    assert {r["relation"] for r in rows} == {"current", "former", "connector"}
    assert all(isinstance(r["reasons"], list) and r["suggested_ask"] for r in rows)
    assert len(hjm_json(cli_db, "who-to-ask", "heliograph.example", "--limit", "1")) == 1
    code, out = hjm(cli_db, "who-to-ask", "Heliograph Mapping")
    assert code == 0 and out.startswith("1. Ben Stroud, GIS Analyst [current]")
    assert "- Based in Perth, Western Australia, where the new office opens." in out and "Ask: " in out
    code, out = hjm(cli_db, "who-to-ask", "Nowhere Inc")
    assert code == 1 and "Error: no company named 'Nowhere Inc' on the watchlist" in out


def test_outreach_draft_log_and_the_week_rule(cli_db: str) -> None:
    seed(cli_db)
    code, out = hjm(cli_db, "outreach", "Heliograph Mapping", "--contact", "Ana Quill")
    assert code == 0 and out.startswith("To: Ana Quill  (ask: advice; built on: funding)")
    assert "Subject: Heliograph Mapping's $40M Series B" in out and "Template: " in out
    [draft] = hjm_json(cli_db, "outreach", "Heliograph Mapping", "--contact", "Ana Quill", "--log")
    assert draft["ask_level"] == "advice" and draft["logged"]["stage_changed"] is True
    with Session(get_engine(cli_db)) as s:
        assert [i.kind for i in s.exec(select(Interaction)).all()] == ["outreach"]
        assert len(s.exec(select(FollowUp)).all()) == 1
    followups = hjm_json(cli_db, "followups", "--within", "7")
    assert [(f["contact"], f["company"]) for f in followups] == [("Ana Quill", "Heliograph Mapping")]
    history = hjm_json(cli_db, "companies", "history", "Heliograph Mapping")
    assert [(h["from"], h["stage"]) for h in history] == [("watching", "reached_out")]
    # Ana was just asked about Heliograph: Tidewater's list leaves her out unless --all.
    with Session(get_engine(cli_db)) as s:
        tidewater = s.exec(select(Company).where(Company.name == "Tidewater Survey")).one()
        s.add(Employment(contact_id=s.exec(select(Interaction)).one().contact_id, company_id=tidewater.id,
                         employer_name="Tidewater Survey", is_current=False))
        s.commit()
    assert "Ana Quill" not in [r["contact"] for r in hjm_json(cli_db, "who-to-ask", "Tidewater Survey")]
    assert "Ana Quill" in [r["contact"] for r in hjm_json(cli_db, "who-to-ask", "Tidewater Survey", "--all")]


def test_outreach_errors(cli_db: str) -> None:
    seed(cli_db)
    code, out = hjm(cli_db, "outreach", "Heliograph Mapping", "--contact", "Nobody Here")
    assert code == 1 and "Error: no contact named 'Nobody Here'" in out
    code, out = hjm(cli_db, "outreach", "Heliograph Mapping", "--signal", "999")
    assert code == 1 and "Error: signal 999 is not a signal of Heliograph Mapping" in out


def test_companies_stage_history_and_list_by_heat(cli_db: str) -> None:
    seed(cli_db)
    code, out = hjm(cli_db, "companies", "stage", "Tidewater Survey", "conversation", "--note", "Coffee with Eli")
    assert code == 0 and out.strip() == "Tidewater Survey: watching -> conversation"
    code, out = hjm(cli_db, "companies", "stage", "Tidewater Survey", "hired")
    assert code == 1 and "Error: unknown stage 'hired'" in out
    [event] = hjm_json(cli_db, "companies", "history", "Tidewater Survey")
    assert (event["stage"], event["note"]) == ("conversation", "Coffee with Eli")
    code, out = hjm(cli_db, "companies", "history", "Heliograph Mapping")
    assert code == 0 and "no pipeline history yet" in out
    rows = hjm_json(cli_db, "companies", "list", "--sort", "heat")
    assert [r["name"] for r in rows] == ["Heliograph Mapping", "Tidewater Survey"]
    top = rows[0]
    assert top["heat"] > 0 and top["heat_parts"][0].startswith("+2.") and "funding" in " ".join(top["heat_parts"])
    assert (top["people"], top["alumni"]) == (2, 1) and isinstance(top["best_tie"], int)
    assert rows[1]["stage"] == "conversation"
