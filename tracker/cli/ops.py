"""Operations: the scheduled run, the digest, export and restore, distributed crawl workers."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from tracker.cli.apps import app
from tracker.cli.common import DbOption, ensure_schema, open_session, parse_since, settings_for, to_json
from tracker.config import Settings
from tracker.errors import UserError

SummaryJson = Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")]


def _crawl_in_subprocess(settings: Settings) -> dict[str, Any]:
    # The crawl runs in a child process because Twisted's reactor cannot restart in this one; the import
    # stays inside the function so `hjm` starts without Scrapy.
    from crawlers.run import crawl_in_subprocess

    return crawl_in_subprocess(settings=settings, trigger="schedule")


@app.command("schedule")
def schedule_command(
    cron: Annotated[str, typer.Option("--cron", help="Crontab expression (local time): minute hour day month weekday.")]
    = "0 7 * * *",
    print_cron: Annotated[bool, typer.Option("--print-cron", help="Print a crontab line instead of running.")] = False,
    once: Annotated[bool, typer.Option("--once", help="Do one run now (crawl, re-score, digest) and exit.")] = False,
    email: Annotated[str | None, typer.Option("--email", help="E-mail the digest here (default HJM_DIGEST_EMAIL).")]
    = None,
    webhook: Annotated[str | None, typer.Option("--webhook", help="Post the digest to this chat webhook URL.")] = None,
    timezone: Annotated[str | None, typer.Option("--timezone", help="Time zone of the cron expression, "
                                                 "e.g. Europe/Paris (default: this machine's).")] = None,
    db: DbOption = None,
) -> None:
    """Crawl, re-score and send the digest on a schedule (runs in the foreground; Ctrl-C stops)."""
    from tracker.schedule import cron_line, next_fire_times, run_scheduler, scheduled_run

    settings = settings_for(db)
    if print_cron:
        typer.echo(cron_line(cron=cron, db=db, log_file=settings.data_dir / "schedule.log"))
        return
    ensure_schema(settings.database_url)
    if once:
        result = scheduled_run(settings=settings, crawl=_crawl_in_subprocess, email=email, webhook=webhook)
        typer.echo(to_json(result))
        return
    upcoming = ", ".join(f"{t:%Y-%m-%d %H:%M %Z}" for t in next_fire_times(cron=cron, now=datetime.now(UTC),
                                                                             timezone=timezone))
    typer.echo(f"Scheduled '{cron}': next runs {upcoming}. Ctrl-C stops.")
    run_scheduler(settings=settings, cron=cron, crawl=_crawl_in_subprocess, timezone=timezone, email=email,
                  webhook=webhook, on_result=lambda result: typer.echo(to_json(result)))


@app.command("digest")
def digest_command(
    since: Annotated[str, typer.Option("--since", help="Period: 7d, 2w, 1m or a date.")] = "7d",
    fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md",
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of the screen.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="Also e-mail it (SMTP settings HJM_SMTP_*).")] = None,
    webhook: Annotated[str | None, typer.Option("--webhook", help="Also post it to a chat webhook URL.")] = None,
    db: DbOption = None,
) -> None:
    """New signals by company with whom to ask, follow-ups due and job changes in your network."""
    from tracker.digest import build_digest
    from tracker.digest_render import render, render_html, render_markdown
    from tracker.notify import post_webhook, send_email

    if fmt not in {"md", "html"}:
        raise UserError(f"--format: '{fmt}' is not md or html")
    now = datetime.now(UTC)
    start = parse_since(since, now=now)
    with open_session(db) as session:
        digest = build_digest(session=session, since=start, now=now)
    body = render(digest, fmt)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(body, encoding="utf-8")
        typer.echo(f"Wrote {out}")
    elif not (email or webhook):
        typer.echo(body, nl=False)
    if email:
        send_email(settings=settings_for(db), to=email, subject=digest.subject(), text=render_markdown(digest),
                   html=render_html(digest))
        typer.echo(f"Sent to {email}")
    if webhook:
        post_webhook(url=webhook, text=render_markdown(digest))
        typer.echo("Posted to the webhook")


@app.command("export")
def export_command(
    fmt: Annotated[str, typer.Option("--format", help="json (one file, restorable) or csv (one file per table).")]
    = "json",
    out: Annotated[Path | None, typer.Option("--out", help="Folder to write into (default: <data dir>/exports).")]
    = None,
    as_json: SummaryJson = False,
    db: DbOption = None,
) -> None:
    """Export all your data: every table, as a JSON backup or as CSV files safe to open in a spreadsheet."""
    from tracker.backup import export_csv, export_json

    if fmt not in {"json", "csv"}:
        raise UserError(f"--format: '{fmt}' is not json or csv")
    now = datetime.now(UTC)
    folder = out or settings_for(db).data_dir / "exports"
    stamp = f"hjm-backup-{now:%Y%m%d-%H%M%S}"
    with open_session(db) as session:
        if fmt == "json":
            target = folder / f"{stamp}.json"
            counts = export_json(session=session, path=target, now=now)
        else:
            target = folder / stamp
            counts = export_csv(session=session, directory=target)
    summary = {"path": str(target), "format": fmt, "rows": sum(counts.values()), "tables": counts}
    typer.echo(to_json(summary) if as_json else f"Exported {summary['rows']} rows from {len(counts)} tables to "
               f"{target}")


@app.command("import-backup")
def import_backup_command(
    path: Annotated[Path, typer.Argument(help="A JSON backup written by `hjm export --format json`.")],
    as_json: SummaryJson = False,
    db: DbOption = None,
) -> None:
    """Restore a JSON backup into an empty database (e.g. a new machine, or SQLite to PostgreSQL)."""
    from tracker.backup import import_backup

    with open_session(db) as session:
        counts = import_backup(session=session, path=path)
    summary = {"path": str(path), "rows": sum(counts.values()), "tables": counts}
    typer.echo(to_json(summary) if as_json else f"Restored {summary['rows']} rows into {len(counts)} tables")


@app.command("worker")
def worker_command(
    idle: Annotated[float | None, typer.Option("--idle", help="Exit after the shared queue was idle this many "
                                               "seconds (default HJM_WORKER_IDLE_SECONDS; 0 = never).")] = None,
    as_json: SummaryJson = False,
    db: DbOption = None,
) -> None:
    """Crawl from the shared Redis queue (see `hjm crawl --distributed`), storing into the shared database."""
    from crawlers.worker import run_worker

    settings = settings_for(db)
    # No migration here: several workers start at once against a database `hjm init` already set up.
    stats = run_worker(settings=settings, idle_seconds=settings.worker_idle_seconds if idle is None else idle)
    typer.echo(to_json(stats) if as_json else ", ".join(f"{k}: {v}" for k, v in stats.items()))
