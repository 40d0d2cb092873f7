"""`hjm demo`: the whole product on bundled fictional data, then the dashboard."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer

from tracker.cli.apps import app
from tracker.cli.common import DbOption, to_json
from tracker.config import Settings, load_settings


def _crawl_in_process(settings: Settings) -> dict[str, Any]:
    from crawlers.run import crawl  # the CLI is the one place tracker reaches into the crawlers

    return crawl(settings=settings, trigger="demo")


@app.command("demo")
def demo(
    no_dashboard: Annotated[bool, typer.Option("--no-dashboard", help="Stop after printing the results.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as one JSON object.")] = False,
    db: DbOption = None,
) -> None:
    """Run the demo: fictional GIS watchlist and network, crawl a local newsroom, show whom to ask."""
    from tracker.cli.core import run_dashboard
    from tracker.demo.runner import demo_database_url, format_hottest, run_demo

    settings = load_settings()
    url = demo_database_url(settings, db)
    say = (lambda _msg: None) if as_json else typer.echo
    result = run_demo(settings=settings, database_url=url, now=datetime.now(UTC),
                      crawl=_crawl_in_process, fresh=db is None, say=say)
    if as_json:
        typer.echo(to_json({"database_url": url, "crawl": result.crawl_stats, "hottest": result.hottest}))
    else:
        typer.echo(format_hottest(result.hottest))
        typer.echo(f"\nDemo database: {url}\nLook around with e.g. `hjm --help` and `--db {url}`.")
    if not no_dashboard:
        raise typer.Exit(run_dashboard(database_url=url, port=settings.dashboard_port,
                                       address=settings.dashboard_address))
