"""`hjm interactions`, `hjm followups`, `hjm profile`, `hjm companies matches|suggest`, `hjm contacts set`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer

from tracker.cli.apps import app, companies_app, contacts_app, interactions_app, profile_app
from tracker.cli.common import DbOption, JsonOption, emit, fail, open_session, parse_since, to_json
from tracker.errors import UserError

ContactArg = Annotated[str, typer.Argument(help="Contact id or name (a unique name, or part of one).")]


@contextmanager
def _errors() -> Iterator[None]:
    # One line for the user, never a traceback, whichever way the command is run.
    try:
        yield
    except UserError as exc:
        fail(str(exc))


def _when(text: str | None, *, now: datetime) -> datetime:
    """'2026-02-14', '2026-02-14T15:30', 'today', 'yesterday' or '3d' (ago) -> a UTC datetime."""
    if not text or text.strip().lower() == "today":
        return now
    if text.strip().lower() == "yesterday":
        return now - timedelta(days=1)
    try:
        when = parse_since(text, now=now)
    except UserError:
        raise UserError(f"--date: '{text}' is not a date like 2026-02-14, 'yesterday' or '3d' (ago)") from None
    assert when is not None
    return when


# --- interactions -------------------------------------------------------------------------------


@interactions_app.command("add")
def interactions_add(
    contact: ContactArg,
    kind: Annotated[str, typer.Option("--kind", help="meeting, call, email, message, event, helped or outreach.")],
    date: Annotated[str | None, typer.Option("--date", help="When: 2026-02-14, 'yesterday', '3d' (default: now).")]
    = None,
    note: Annotated[str, typer.Option("--note", help="What it was about; for 'helped', what you gave.")] = "",
    direction: Annotated[str, typer.Option("--direction", help="sent, received or both (optional).")] = "",
    company: Annotated[str | None, typer.Option("--company", help="The target company it was about.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Log an interaction with a contact; it resets their keep-in-touch clock and open follow-ups."""
    from tracker.companies import find_company
    from tracker.network.interactions import add_interaction, resolve_contact

    now = datetime.now(UTC)
    with _errors(), open_session(db) as session:
        person = resolve_contact(session=session, ref=contact)
        company_id = find_company(session=session, name_or_id=company).id if company else None
        row = add_interaction(session=session, contact_id=person.id, kind=kind, occurred_at=_when(date, now=now),
                              note=note, direction=direction, company_id=company_id)
        out = {"id": row.id, "contact_id": person.id, "contact": person.full_name, "kind": row.kind,
               "date": row.occurred_at, "note": row.note}
    if as_json:
        typer.echo(to_json(out))
    else:
        typer.echo(f"Logged {out['kind']} with {out['contact']} on {out['date']:%Y-%m-%d} (id {out['id']}).")


@interactions_app.command("list")
def interactions_list(
    contact: Annotated[str | None, typer.Option("--contact", help="Only this contact (id or name).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only since: 30d, 6m, or a date.")] = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these kinds (repeatable).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="At most this many (0: all).")] = 0,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List interactions, newest first."""
    from tracker.network.interactions import list_interactions, resolve_contact

    with _errors(), open_session(db) as session:
        contact_id = resolve_contact(session=session, ref=contact).id if contact else None
        rows = list_interactions(session=session, contact_id=contact_id, kinds=kind or (), limit=limit or None,
                                 since=parse_since(since, now=datetime.now(UTC)))
    emit(rows, as_json, columns=["id", "date", "contact", "kind", "direction", "note", "company"],
         empty="No interactions yet: log one with `hjm interactions add CONTACT --kind call`.")


# --- follow-ups ---------------------------------------------------------------------------------


@app.command("followups")
def followups(
    within: Annotated[int, typer.Option("--within", min=0, help="Also show what falls due in the next N days.")]
    = 0,
    done: Annotated[int | None, typer.Option("--done", help="Mark this follow-up id done (no interaction).")]
    = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Who is due or overdue for a follow-up or a keep-in-touch (cadences: `hjm profile cadence`)."""
    from tracker.network.followups import complete_followup, due_followups

    now = datetime.now(UTC)
    with _errors(), open_session(db) as session:
        if done is not None:
            complete_followup(session=session, followup_id=done, now=now)
        rows = due_followups(session=session, now=now, within_days=within)
    emit(rows, as_json, columns=["due_on", "status", "contact", "contact_id", "reason", "company", "followup_id"],
         empty="Nobody is due: you are in touch with everyone on your cadences.")


# --- profile and cadences -----------------------------------------------------------------------


@profile_app.command("set")
def profile_set(
    role: Annotated[list[str] | None, typer.Option("--role", help="A role you want (repeatable; replaces).")]
    = None,
    function: Annotated[list[str] | None, typer.Option("--function", help="A field, e.g. geospatial "
                                                                          "(repeatable; replaces).")] = None,
    seniority: Annotated[str | None, typer.Option("--seniority", help="intern, graduate, junior, mid, senior, "
                                                                      "lead, principal, manager, head, director, "
                                                                      "vp or executive.")] = None,
    location: Annotated[list[str] | None, typer.Option("--location", help="A place you would work "
                                                                          "(repeatable; replaces).")] = None,
    db: DbOption = None,
) -> None:
    """Set your target roles, functions, seniority and locations (only the options given change)."""
    from tracker.network.profile import set_profile

    fields: dict[str, object] = {}
    for name, value in (("roles", role), ("functions", function), ("locations", location)):
        if value:
            fields[name] = value
    if seniority is not None:
        fields["seniority"] = seniority
    if not fields:
        fail("give at least one of --role, --function, --seniority, --location")
    with _errors(), open_session(db) as session:
        profile = set_profile(session=session, **fields)
    typer.echo(_profile_text(profile.as_dict(), {}))


