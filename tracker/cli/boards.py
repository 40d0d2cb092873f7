"""`hjm sources discover COMPANY`: find a company's feeds, news page, job board and filings, and add them."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.apps import sources_app
from tracker.cli.common import DbOption, JsonOption, emit, open_session, settings_for
from tracker.companies import find_company
from tracker.discovery import discover_sources


@sources_app.command("discover")
def discover(
    company: Annotated[str, typer.Argument(help="Company name, alias, domain or id (from the watchlist).")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what answers without adding it.")] = False,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Find feeds (<link rel=alternate>, /feed, /rss), news pages, job boards and SEC filings; add what answers."""
    settings = settings_for(db)
    with open_session(db) as session:
        target = find_company(session=session, name_or_id=company)
        rows = discover_sources(session=session, company=target, settings=settings, dry_run=dry_run)
        where = target.domain or "no domain on the watchlist"
        empty = (f"Nothing answered for {target.name} ({where}). Add a domain or CIK to the company, "
                 "or add sources by hand with `hjm sources add URL`.")
    emit(rows, as_json, columns=["status", "kind", "url", "via", "id"], empty=empty)
