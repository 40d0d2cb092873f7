"""`hjm companies add|import|list`: the watchlist."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker import companies as lib
from tracker.cli.apps import companies_app
from tracker.cli.common import DbOption, JsonOption, emit, open_session, to_json
from tracker.network.employers import rematch_employments


@companies_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="Company name as it appears in the news.")],
    domain: Annotated[str | None, typer.Option(help="Web domain, e.g. example.com.")] = None,
    alias: Annotated[list[str] | None, typer.Option("--alias", help="Another name (repeatable).")] = None,
    ticker: Annotated[list[str] | None, typer.Option("--ticker", help="Ticker, e.g. NASDAQ:WORK (repeatable).")] = None,
    keyword: Annotated[list[str] | None, typer.Option("--keyword", help="Industry word confirming a mention.")] = None,
    cik: Annotated[str | None, typer.Option(help="SEC EDGAR CIK, for public companies.")] = None,
    db: DbOption = None,
) -> None:
    """Add a company to the watchlist (or update it)."""
    entry = lib.WatchlistEntry(name=name, domain=lib.clean_domain(domain), aliases=tuple(alias or ()),
                               tickers=tuple(ticker or ()), keywords=tuple(keyword or ()), cik=cik)
    with open_session(db) as session:
        company, outcome = lib.upsert_company(session=session, entry=entry)
        relinked = rematch_employments(session=session)
        if relinked:
            typer.echo(f"{relinked} employments of your contacts now link to the watchlist.")
        typer.echo(f"{company.name}: {outcome} (id {company.id})")


@companies_app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="CSV with columns name,domain,aliases (aliases split by ';').")],
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """Import a watchlist CSV; re-importing the same file changes nothing."""
    with open_session(db) as session:
        summary = lib.import_watchlist(session=session, path=file)
        rematch_employments(session=session)
    if as_json:
        typer.echo(to_json(summary.as_dict()))
    else:
        typer.echo(f"{file}: {summary.created} created, {summary.updated} updated, {summary.unchanged} unchanged")


@companies_app.command("list")
def list_(
    sort: Annotated[str, typer.Option(help="Order: heat (hottest first) or name.")] = "heat",
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """List watchlist companies with heat, its explanation and network warmth."""
    from tracker.queries import company_overview

    if sort not in {"heat", "name"}:
        raise typer.BadParameter("--sort must be heat or name")
    with open_session(db) as session:
        rows = company_overview(session=session, sort=sort)
    emit(rows, as_json, columns=["id", "name", "domain", "heat", "signals_30d", "people", "best_tie", "stage"],
         empty="No companies yet: add one with `hjm companies add NAME` or `hjm companies import FILE.csv`.")