def _profile_text(profile: dict[str, object], cadences: dict[str, int]) -> str:
    lines = [f"{name.capitalize()}: {', '.join(v) if isinstance(v, list) else v or ''}".rstrip()
             for name, v in profile.items()]
    if cadences:
        lines.append("Cadences: " + ", ".join(f"{k.removeprefix('tag:')} every {d} days" for k, d in cadences.items()))
    return "\n".join(lines)


@profile_app.command("show")
def profile_show(as_json: JsonOption = False, db: DbOption = None) -> None:
    """Show your profile and keep-in-touch cadences."""
    from tracker.network.followups import get_cadences
    from tracker.network.profile import get_profile

    with open_session(db) as session:
        profile, cadences = get_profile(session=session).as_dict(), get_cadences(session=session)
    if as_json:
        typer.echo(to_json({**profile, "cadences": cadences}))
    else:
        typer.echo(_profile_text(profile, cadences))


@profile_app.command("cadence")
def profile_cadence(
    days: Annotated[int, typer.Option("--days", min=0, help="Keep in touch every N days (0 removes it).")],
    tag: Annotated[str | None, typer.Option("--tag", help="Contacts with this tag; 'inner circle' also means "
                                                          "your strongest ties. Without --tag: everyone.")] = None,
    db: DbOption = None,
) -> None:
    """Set a keep-in-touch cadence per tag, or the default for everyone (per person: `hjm contacts set`)."""
    from tracker.network.followups import set_cadence

    with _errors(), open_session(db) as session:
        cadences = set_cadence(session=session, days=days, tag=tag)
    typer.echo(_profile_text({}, cadences) or "No cadences set.")


# --- employer matches and suggestions -----------------------------------------------------------


@companies_app.command("matches")
def companies_matches(
    all_: Annotated[bool, typer.Option("--all", help="Every remembered match, not only those to review.")] = False,
    confirm: Annotated[int | None, typer.Option("--confirm", help="Confirm this match id (remembered).")] = None,
    reject: Annotated[int | None, typer.Option("--reject", help="Reject this match id (remembered).")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Employer-to-company matches to review; confirm or reject one, and employments are relinked."""
    from tracker.network.employer_review import decide_match, list_matches

    if confirm is not None and reject is not None:
        fail("give --confirm or --reject, not both")
    with _errors(), open_session(db) as session:
        if confirm is not None or reject is not None:
            decided = decide_match(session=session, match_id=confirm if confirm is not None else reject,
                                   confirm=confirm is not None, now=datetime.now(UTC))
            if as_json:
                typer.echo(to_json([decided]))
            else:
                typer.echo(f"{decided['employer']} -> {decided['company']}: {decided['status']} "
                           f"({decided['relinked']} employment(s) relinked)")
            return
        rows = list_matches(session=session, include_all=all_)
    emit(rows, as_json, columns=["id", "employer", "company", "score", "method", "status", "people"],
         empty="Nothing to review." + ("" if all_ else " (`--all` shows automatic and decided matches.)"))


@companies_app.command("suggest")
def companies_suggest(
    min_people: Annotated[int, typer.Option("--min", min=1, help="At least this many people there.")] = 3,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many employers.")] = 50,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Employers where you know many people but which are not on your watchlist yet."""
    from tracker.network.employer_review import suggest_companies

    with open_session(db) as session:
        rows = suggest_companies(session=session, min_people=min_people, limit=limit)
    emit(rows, as_json, columns=["employer", "people", "current", "former", "examples"],
         empty=f"No employer outside your watchlist with {min_people} or more of your contacts.")


# --- a contact's tie ----------------------------------------------------------------------------


@contacts_app.command("set")
def contacts_set(
    contact: ContactArg,
    closeness: Annotated[int | None, typer.Option("--closeness", help="How close you are, 1 (barely) to 5.")]
    = None,
    tag: Annotated[list[str] | None, typer.Option("--tag", help="Add a tag: mentor, former colleague, classmate, "
                                                                "recruiter, friend, inner circle... (repeatable).")]
    = None,
    untag: Annotated[list[str] | None, typer.Option("--untag", help="Remove a tag (repeatable).")] = None,
    cadence: Annotated[int | None, typer.Option("--cadence", help="Keep in touch every N days (0 removes).")]
    = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Set closeness, tags and keep-in-touch cadence of a contact (they shape relationship strength)."""
    from tracker.network.interactions import resolve_contact
    from tracker.network.strength import strengths
    from tracker.network.ties import set_tie

    now = datetime.now(UTC)
    with _errors(), open_session(db) as session:
        person = resolve_contact(session=session, ref=contact)
        set_tie(session=session, contact_id=person.id, now=now, closeness=closeness, add_tags=tag or (),
                remove_tags=untag or (), cadence_days=cadence)
        strength = strengths(session=session, contact_ids=[person.id], now=now)[person.id]
        out = {"id": person.id, "contact": person.full_name, "closeness": person.closeness, "tags": person.tags,
               "cadence_days": person.cadence_days, "strength": strength.score, "reasons": list(strength.reasons)}
    if as_json:
        typer.echo(to_json(out))
        return
    typer.echo(f"{out['contact']} (id {out['id']}): closeness {out['closeness'] or '-'}, "
               f"tags {', '.join(out['tags']) or '-'}, cadence {out['cadence_days'] or '-'} days, "
               f"strength {out['strength']}")
