"""Outreach drafts from editable templates: the ask graded by the tie, giving to companies in trouble, logging."""

from __future__ import annotations

import string
from datetime import timedelta
from importlib import resources
from pathlib import Path

import pytest
from sqlmodel import select

from tests.who.world import NOW, World, geo_world
from tracker.errors import InputError, UserError
from tracker.models import Company, Contact, FollowUp, Interaction, PipelineEvent
from tracker.network.followups import due_followups
from tracker.outreach import LEVELS, PLACEHOLDERS, draft_outreach, find_template, log_outreach, render
from tracker.who import who_to_ask

BUNDLED = Path(str(resources.files("tracker") / "outreach_templates"))
TEMPLATES = sorted(BUNDLED.glob("*.txt"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_every_bundled_template_asks_one_question_and_fills_every_placeholder(path: Path) -> None:
    kind, level, _ = path.name.split(".")
    assert level in LEVELS
    values = {name: f"<{name}>" for name in PLACEHOLDERS}
    subject, body = render(path, values)
    assert subject and "$" not in subject + body
    assert body.count("?") == 1  # one purposeful question
    assert "hope you are well" not in body.lower() and "how are you" not in body.lower()  # no small talk
    assert len(body.split()) < 110  # short
    for name in string.Template(path.read_text()).get_identifiers():
        assert name in PLACEHOLDERS


def test_every_level_has_a_default_and_giving_kinds_have_a_check_in() -> None:
    names = {p.name for p in TEMPLATES}
    assert {f"default.{level}.txt" for level in LEVELS} <= names
    assert {"layoffs.checkin.txt", "hiring_freeze.checkin.txt", "closure.checkin.txt"} <= names


def test_the_users_template_wins_and_defaults_fill_in(tmp_path: Path) -> None:
    user = tmp_path / "templates"
    user.mkdir()
    (user / "funding.advice.txt").write_text("Subject: Mine\nHi $first_name, what now?\n")
    dirs = [user, BUNDLED]
    assert find_template(kind="funding", level="advice", dirs=dirs) == user / "funding.advice.txt"
    assert find_template(kind="funding", level="insight", dirs=dirs) == BUNDLED / "funding.insight.txt"
    assert find_template(kind="award", level="insight", dirs=dirs) == BUNDLED / "default.insight.txt"
    assert render(user / "funding.advice.txt", {"first_name": "Ana"}) == ("Mine", "Hi Ana, what now?\n")
    with pytest.raises(UserError, match="unknown ask level 'beg'"):
        find_template(kind="funding", level="beg", dirs=dirs)
    with pytest.raises(UserError, match="no outreach template for funding/advice"):
        find_template(kind="funding", level="advice", dirs=[tmp_path / "nowhere"])


def test_a_template_with_an_unknown_placeholder_names_file_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "funding.advice.txt"
    path.write_text("Subject: Hi\nHi $first_name,\nCosts $$5 and $salary?\n")
    with pytest.raises(InputError) as err:
        render(path, {})
    assert (err.value.line, err.value.field) == (3, "salary")
    assert str(err.value).startswith(f"{path}:3: field 'salary' unknown placeholder $salary")


def test_weak_tie_gets_an_advice_draft_built_on_the_strongest_news(world: World) -> None:
    w = geo_world(world)
    company = w.session.get(Company, w.ids["Heliograph Mapping"])
    draft = draft_outreach(session=w.session, company=company, now=NOW, contact="Ana Quill")
    assert (draft.contact, draft.ask_level, draft.signal_kind) == ("Ana Quill", "advice", "funding")
    assert draft.template.endswith("funding.advice.txt")
    assert draft.subject == "Heliograph Mapping's $40M Series B"
    assert draft.body.startswith("Hi Ana,\n\nCongratulations on the $40M Series B at Heliograph Mapping (12 days ago).")
    assert "as a GIS analyst" in draft.body and draft.body.count("?") == 1


def test_close_tie_is_asked_for_a_referral_and_a_chosen_signal_is_used(world: World) -> None:
    w = geo_world(world)
    ana = w.session.get(Contact, w.ids["Ana Quill"])
    ana.closeness = 5
    w.session.add(ana)
    expansion = w.signal("Heliograph Mapping", "expansion", days_ago=40, city="Hobart")
    company = w.session.get(Company, w.ids["Heliograph Mapping"])
    draft = draft_outreach(session=w.session, company=company, now=NOW, contact=str(ana.id),
                           signal_id=expansion.id)
    assert (draft.ask_level, draft.signal_kind, draft.signal_id) == ("referral", "expansion", expansion.id)
    assert "new office in Hobart" in draft.body and "introduce me" in draft.body


def test_without_a_contact_the_top_person_is_drafted_for(world: World) -> None:
    w = geo_world(world)
    company = w.session.get(Company, w.ids["Heliograph Mapping"])
    top = who_to_ask(session=w.session, company_id=company.id, now=NOW, limit=1)[0]
    draft = draft_outreach(session=w.session, company=company, now=NOW)
    assert draft.contact == top["contact"] == "Ben Stroud"


def test_a_company_in_trouble_gets_a_check_in_not_an_ask(world: World) -> None:
    w = geo_world(world)
    w.signal("Tidewater Survey", "funding", days_ago=60, amount=5_000_000)
    w.signal("Tidewater Survey", "layoffs", days_ago=2, headcount=80)
    company = w.session.get(Company, w.ids["Tidewater Survey"])
    draft = draft_outreach(session=w.session, company=company, now=NOW, contact="Eli Vail")
    assert (draft.ask_level, draft.signal_kind) == ("checkin", "layoffs")
    assert draft.template.endswith("layoffs.checkin.txt")
    assert "80 jobs cut" in draft.body and "refer" not in draft.body


def test_draft_errors_are_one_clear_line(world: World) -> None:
    w = geo_world(world)
    w.company("Empty Co")
    empty = w.session.get(Company, w.ids["Empty Co"])
    with pytest.raises(UserError, match="nobody in your network is linked to Empty Co yet"):
        draft_outreach(session=w.session, company=empty, now=NOW)
    helio = w.session.get(Company, w.ids["Heliograph Mapping"])
    with pytest.raises(UserError, match="no contact named 'Nobody Here'"):
        draft_outreach(session=w.session, company=helio, now=NOW, contact="Nobody Here")
    other = w.signal("Tidewater Survey", "funding")
    with pytest.raises(UserError, match=f"signal {other.id} is not a signal of Heliograph Mapping"):
        draft_outreach(session=w.session, company=helio, now=NOW, contact="Ana Quill", signal_id=other.id)
    ana_id = w.ids["Ana Quill"]
    w.person("Ana Quill", employer="Elsewhere Labs")  # a namesake: the one linked to the company wins
    assert draft_outreach(session=w.session, company=helio, now=NOW, contact="ana quill").contact_id == ana_id
    w.person("Kai Holt")
    w.person("Kai Holt")
    with pytest.raises(UserError, match="several contacts are named 'Kai Holt'"):
        draft_outreach(session=w.session, company=helio, now=NOW, contact="Kai Holt")


def test_logging_records_the_outreach_schedules_a_follow_up_and_moves_the_pipeline(world: World) -> None:
    w = geo_world(world)
    company = w.session.get(Company, w.ids["Heliograph Mapping"])
    draft = draft_outreach(session=w.session, company=company, now=NOW, contact="Ana Quill")
    logged = log_outreach(session=w.session, draft=draft, now=NOW)
    assert logged["follow_up_on"] == (NOW + timedelta(days=7)).date() and logged["stage_changed"] is True
    interaction = w.session.get(Interaction, logged["interaction_id"])
    assert (interaction.kind, interaction.company_id, interaction.signal_id) == ("outreach", company.id,
                                                                                 draft.signal_id)
    followup = w.session.get(FollowUp, logged["followup_id"])
    assert followup.contact_id == w.ids["Ana Quill"] and followup.done_at is None
    assert all(r.get("followup_id") != followup.id for r in due_followups(session=w.session, now=NOW))
    due = due_followups(session=w.session, now=NOW + timedelta(days=7))
    assert [r["contact"] for r in due if r.get("followup_id") == followup.id] == ["Ana Quill"]
    assert company.stage == "reached_out"
    events = w.session.exec(select(PipelineEvent).where(PipelineEvent.company_id == company.id)).all()
    assert [(e.stage, e.note) for e in events] == [("reached_out", "Wrote to Ana Quill (advice)")]
    later = log_outreach(session=w.session, draft=draft, now=NOW + timedelta(days=1), followup_days=3)
    assert later["follow_up_on"] == (NOW + timedelta(days=4)).date() and later["stage_changed"] is False


def test_without_recent_news_the_message_is_about_the_company_itself(world: World) -> None:
    from tracker.network.profile import set_profile

    w = world
    set_profile(session=w.session, roles=["GIS analyst"], functions=["GIS"])
    w.company("Quiet Mapping")
    w.person("Ivo Lomax", at="Quiet Mapping", title="GIS Analyst")
    w.signal("Quiet Mapping", "funding", days_ago=400, money="$3M")  # too old to build on
    company = w.session.get(Company, w.ids["Quiet Mapping"])
    draft = draft_outreach(session=w.session, company=company, now=NOW)
    assert (draft.signal_kind, draft.signal_id, draft.ask_level) == ("general", None, "advice")
    assert draft.template.endswith("general.advice.txt") and "news" not in draft.body
    assert "I work as a GIS analyst and Quiet Mapping is one of the places" in draft.body
