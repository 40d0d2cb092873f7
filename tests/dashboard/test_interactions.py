"""The main interactions change what is stored and what is shown: select a company, log an interaction,
mark a signal wrong, change settings, move the pipeline, log outreach, review matches and merges."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from tracker.db import get_engine
from tracker.models import (
    Contact,
    ContactRecord,
    EmployerMatch,
    FollowUp,
    Interaction,
    PipelineEvent,
    Signal,
    SignalFeedback,
)
from tracker.preferences import HALF_LIFE_DAYS, SIGNAL_WEIGHTS, get_preference


def _db(url: str) -> Session:
    return Session(get_engine(url))


def test_selecting_a_company_on_today_opens_its_page(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("today")
    contour = seeded.companies["Contour Analytics"]
    at.selectbox(key="today_open").set_value(contour).run()
    assert not at.exception
    assert at.title[0].value == "Contour Analytics"
    assert at.query_params["company"] == str(contour)
    at.selectbox(key="company_pick").set_value(seeded.companies["Orbital Lens Imaging"]).run()
    assert at.title[0].value == "Orbital Lens Imaging"


def test_logging_an_interaction_stores_it_and_shows_it(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    bram = seeded.contacts["Bram Okafor"]
    at = open_page("people")
    at.selectbox(key="people_pick").set_value(bram).run()
    before = at.metric[0].value
    at.selectbox(key="interaction_kind").set_value("call")
    at.text_input(key="interaction_note").input("Talked about the Perth office")
    at.button(key="interaction_save").click().run()
    assert not at.exception
    with _db(dash_url) as s:
        stored = s.exec(select(Interaction).where(Interaction.contact_id == bram)).all()
    assert [(i.kind, i.note) for i in stored] == [("call", "Talked about the Perth office")]
    assert "Logged a call with Bram Okafor" in at.success[0].value.replace("\\", "")
    table = at.dataframe[2].value  # the person's interactions, read again after the write
    assert list(table["note"]) == ["Talked about the Perth office"]
    assert int(at.metric[0].value) > int(before)  # a fresh call makes the tie stronger


def test_marking_a_signal_wrong_stores_feedback_and_hides_it(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    wrong = seeded.signals["orbital_launch"]
    at = open_page("signals")
    at.selectbox(key="wrong_signal_id").set_value(wrong)  # inside a form: sent when submitted
    at.selectbox(key="wrong_signal_kind").set_value("partnership")
    at.button(key="wrong_signal_save").click().run()
    assert not at.exception
    with _db(dash_url) as s:
        signal = s.get(Signal, wrong)
        feedback = s.exec(select(SignalFeedback).where(SignalFeedback.signal_id == wrong)).all()
    assert signal.wrong and signal.corrected_kind == "partnership"
    assert [(f.kind, f.corrected_kind) for f in feedback] == [("product_launch", "partnership")]
    assert wrong not in set(at.dataframe[0].value["id"])
    at.toggle(key="signals_wrong").set_value(True).run()
    shown = at.dataframe[0].value
    assert bool(shown[shown["id"] == wrong]["wrong"].iloc[0])


def test_changing_settings_stores_them(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    at = open_page("settings")
    at.number_input(key="half_life").set_value(30.0)
    at.button(key="half_life_save").click().run()
    assert not at.exception
    at.text_area(key="profile_roles").input("GIS analyst\ngeospatial data engineer")
    at.text_area(key="profile_locations").input("Perth")
    at.button(key="profile_save").click().run()
    at.session_state["weights_editor"] = {"edited_rows": {0: {"weight": 5.0}}, "added_rows": [], "deleted_rows": []}
    at.button(key="weights_save").click().run()
    assert not at.exception
    from tracker.network.profile import get_profile

    with _db(dash_url) as s:
        assert get_preference(session=s, key=HALF_LIFE_DAYS) == 30.0
        assert get_profile(session=s).roles == ("GIS analyst", "geospatial data engineer")
        assert get_profile(session=s).locations == ("Perth",)
        first_kind = at.data_editor[0].value["kind"].iloc[0]
        assert get_preference(session=s, key=SIGNAL_WEIGHTS) == {first_kind: 5.0}
    assert at.number_input(key="half_life").value == 30.0


def test_changing_cadences_stores_them(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    at = open_page("settings")
    at.session_state["cadences_editor"] = {"edited_rows": {}, "deleted_rows": [],
                                           "added_rows": [{"applies_to": "default", "days": 120},
                                                          {"applies_to": "mentor", "days": 45}]}
    at.button(key="cadences_save").click().run()
    assert not at.exception
    from tracker.network.followups import get_cadences

    with _db(dash_url) as s:
        assert get_cadences(session=s) == {"default": 120, "tag:mentor": 45}


def test_moving_the_pipeline_records_the_stage_and_note(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    company = seeded.companies["Orbital Lens Imaging"]
    at = open_page("company", company=company)
    at.session_state["company_tabs"] = "Pipeline"
    at.run()
    at.selectbox(key="stage_pick").set_value("conversation")
    at.text_area(key="stage_note").input("Coffee with Farah booked")
    at.button(key="stage_save").click().run()
    assert not at.exception
    with _db(dash_url) as s:
        events = s.exec(select(PipelineEvent).where(PipelineEvent.company_id == company)).all()
    assert [(e.stage, e.note) for e in events] == [("conversation", "Coffee with Farah booked")]
    assert {m.label: m.value for m in at.metric}["Heat"]  # the page is drawn again after the write
    assert "pipeline: conversation" in at.caption[0].value.replace("\\", "")


def test_logging_outreach_records_interaction_and_follow_up(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    company = seeded.companies["Meridian Geo"]
    avery = seeded.contacts["Avery Quinlan"]
    at = open_page("company", company=company)
    at.session_state["company_tabs"] = "Outreach"
    at.run()
    at.selectbox(key="outreach_contact").set_value(avery).run()
    at.selectbox(key="outreach_signal").set_value(seeded.signals["meridian_funding"]).run()
    assert "Avery" in at.code[0].value
    at.button(key="outreach_log").click().run()
    assert not at.exception
    with _db(dash_url) as s:
        sent = s.exec(select(Interaction).where(Interaction.contact_id == avery, Interaction.kind == "outreach")).all()
        followups = s.exec(select(FollowUp).where(FollowUp.contact_id == avery, FollowUp.done_at == None)).all()  # noqa: E711
    assert len(sent) == 1 and sent[0].signal_id == seeded.signals["meridian_funding"]
    assert any(f.interaction_id == sent[0].id and f.due_on > datetime.now(UTC).date() for f in followups)


def test_confirming_an_employer_match_links_the_contact(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    at = open_page("people")
    at.session_state["people_tabs"] = "Employer matches"
    at.run()
    assert not at.dataframe[0].value.empty and "Nimbus Parcel Pty Ltd" in set(at.dataframe[0].value["employer"])
    with _db(dash_url) as s:
        match = s.exec(select(EmployerMatch)).one()
    at.selectbox(key="match_pick").set_value(match.id)
    at.button(key="match_confirm").click().run()
    assert not at.exception
    with _db(dash_url) as s:
        assert s.get(EmployerMatch, match.id).status == "confirmed"
    assert "confirmed" in at.success[0].value
    assert any("No employer matches to review" in c.value for c in at.caption)  # the list is done


def test_merging_a_suggested_duplicate_leaves_one_person(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    from tests.dashboard.seed import person_record
    from tracker.names import normalize_person_name

    with _db(dash_url) as s:
        twin = Contact(full_name="Hana Whitcombe", first_name="Hana", last_name="Whitcombe",
                       normalized_name=normalize_person_name("Hana Whitcombe"), headline="Survey Manager",
                       emails=["hana.w@phone.example"])
        s.add(twin)
        s.flush()
        s.add(ContactRecord(contact_id=twin.id, source="vcard", record_key="hana-phone", file_name="phone.vcf",
                            data=person_record(twin, "Parcel Survey", "Survey Manager")))
        s.commit()
        twin_id = twin.id
    at = open_page("people")
    at.session_state["people_tabs"] = "Suggested merges"
    at.run()
    keep = seeded.contacts["Hana Whitcombe"]
    at.selectbox(key="merge_pick").set_value((keep, twin_id))
    at.button(key="merge_go").click().run()
    assert not at.exception
    with _db(dash_url) as s:
        hanas = s.exec(select(Contact).where(Contact.full_name == "Hana Whitcombe")).all()
    assert [c.id for c in hanas] == [keep]
    assert "hana.w@phone.example" in hanas[0].emails
