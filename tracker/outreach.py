"""Outreach drafts built on a signal, from plain-text templates the user can edit; logging and follow-ups.

Templates are files named `<signal kind>.<ask level>.txt` (levels: advice, insight, referral, and checkin
for companies in trouble), `general.<level>.txt` when the company has no recent news, and
`default.<level>.txt` as the fallback for kinds without their own file. The user's copies in
`<data_dir>/templates/` win over the bundled ones in `tracker/outreach_templates/`. A first line
`Subject: ...` becomes the subject. Placeholders use `$name` (string.Template): see PLACEHOLDERS.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from tracker.candidates import company_signals
from tracker.config import load_settings
from tracker.errors import InputError, UserError
from tracker.models import Company, Contact, Signal
from tracker.names import normalize_person_name
from tracker.scoring import age_days, age_text, describe
from tracker.who import GIVING_KINDS, ask_level, in_trouble, strongest, who_to_ask

FOLLOWUP_DAYS = 7
LEVELS = ("advice", "insight", "referral", "checkin")
PLACEHOLDERS = {
    "first_name": "the contact's first name", "contact": "the contact's full name", "company": "the company",
    "news": "what happened, e.g. '$40M Series B'", "when": "how long ago, e.g. '12 days ago'",
    "kind": "the signal kind", "title": "the contact's position", "employer": "the contact's employer",
    "my_role": "your first target role (hjm profile)", "my_field": "your first function (hjm profile)",
    "city": "the city in the news, if any",
}
# What to call the news when its facts say nothing more specific.
NEWS_FALLBACK = {
    "funding": "new funding round", "acquisition": "acquisition", "expansion": "new office",
    "leadership_change": "leadership change", "hiring_surge": "many new openings", "new_team": "new team",
    "contract_win": "new contract", "partnership": "new partnership", "product_launch": "product launch",
    "layoffs": "layoffs", "hiring_freeze": "hiring freeze", "closure": "closure", "ipo": "IPO",
}


@dataclass(frozen=True)
class Draft:
    """A drafted message to one contact about one company (and the signal it is built on)."""

    contact: str
    contact_id: int
    company: str
    company_id: int
    signal_id: int | None
    signal_kind: str
    ask_level: str
    subject: str
    body: str
    template: str

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return asdict(self)


def template_dirs() -> list[Path]:
    """Where templates are looked up, first match wins: the user's folder, then the bundled one."""
    user = load_settings().data_dir / "templates"
    bundled = Path(str(resources.files("tracker") / "outreach_templates"))
    return [user, bundled]


def find_template(*, kind: str, level: str, dirs: list[Path] | None = None) -> Path:
    """The template file for a signal kind and ask level (falling back to default.<level>.txt)."""
    if level not in LEVELS:
        raise UserError(f"unknown ask level '{level}' (choose one of: {', '.join(LEVELS)})")
    dirs = dirs if dirs is not None else template_dirs()
    for name in (f"{kind}.{level}.txt", f"default.{level}.txt"):
        for folder in dirs:
            path = folder / name
            if path.is_file():
                return path
    raise UserError(f"no outreach template for {kind}/{level}: expected default.{level}.txt in "
                    + " or ".join(str(d) for d in dirs))


def render(path: Path, values: Mapping[str, str]) -> tuple[str, str]:
    """Fill a template file safely; returns (subject, body). Unknown placeholders name file and line."""
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        for name in string.Template(line).get_identifiers():
            if name not in PLACEHOLDERS:
                raise InputError(str(path), number, name,
                                 f"unknown placeholder ${name} (known: {', '.join(sorted(PLACEHOLDERS))})")
    filled = string.Template(text).safe_substitute({k: values.get(k, "") for k in PLACEHOLDERS})
    subject, body = "", filled
    first, _, rest = filled.partition("\n")
    if first.lower().startswith("subject:"):
        subject, body = first.split(":", 1)[1].strip(), rest.lstrip("\n")
    return subject, body.rstrip() + "\n"


def choose_signal(*, signals: list[dict[str, Any]], contact_id: int, signal_id: int | None = None,
                  weights: Mapping[str, float], half_life_days: float = 45.0) -> dict[str, Any] | None:
    """The signal a message is built on: the one asked for; the trouble (layoffs, freeze, closure) when it
    is the weightiest news, to offer help; the contact's own move into the company; else the strongest
    positive news."""
    if signal_id is not None:
        return next((s for s in signals if s["id"] == signal_id), None)
    top = strongest(signals, weights=weights, half_life_days=half_life_days, n=len(signals))
    if in_trouble(top):
        return top[0]
    own = [s for s in signals if s["kind"] == "contact_joined" and s["contact_id"] == contact_id]
    if own:
        return min(own, key=lambda s: s["age"])
    return next((s for s in top if weights.get(s["kind"], 0) > 0
                 and s["kind"] not in {"contact_joined", "contact_left"}), None)


