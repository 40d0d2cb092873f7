"""`hjm analyze` and `hjm signals [mark|export-labels]`: try the detector on any text, review stored signals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.apps import app
from tracker.cli.common import DbOption, JsonOption, emit, open_session, parse_since, to_json

signals_app = typer.Typer(
    help="Hiring signals found at your target companies: list them, mark wrong ones, export corrections.",
    invoke_without_command=True,
)
app.add_typer(signals_app, name="signals")


@app.command("analyze")
def analyze(
    jsonl: Annotated[Path, typer.Option("--jsonl", help="Input: one JSON object a line with id, title, text "
                                        "(url, published optional).")],
    companies: Annotated[Path | None, typer.Option(
        "--companies", help="Watchlist CSV (name,domain,aliases with aliases split by ';'); with it no database "
        "is touched.")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Write the result lines here instead of stdout.")] = None,
    db: DbOption = None,
) -> None:
    """Detect companies and signals in a JSON-lines file; writes one JSON line per input line."""
    from tracker.analyze import analyze_file, matcher_from_csv

    if companies is not None:
        matcher = matcher_from_csv(companies)
    else:
        from tracker.linking import load_matcher

        with open_session(db) as session:
            matcher = load_matcher(session=session)
    count = analyze_file(source=jsonl, matcher=matcher, out=out)
    if out is not None:
        typer.echo(f"{jsonl}: {count} texts analysed -> {out}", err=True)


@signals_app.callback()
def signals(
    ctx: typer.Context,
    company: Annotated[str | None, typer.Option(help="Only this company (name, alias, domain or id).")] = None,
    since: Annotated[str | None, typer.Option(help="Only signals since: 30d, 2w, 6m or a date.")] = None,
    kind: Annotated[str | None, typer.Option(help="Only this kind, e.g. funding or layoffs.")] = None,
    include_wrong: Annotated[bool, typer.Option("--include-wrong", help="Also list signals marked wrong.")] = False,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List signals, newest first, with company, kind, confidence, date, evidence and source article."""
    if ctx.invoked_subcommand is not None:
        return
    from tracker.companies import find_company
    from tracker.signals.feedback import list_signals

    with open_session(db) as session:
        company_id = find_company(session=session, name_or_id=company).id if company else None
        rows = list_signals(session=session, company_id=company_id, since=parse_since(since), kind=kind,
                            include_wrong=include_wrong, limit=limit)
    columns = ["id", "occurred_at", "company", "kind", "confidence", "facts", "evidence", "url"]
    if include_wrong:
        columns.insert(5, "wrong")
    emit(rows, as_json, columns=columns if not as_json else None,
         empty="No signals yet: run `hjm crawl` (or `hjm demo`).")


@signals_app.command("mark")
def mark(
    signal_id: Annotated[int, typer.Argument(help="The signal's id (see `hjm signals`).")],
    wrong: Annotated[bool, typer.Option("--wrong", help="The signal is wrong: it stops counting.")] = False,
    kind: Annotated[str | None, typer.Option(help="The kind it really is (kept as a label).")] = None,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Record a correction: mark a signal wrong, optionally with the kind it really is."""
    from tracker.signals.feedback import mark_wrong

    if not wrong and kind is None:
        raise typer.BadParameter("say --wrong (optionally with --kind KIND)")
    with open_session(db) as session:
        feedback = mark_wrong(session=session, signal_id=signal_id, corrected_kind=kind)
        result = {"signal_id": signal_id, "wrong": True, "kind": feedback.kind,
                  "corrected_kind": feedback.corrected_kind, "feedback_id": feedback.id}
    if as_json:
        typer.echo(to_json(result))
    else:
        fix = f", really {kind}" if kind else ""
        typer.echo(f"Signal {signal_id} ({result['kind']}) marked wrong{fix}; it no longer counts.")


@signals_app.command("export-labels")
def export_labels(
    out: Annotated[Path | None, typer.Option("--out", help="Write JSON lines here instead of stdout.")] = None,
    db: DbOption = None,
) -> None:
    """Export your corrections as labelled JSON lines (the evaluation set's shape)."""
    from tracker.signals.feedback import export_labels as export

    with open_session(db) as session:
        rows = export(session=session)
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        typer.echo(f"{len(rows)} labelled examples -> {out}", err=True)
