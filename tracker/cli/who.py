"""`hjm who-to-ask`, `hjm outreach`, `hjm companies stage|history`: whom to ask, what to ask, the pipeline."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

import typer

from tracker.cli.apps import app, companies_app
from tracker.cli.common import DbOption, JsonOption, emit, fail, open_session, to_json
from tracker.companies import find_company
from tracker.errors import UserError

CompanyArg = Annotated[str, typer.Argument(help="Company name, alias, domain or id.")]


@contextmanager
def _errors() -> Iterator[None]:
    """Turn a UserError into one 'Error: ...' line and exit code 1 (no traceback)."""
    try:
        yield
    except UserError as exc:
        fail(str(exc))


@app.command("who-to-ask")
def who_to_ask_cmd(
    company: CompanyArg,
    all_: Annotated[bool, typer.Option("--all", help="Include people you wrote to about another company "
                                                     "this week (left out by default).")] = False,
    limit: Annotated[int, typer.Option("--limit", min=0, help="How many people to show (0: everyone).")] = 10,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Whom in your network to ask about COMPANY, best first, with reasons and the ask to make."""
    from tracker.who import who_to_ask

    with _errors(), open_session(db) as session:
        target = find_company(session=session, name_or_id=company)
        rows = who_to_ask(session=session, company_id=target.id, now=datetime.now(UTC), limit=limit,
                          include_recent=all_)
    if as_json:
        emit(rows, True)
        return
    if not rows:
        typer.echo(f"Nobody in your network is linked to {target.name} yet.")
        return
    for rank, row in enumerate(rows, 1):
        title = f", {row['title']}" if row["title"] else ""
        typer.echo(f"{rank}. {row['contact']}{title} [{row['relation']}]  score {row['score']:.0f}")
        for reason in row["reasons"]:
            typer.echo(f"     - {reason}")
        typer.echo(f"     Ask: {row['suggested_ask']}")


@app.command("outreach")
def outreach_cmd(
    company: CompanyArg,
    contact: Annotated[str | None, typer.Option("--contact", help="Contact id or name (default: the top "
                                                                  "person from who-to-ask).")] = None,
    signal: Annotated[int | None, typer.Option("--signal", help="Build on this signal id (default: the "
                                                                "company's strongest recent news).")] = None,
    log: Annotated[bool, typer.Option("--log", help="Record it as sent (an 'outreach' interaction) and "
                                                    "schedule a follow-up.")] = False,
    follow_up_days: Annotated[int, typer.Option("--follow-up-days", min=1,
                                                help="Days until the follow-up (with --log).")] = 7,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Draft a short message to a contact about COMPANY's news, with one purposeful question."""
    from tracker.outreach import draft_outreach, log_outreach

    now = datetime.now(UTC)
    with _errors(), open_session(db) as session:
        target = find_company(session=session, name_or_id=company)
        draft = draft_outreach(session=session, company=target, now=now, contact=contact, signal_id=signal)
        logged = log_outreach(session=session, draft=draft, now=now, followup_days=follow_up_days) if log else None
    if as_json:
        typer.echo(to_json([{**draft.as_dict(), "logged": logged}]))
        return
    typer.echo(f"To: {draft.contact}  (ask: {draft.ask_level}; built on: {draft.signal_kind})")
    typer.echo(f"Subject: {draft.subject}\n")
    typer.echo(draft.body)
    if logged:
        typer.echo(f"Logged. Follow-up due on {logged['follow_up_on']} (see `hjm followups`).")
    else:
        from tracker.outreach import template_dirs

        typer.echo(f"Template: {draft.template}  (to edit it, copy it into {template_dirs()[0]}/)")


@companies_app.command("stage")
def stage_cmd(
    company: CompanyArg,
    stage: Annotated[str, typer.Argument(help="watching, reached_out, conversation, referral, applied, "
                                              "interview, offer or closed.")],
    note: Annotated[str, typer.Option("--note", help="A note kept in the history.")] = "",
    db: DbOption = None,
) -> None:
    """Move COMPANY to a pipeline stage (with an optional note)."""
    from tracker.pipeline import set_stage

    with _errors(), open_session(db) as session:
        target = find_company(session=session, name_or_id=company)
        previous = target.stage
        event = set_stage(session=session, company=target, stage=stage, now=datetime.now(UTC), note=note)
        typer.echo(f"{target.name}: {previous} -> {event.stage}")


@companies_app.command("history")
def history_cmd(company: CompanyArg, as_json: JsonOption = False, db: DbOption = None) -> None:
    """Show COMPANY's pipeline history with notes, oldest first."""
    from tracker.pipeline import history

    with _errors(), open_session(db) as session:
        target = find_company(session=session, name_or_id=company)
        rows = history(session=session, company=target)
    emit(rows, as_json, columns=["at", "from", "stage", "note"],
         empty=f"{target.name} has no pipeline history yet (it is '{target.stage}').")
