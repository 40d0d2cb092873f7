"""The user's own goals (target roles, functions, seniority, locations) and how a contact's title relates to them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

from sqlmodel import Session

from tracker.errors import UserError
from tracker.names import fold
from tracker.preferences import PROFILE, get_preference, set_preference

RELEVANCE_WEIGHTS = {"hiring_manager": 1.0, "mentor": 0.8, "peer": 0.6, "recruiter": 0.5, "other": 0.1}
EXECUTIVE_OTHER = 0.3  # a founder or chief outside the user's function still decides on hires, from afar
SENIORITY_LEVELS = {"intern": 0, "graduate": 1, "junior": 1, "mid": 2, "senior": 3, "lead": 4, "principal": 4,
                    "manager": 5, "head": 5, "director": 6, "vp": 7, "executive": 8}
MANAGER_LEVEL = 5

_ABBREVIATIONS = {"sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager", "eng": "engineer",
                  "engr": "engineer", "dir": "director", "vp": "vice president", "svp": "vice president",
                  "evp": "vice president", "avp": "vice president", "ta": "talent acquisition", "dev": "developer",
                  "swe": "software engineer", "hr": "human resources", "ceo": "chief", "cto": "chief", "cfo": "chief",
                  "coo": "chief", "cio": "chief", "cdo": "chief", "cmo": "chief", "gm": "general manager"}
_LEVEL_WORDS = {"intern": 0, "internship": 0, "trainee": 0, "apprentice": 0, "student": 0, "graduate": 1,
                "grad": 1, "junior": 1, "entry": 1, "assistant": 1, "senior": 3, "lead": 4, "principal": 4,
                "staff": 4, "architect": 4, "manager": 5, "head": 5, "director": 6, "vice": 7, "president": 7,
                "founder": 7, "cofounder": 7, "owner": 7, "chief": 8}
# "Project manager" is a role, not a people manager.
_ROLE_MANAGERS = {"project", "product", "account", "program", "programme", "community", "office", "success",
                  "relationship", "property", "case", "delivery", "portfolio"}
# Words that name a kind of job, not a field; what is left of a role is its function.
_ROLE_NOUNS = {"analyst", "engineer", "developer", "scientist", "specialist", "consultant", "officer", "manager",
               "lead", "technician", "designer", "architect", "administrator", "coordinator", "associate",
               "assistant", "director", "head", "of", "and", "the", "in", "for", "team", "senior", "junior",
               "principal", "staff", "chief", "vice", "president", "expert", "professional", "practitioner"}
# Fields that go by several names: a match on any counts as the same function.
FUNCTION_FAMILIES = (
    {"gis", "geospatial", "spatial", "geographic", "geography", "geomatics", "mapping", "cartography",
     "cartographer", "sensing", "surveying", "surveyor", "geo", "geodata", "photogrammetry", "lidar"},
    {"data", "analytics", "bi", "intelligence", "insights", "ml", "ai", "statistics", "statistician", "database"},
    {"software", "backend", "frontend", "fullstack", "web", "platform", "devops", "cloud", "infrastructure"},
    {"product"}, {"design", "ux", "ui"}, {"marketing", "growth", "brand"},
    {"sales", "partnerships"}, {"finance", "accounting", "accountant", "financial"},
    {"security", "cybersecurity", "infosec"}, {"operations", "ops", "logistics", "supply"},
)
_WORD = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Profile:
    """What the user is looking for."""

    roles: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    seniority: str | None = None
    locations: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """Plain values for JSON and the preferences store."""
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def _clean_list(values: Iterable[str] | str | None) -> tuple[str, ...]:
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    seen: dict[str, str] = {}
    for value in values:
        text = " ".join(str(value).split())
        if text and text.lower() not in seen:
            seen[text.lower()] = text
    return tuple(seen.values())


def _profile_from(raw: object) -> Profile:
    data = raw if isinstance(raw, dict) else {}
    return Profile(roles=_clean_list(data.get("roles")), functions=_clean_list(data.get("functions")),
                   seniority=data.get("seniority") or None, locations=_clean_list(data.get("locations")))


def get_profile(*, session: Session) -> Profile:
    """The stored profile (empty when never set)."""
    return _profile_from(get_preference(session=session, key=PROFILE, default={}))


def set_profile(*, session: Session, **fields: object) -> Profile:
    """Replace the given fields of the profile (roles, functions, seniority, locations); returns the result."""
    unknown = set(fields) - {"roles", "functions", "seniority", "locations"}
    if unknown:
        raise UserError(f"unknown profile field(s): {', '.join(sorted(unknown))}")
    current = get_profile(session=session).as_dict()
    for name, value in fields.items():
        if name == "seniority":
            level = fold(str(value or "")) or None
            if level is not None and level not in SENIORITY_LEVELS:
                raise UserError(f"--seniority: '{value}' is not one of {', '.join(SENIORITY_LEVELS)}")
            current[name] = level
        else:
            current[name] = list(_clean_list(value))  # type: ignore[arg-type]
    profile = _profile_from(current)
    set_preference(session=session, key=PROFILE, value=profile.as_dict())
    return profile


def title_words(title: str) -> list[str]:
    """The words of a job title, abbreviations spelled out ('Sr. GIS Eng' -> senior gis engineer)."""
    words: list[str] = []
    for word in _WORD.findall(fold(title).replace("co-founder", "cofounder")):
        words.extend(_ABBREVIATIONS.get(word, word).split())
    return words


def title_level(words: Sequence[str]) -> int:
    """Seniority of a title: 0 intern .. 2 (no marker) .. 5 manager/head .. 8 chief."""
    level = None
    for i, word in enumerate(words):
        value = _LEVEL_WORDS.get(word)
        if value is None:
            continue
        if word == "manager" and i > 0 and words[i - 1] in _ROLE_MANAGERS:
            value = 2
        level = value if level is None else max(level, value)
    return 2 if level is None else level


def _family_words(texts: Iterable[str]) -> set[str]:
    words = {w for text in texts for w in title_words(text)} - _ROLE_NOUNS
    expanded = set(words)
    for family in FUNCTION_FAMILIES:
        if words & family:
            expanded |= family
    return expanded


def _is_recruiter(words: Sequence[str]) -> bool:
    return any(w.startswith("recruit") or w in {"sourcer", "headhunter", "talent"} for w in words)


def _user_level(profile: Profile) -> int:
    if profile.seniority in SENIORITY_LEVELS:
        return SENIORITY_LEVELS[profile.seniority]
    levels = [title_level(title_words(r)) for r in profile.roles]
    return min(levels) if levels else 2


def role_relevance(*, title: str, profile: Profile) -> tuple[str, float]:
    """How a contact with this title can help: mentor, hiring_manager, peer, recruiter or other, with a weight."""
    words = title_words(title or "")
    if not words:
        return "other", RELEVANCE_WEIGHTS["other"]
    if _is_recruiter(words):
        return "recruiter", RELEVANCE_WEIGHTS["recruiter"]
    level = title_level(words)
    field = _family_words(profile.roles) | _family_words(profile.functions)
    if not field & (set(words) - _ROLE_NOUNS):
        return "other", EXECUTIVE_OTHER if level >= 7 else RELEVANCE_WEIGHTS["other"]
    if level >= MANAGER_LEVEL:
        # Heads and managers of the function hire for it; a VP or chief is one step further away.
        return "hiring_manager", 1.0 if level <= 6 else 0.8
    if level > _user_level(profile):
        return "mentor", RELEVANCE_WEIGHTS["mentor"]
    return "peer", RELEVANCE_WEIGHTS["peer"] if level == _user_level(profile) else 0.5
