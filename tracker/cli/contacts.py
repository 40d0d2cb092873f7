"""`hjm contacts import|list|show|merge|split|forget`: the user's network."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from tracker.cli.apps import contacts_app
from tracker.cli.common import DbOption, JsonOption, emit, fail, open_session, to_json
from tracker.errors import UserError

ContactArg = Annotated[str, typer.Argument(help="Contact id or (unique) name.")]
LIST_COLUMNS = ("id", "name", "employer", "title", "company", "strength", "tags")
MAX_SKIPPED_SHOWN = 20


def _now() -> datetime:
    return datetime.now(UTC)


def _resolve(session: Any, ref: str) -> Any:
    from tracker.network.interactions import resolve_contact

    return resolve_contact(session=session, ref=ref)


@contacts_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="Connections.csv, a Google Contacts CSV, a .vcf file or messages.csv.")],
    fmt: Annotated[str, typer.Option("--format", "-f", help="auto (detect), linkedin, google, vcard or "
                                     "linkedin-messages.")] = "auto",
    keep_bodies: Annotated[bool, typer.Option("--keep-bodies", help="Keep message texts (messages.csv only); "
                                              "by default only who, when and how many.")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import a contacts export; people are merged across sources and re-importing changes nothing."""
    from tracker.network.importer import import_contacts

    try:
        with open_session(db) as session:
            summary = import_contacts(session=session, path=file, fmt=fmt, now=_now(), keep_bodies=keep_bodies)
    except UserError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(to_json(summary.as_dict()))
        return
    typer.echo(f"{file} ({summary.format}): {summary.created} created, {summary.updated} updated, "
               f"{summary.unchanged} unchanged, {len(summary.skipped)} skipped"
               + (f"; {summary.job_changes} job changes, {summary.signals} new signals" if summary.job_changes else ""))
    for skipped in summary.skipped[:MAX_SKIPPED_SHOWN]:
        typer.echo(f"  line {skipped.line}: {skipped.reason}")
    if len(summary.skipped) > MAX_SKIPPED_SHOWN:
        typer.echo(f"  ... and {len(summary.skipped) - MAX_SKIPPED_SHOWN} more (see --json)")


@contacts_app.command("list")
def list_(
    company: Annotated[str | None, typer.Option(help="Only people who work or worked at this company.")] = None,
    tag: Annotated[str | None, typer.Option(help="Only people with this tag (e.g. mentor).")] = None,
    sort: Annotated[str, typer.Option(help="Order: name, or strength (strongest ties first).")] = "name",
    limit: Annotated[int | None, typer.Option(help="Show at most this many.", min=1)] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List contacts with their current employer and relationship strength."""
    from tracker.network.listing import list_contacts

    try:
        with open_session(db) as session:
            rows = list_contacts(session=session, now=_now(), company=company, tag=tag, sort=sort, limit=limit)
    except UserError as exc:
        fail(str(exc))
    columns = list(LIST_COLUMNS) + (["relation"] if company else [])
    emit(rows, as_json, columns, empty="No contacts yet (see `hjm contacts import`).")


@contacts_app.command("show")
def show(contact: ContactArg, as_json: JsonOption = False, db: DbOption = None) -> None:
    """Show one contact: source records, jobs, interactions, follow-ups, signals and strength."""
    from tracker.network.listing import contact_detail

    try:
        with open_session(db) as session:
            detail = contact_detail(session=session, contact_id=_resolve(session, contact).id, now=_now())
    except UserError as exc:
        fail(str(exc))
    if as_json:
        typer.echo(to_json(detail))
        return
    typer.echo(f"{detail['name']} (id {detail['id']})  strength {detail['strength']}/100")
    for label in ("headline", "location", "emails", "phones", "linkedin_url", "connected_on", "closeness", "tags"):
        value = detail[label]
        if value:
            typer.echo(f"  {label.replace('_', ' ')}: {', '.join(value) if isinstance(value, list) else value}")
    for reason in detail["strength_reasons"]:
        typer.echo(f"  - {reason}")
    sections = (("Records", detail["records"], ("id", "source", "record_key", "file", "last_seen")),
                ("Jobs", detail["employments"], ("employer", "company", "title", "current", "started_on", "ended_on")),
                ("Interactions", detail["interactions"], ("date", "kind", "direction", "note")),
                ("Follow-ups", detail["follow_ups"], ("due_on", "reason")),
                ("Signals", detail["signals"], ("date", "kind", "company", "evidence")))
    for title, rows, columns in sections:
        if rows:
            typer.echo(f"\n{title}:")
            emit(rows, False, columns)


@contacts_app.command("merge")
def merge(
    keep: Annotated[str, typer.Argument(help="The contact to keep (id or unique name).")],
    other: Annotated[str, typer.Argument(help="The contact merged into it and removed (id or unique name).")],
    db: DbOption = None,
) -> None:
    """Merge two contacts who are the same person (records, jobs, interactions and signals move over)."""
    from tracker.network.merge import merge_contacts

    try:
        with open_session(db) as session:
            a, b = _resolve(session, keep), _resolve(session, other)
            other_label = f"{b.full_name} (id {b.id})"
            merged = merge_contacts(session=session, keep_id=a.id, other_id=b.id, now=_now())
            typer.echo(f"Merged {other_label} into {merged.full_name} (id {merged.id}).")
    except UserError as exc:
        fail(str(exc))


@contacts_app.command("split")
def split(
    contact: ContactArg,
    record: Annotated[int | None, typer.Option("--record", help="Move only this record (id from `contacts show`) "
                                               "out to a contact of its own.")] = None,
    db: DbOption = None,
) -> None:
    """Split a wrong merge: each source record becomes its own contact; re-imports keep them apart."""
    from tracker.network.merge import split_contact

    try:
        with open_session(db) as session:
            found = _resolve(session, contact)
            created = split_contact(session=session, contact_id=found.id, record_id=record, now=_now())
            listed = ", ".join(f"{c.full_name} (id {c.id})" for c in created)
            typer.echo(f"Split {found.full_name} (id {found.id}): new {'contacts' if len(created) > 1 else 'contact'}"
                       f" {listed}.")
    except UserError as exc:
        fail(str(exc))


@contacts_app.command("forget")
def forget(
    contact: ContactArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
) -> None:
    """Remove a person and everything about them (records, jobs, interactions, follow-ups, signals)."""
    from tracker.network.forget import forget_contact

    try:
        with open_session(db) as session:
            found = _resolve(session, contact)
            if not yes and not typer.confirm(f"Forget {found.full_name} (id {found.id}) and everything about them?"):
                raise typer.Exit(1)
            counts = forget_contact(session=session, contact_id=found.id)
    except UserError as exc:
        fail(str(exc))
    details = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in counts.items() if k != "contact" and v)
    typer.echo(f"Forgot {counts['contact']}" + (f" ({details})." if details else "."))
