"""The user's profile and how a contact's job title relates to it."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from tracker.errors import UserError
from tracker.network.profile import Profile, get_profile, role_relevance, set_profile, title_level, title_words

GIS = Profile(roles=("GIS analyst", "geospatial data engineer"), functions=(), seniority=None, locations=("Perth",))


@pytest.mark.parametrize(("title", "relevance"), [
    ("Senior GIS Analyst", "mentor"),
    ("Sr. GIS Analyst", "mentor"),
    ("Principal Remote Sensing Scientist", "mentor"),
    ("GIS Team Lead", "mentor"),
    ("Lead Geospatial Data Engineer", "mentor"),
    ("Head of Geospatial", "hiring_manager"),
    ("GIS Manager", "hiring_manager"),
    ("Manager, Spatial Data Services", "hiring_manager"),
    ("Director of Data & Analytics", "hiring_manager"),
    ("Chief Data Officer", "hiring_manager"),
    ("GIS Analyst", "peer"),
    ("Geospatial Data Engineer", "peer"),
    ("Junior GIS Technician", "peer"),
    ("Graduate Surveyor", "peer"),
    ("Cartographer", "peer"),
    ("Talent Acquisition Partner", "recruiter"),
    ("Technical Recruiter", "recruiter"),
    ("Senior Recruitment Consultant", "recruiter"),
    ("Talent Sourcer", "recruiter"),
    ("Head of Talent", "recruiter"),
    ("Accountant", "other"),
    ("Project Manager", "other"),
    ("Software Engineer", "other"),
    ("HR Business Partner", "other"),
    ("CEO", "other"),
    ("", "other"),
])
def test_role_relevance_for_a_gis_job_seeker(title: str, relevance: str) -> None:
    assert role_relevance(title=title, profile=GIS)[0] == relevance


@pytest.mark.parametrize(("better", "worse"), [
    ("Head of Geospatial", "Senior GIS Analyst"),
    ("Senior GIS Analyst", "GIS Analyst"),
    ("GIS Analyst", "Junior GIS Technician"),
    ("CEO", "Accountant"),
    ("Technical Recruiter", "Accountant"),
])
def test_weights_order_the_roles(better: str, worse: str) -> None:
    assert role_relevance(title=better, profile=GIS)[1] > role_relevance(title=worse, profile=GIS)[1]


@pytest.mark.parametrize(("seniority", "title", "relevance"), [
    ("senior", "Senior GIS Analyst", "peer"),
    ("senior", "Principal GIS Analyst", "mentor"),
    ("junior", "GIS Analyst", "mentor"),
    ("manager", "GIS Team Lead", "peer"),
])
def test_seniority_moves_the_line_between_mentor_and_peer(seniority: str, title: str, relevance: str) -> None:
    profile = Profile(roles=("GIS analyst",), seniority=seniority)
    assert role_relevance(title=title, profile=profile)[0] == relevance


def test_functions_count_like_roles() -> None:
    profile = Profile(functions=("product",))
    assert role_relevance(title="VP Product", profile=profile) == ("hiring_manager", 0.8)
    assert role_relevance(title="Product Designer", profile=profile)[0] == "peer"
    assert role_relevance(title="Senior GIS Analyst", profile=Profile())[0] == "other"  # no profile: no field


@pytest.mark.parametrize(("title", "words", "level"), [
    ("Sr. GIS Eng", ["senior", "gis", "engineer"], 3),
    ("VP, Engineering", ["vice", "president", "engineering"], 7),
    ("Co-founder & CTO", ["cofounder", "chief"], 8),
    ("Product Manager", ["product", "manager"], 2),
    ("GIS Intern", ["gis", "intern"], 0),
])
def test_title_words_and_level(title: str, words: list[str], level: int) -> None:
    assert title_words(title) == words and title_level(title_words(title)) == level


def test_profile_is_stored_and_only_given_fields_change(session: Session) -> None:
    assert get_profile(session=session) == Profile()
    set_profile(session=session, roles=["GIS analyst", "geospatial data engineer", "GIS analyst"],
                locations=["Perth"])
    profile = set_profile(session=session, seniority="Senior")
    session.commit()
    assert profile == Profile(roles=("GIS analyst", "geospatial data engineer"), functions=(), seniority="senior",
                              locations=("Perth",))
    assert get_profile(session=session) == profile
    with pytest.raises(UserError, match="--seniority: 'boss' is not one of"):
        set_profile(session=session, seniority="boss")
    with pytest.raises(UserError, match="unknown profile field"):
        set_profile(session=session, hobbies=["maps"])
