"""`hjm sources add|list`, `hjm crawl` and `hjm articles`."""

from __future__ import annotations

import sys
import time
from typing import Annotated, Any

import typer
from sqlmodel import select

from tracker.articles import list_articles
from tracker.cli.apps import app, sources_app
from tracker.cli.common import DbOption, JsonOption, emit, open_session, parse_since, settings_for, to_json
from tracker.companies import find_company
from tracker.errors import UserError
from tracker.models import Source
from tracker.netsafety import probe
from tracker.sources import SOURCE_KINDS, add_source, list_sources, news_search_url

KindOption = Annotated[str | None, typer.Option("--kind", help=f"Source kind: {', '.join(SOURCE_KINDS)}.")]
CompanyOption = Annotated[str | None, typer.Option("--company", help="Company name, alias, domain or id.")]
NO_SOURCES_HINT = ("No sources to crawl yet. Add a feed, sitemap or news page with `hjm sources add URL "
                   "--company NAME`, let `hjm sources discover COMPANY` find them, or search the news with "
                   "`hjm crawl --kind news_search`.")


@sources_app.command("add")
def add(url: Annotated[str | None, typer.Argument(help="Feed, sitemap, news page or job-board URL.")] = None,
        kind: KindOption = None, company: CompanyOption = None, db: DbOption = None) -> None:
    """Add a source to crawl; without --kind, the kind is told from the URL or from what it serves."""
    settings = settings_for(db)
    with open_session(db) as session:
        target = find_company(session=session, name_or_id=company) if company else None
        if url is None:
            if kind != "news_search" or target is None:
                raise UserError("give a URL, or --kind news_search with --company to search the news for it")
            url = news_search_url(settings=settings, company_name=target.name)
        source, created = add_source(session=session, url=url, kind=kind, company=target,
                                     probe=lambda u: probe(u, settings=settings))
        verb = "Added" if created else "Already known, updated"
        typer.echo(f"{verb} {source.kind} source #{source.id}: {source.url}")


@sources_app.command("list")
def list_(kind: KindOption = None, as_json: JsonOption = False, db: DbOption = None) -> None:
    """Sources with their health: last success, last error, consecutive failures, items found."""
    with open_session(db) as session:
        rows = list_sources(session=session, kind=kind)
    emit(rows, as_json, columns=["id", "kind", "url", "company", "last_success_at", "consecutive_failures",
                                 "items_found", "unhealthy", "last_error"],
         empty="No sources yet; add one with `hjm sources add URL`.")


class _ProgressLine:
    """Live progress on stderr: rewritten in place on a terminal, a line a second otherwise."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = 0.0
        self.shown: dict[str, Any] | None = None
        self.latest: dict[str, Any] | None = None

    def __call__(self, stats: dict[str, Any]) -> None:
        self.latest = stats
        now = time.monotonic()
        if now - self.last < (0.1 if self.tty else 1.0):
            return
        self.last = now
        self._show(stats)

    def _show(self, stats: dict[str, Any]) -> None:
        self.shown = stats
        line = (f"sources {stats.get('sources_done', 0)}/{stats.get('sources', 0)}  pages {stats.get('pages', 0)}"
                f"  new articles {stats.get('new_articles', 0)}  new signals {stats.get('new_signals', 0)}"
                f"  errors {stats.get('errors', 0)}")
        typer.echo(("\r" + line) if self.tty else line, err=True, nl=not self.tty)

    def close(self) -> None:
        """Show the final counts, and end the in-place line."""
        if self.latest is not None and self.latest is not self.shown:
            self._show(self.latest)
        if self.tty and self.shown is not None:
            typer.echo("", err=True)


def _summary(stats: dict[str, Any]) -> str:
    text = (f"Crawled {stats.get('sources_done', 0)} of {stats.get('sources', 0)} sources "
            f"({stats.get('not_modified', 0)} unchanged): {stats.get('pages', 0)} pages, "
            f"{stats.get('new_articles', 0)} new articles ({stats.get('feed_only', 0)} from feeds only), "
            f"{stats.get('new_signals', 0)} new signals, {stats.get('errors', 0)} errors "
            f"in {stats.get('duration', 0):.1f} s ({stats.get('status', 'finished')}).")
    errors = stats.get("error_messages") or []
    if errors:
        text += "\nErrors:\n" + "\n".join(f"  {e}" for e in errors[:10])
    return text


@app.command("crawl")
def crawl_command(
    company: CompanyOption = None,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only sources of this kind (repeatable).")] = None,
    source: Annotated[list[int] | None, typer.Option("--source", help="Only this source id (repeatable).")] = None,
    distributed: Annotated[bool, typer.Option("--distributed",
                                              help="Queue the sources for `hjm worker` processes instead.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as one JSON object.")] = False,
    db: DbOption = None,
) -> None:
    """Crawl your sources now: live progress, then a summary (recorded as a crawl run)."""
    settings = settings_for(db)
    for k in kind or ():
        if k not in SOURCE_KINDS:
            raise UserError(f"unknown source kind '{k}'; choose one of {', '.join(SOURCE_KINDS)}")
    with open_session(db) as session:
        # An unknown company is a clear error before anything starts.
        company_id = find_company(session=session, name_or_id=company).id if company else None
        has_sources = session.exec(select(Source.id).where(Source.enabled == True)).first() is not None  # noqa: E712
    if not has_sources and "news_search" not in (kind or ()):
        typer.echo(to_json({"sources": 0, "hint": NO_SOURCES_HINT}) if as_json else NO_SOURCES_HINT)
        return
    if distributed:
        from crawlers.distributed import enqueue  # lazy: tracker never imports the crawlers at load time

        queued = enqueue(settings=settings, source_ids=source or None, kinds=kind or None, company_id=company_id)
        typer.echo(to_json(queued) if as_json else f"Queued for workers: {queued}")
        return
    from crawlers.run import crawl  # lazy: tracker never imports scrapy at module level

    progress = _ProgressLine()
    try:
        stats = crawl(settings=settings, source_ids=source or None, kinds=kind or None, company=company,
                      trigger="cli", progress=progress)
    finally:
        progress.close()
    typer.echo(to_json(stats) if as_json else _summary(stats))


@app.command("articles")
def articles_command(
    company: CompanyOption = None,
    since: Annotated[str | None, typer.Option("--since", help="Only since then: 30d, 2w, 6m or a date.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many articles.")] = 200,
    as_json: JsonOption = False,
    db: DbOption = None,
) -> None:
    """What the crawls collected, newest first, with sources, companies and signals."""
    with open_session(db) as session:
        company_id = find_company(session=session, name_or_id=company).id if company else None
        rows = list_articles(session=session, company_id=company_id, since=parse_since(since), limit=limit)
    emit(rows, as_json, columns=["id", "published_at", "title", "companies", "signals", "sources"],
         empty="No articles yet; run `hjm crawl`.")