def find_contact_arg(*, session: Session, text: str, among: list[dict]) -> Contact:
    """A contact by id or name, preferring the people linked to the company; clear errors otherwise."""
    if text.isdigit():
        contact = session.get(Contact, int(text))
        if contact:
            return contact
    key = normalize_person_name(text)
    local = [r for r in among if normalize_person_name(r["contact"]) == key]
    if len(local) == 1:
        return session.get(Contact, local[0]["contact_id"])  # type: ignore[return-value]
    matches = session.exec(select(Contact).where(Contact.normalized_name == key)).all()
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UserError(f"no contact named '{text}' (see `hjm contacts list`)")
    ids = ", ".join(str(c.id) for c in matches)
    raise UserError(f"several contacts are named '{text}' (ids {ids}): pass --contact ID")


def draft_outreach(*, session: Session, company: Company, now: datetime, contact: str | None = None,
                   signal_id: int | None = None, dirs: list[Path] | None = None) -> Draft:
    """A short draft with one purposeful question, built on the company's news and graded by the tie."""
    from tracker.network.profile import get_profile
    from tracker.queries import contact_strength_details, heat_config

    ranked = who_to_ask(session=session, company_id=company.id, now=now, limit=0, include_recent=True)
    if contact:
        person = find_contact_arg(session=session, text=contact, among=ranked)
    else:
        fresh = who_to_ask(session=session, company_id=company.id, now=now, limit=1)
        if not fresh:
            raise UserError(f"nobody in your network is linked to {company.name} yet "
                            "(import contacts with `hjm contacts import`)")
        person = session.get(Contact, fresh[0]["contact_id"])  # type: ignore[assignment]
    signals = company_signals(session=session, company=company, now=now)
    if signal_id is not None:
        row = session.get(Signal, signal_id)
        if row is None or row.company_id != company.id:
            raise UserError(f"signal {signal_id} is not a signal of {company.name} (see `hjm signals`)")
        signals = [s for s in signals if s["id"] == signal_id] or [_signal_dict(row, company, now)]
    weights, half_life = heat_config(session=session)
    chosen = choose_signal(signals=signals, contact_id=person.id, signal_id=signal_id, weights=weights,
                           half_life_days=half_life)
    strength = contact_strength_details(session=session, contact_ids=[person.id], now=now)
    kind = chosen["kind"] if chosen else "general"  # no recent news: a message about the company itself
    level = ask_level(strength=strength.get(person.id, (0, ()))[0], closeness=person.closeness,
                      giving=kind in GIVING_KINDS)
    path = find_template(kind=kind, level=level, dirs=dirs)
    row = next((r for r in ranked if r["contact_id"] == person.id), None)
    profile = get_profile(session=session)
    facts = chosen["facts"] if chosen else {}
    values = {
        "first_name": person.first_name or person.full_name.split(" ")[0], "contact": person.full_name,
        "company": company.name, "kind": kind.replace("_", " "),
        "news": _news(kind, facts) if chosen else "", "when": age_text(chosen["age"]) if chosen else "",
        "title": (row or {}).get("title") or person.headline, "employer": (row or {}).get("employer") or "",
        "my_role": profile.roles[0] if profile.roles else "professional in this field",
        "my_field": profile.functions[0] if profile.functions else "this field",
        "city": str(facts.get("city") or facts.get("location") or ""),
    }
    subject, body = render(path, values)
    return Draft(person.full_name, person.id, company.name, company.id, chosen["id"] if chosen else None,
                 kind, level, subject, body, str(path))


def _news(kind: str, facts: Mapping[str, Any]) -> str:
    phrase = describe(kind, facts, "")
    return NEWS_FALLBACK.get(kind, phrase) if phrase == kind.replace("_", " ") else phrase


def _signal_dict(row: Signal, company: Company, now: datetime) -> dict[str, Any]:
    return {"id": row.id, "kind": row.corrected_kind or row.kind, "facts": row.facts or {},
            "age": age_days(row.occurred_at, now), "contact_id": row.contact_id, "company": company.name,
            "confidence": row.confidence, "evidence": row.evidence}


def log_outreach(*, session: Session, draft: Draft, now: datetime, followup_days: int = FOLLOWUP_DAYS) -> dict:
    """Record the outreach as an interaction, schedule its follow-up, and move the pipeline to reached_out."""
    from tracker.network.followups import schedule_followup
    from tracker.network.interactions import add_interaction
    from tracker.pipeline import advance_to

    interaction = add_interaction(session=session, contact_id=draft.contact_id, kind="outreach", occurred_at=now,
                                  note=f"{draft.ask_level}: {draft.subject}".strip(), direction="sent",
                                  source="outreach",
                                  company_id=draft.company_id, signal_id=draft.signal_id)
    due = (now + timedelta(days=followup_days)).date()
    followup = schedule_followup(session=session, contact_id=draft.contact_id, due_on=due,
                                 reason=f"Follow up on your message about {draft.company}",
                                 company_id=draft.company_id, interaction_id=interaction.id)
    company = session.get(Company, draft.company_id)
    moved = advance_to(session=session, company=company, stage="reached_out", now=now,
                       note=f"Wrote to {draft.contact} ({draft.ask_level})") if company else False
    return {"interaction_id": interaction.id, "followup_id": getattr(followup, "id", None),
            "follow_up_on": due, "stage_changed": moved}
