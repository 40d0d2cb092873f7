"""Real crawls of feeds served on 127.0.0.1, ending in rows in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

from sqlmodel import Session, select

from tests.helpers.crawl import FILES, run_crawl, seed_watchlist
from tests.helpers.fixture_server import FixtureServer
from tracker.db import get_engine
from tracker.models import Article, ArticleCompany, CrawlRun, Signal, Source
from tracker.sources import add_source


def add(url: str, *sources: tuple[str, str]) -> list[int]:
    with Session(get_engine(url), expire_on_commit=False) as session:
        ids = [add_source(session=session, url=u, kind=k)[0].id for u, k in sources]
        session.commit()
    return ids


def rows(url: str, model: type) -> list:
    with Session(get_engine(url), expire_on_commit=False) as session:
        return list(session.exec(select(model)).all())


def test_crawl_stores_articles_and_signals_and_a_second_crawl_fetches_no_article(crawl_db: str) -> None:
    companies = seed_watchlist(crawl_db)
    with FixtureServer(FILES / "rss") as server:
        (source_id,) = add(crawl_db, (server.url("/rss2.xml"), "rss"))
        first = run_crawl(crawl_db)
        assert server.hits("/robots.txt") == 1 and server.hits("/articles/cartoplex-series-b.html") == 1
        server.clear_log()
        second = run_crawl(crawl_db)
        feed_requests = [r for r in server.requests if r.path == "/rss2.xml"]
        assert not [p for p in server.paths() if p.startswith("/articles/")]
    assert (first["status"], first["sources"], first["new_articles"], first["new_signals"], first["errors"]) == (
        "finished", 1, 3, 2, 0)
    assert first["pages"] == 4  # the feed and its three articles (robots.txt is not a page)
    assert (second["new_articles"], second["new_signals"], second["not_modified"]) == (0, 0, 1)
    assert feed_requests[0].headers.get("if-none-match")  # the conditional request got the 304
    articles = {a.url.rsplit("/", 1)[-1]: a for a in rows(crawl_db, Article)}
    assert set(articles) == {"cartoplex-series-b.html", "geodyne-porto.html", "contour-lines.html"}  # no utm_
    funding = articles["cartoplex-series-b.html"]
    assert not funding.feed_only and "Series B funding round" in funding.text
    assert funding.published_at.isoformat().startswith("2026-03-02T09:30")
    links = {(link.article_id, link.company_id) for link in rows(crawl_db, ArticleCompany)}
    assert (funding.id, companies["Cartoplex Mapping"]) in links
    signals = {(s.company_id, s.kind) for s in rows(crawl_db, Signal)}
    assert signals == {(companies["Cartoplex Mapping"], "funding"), (companies["Geodyne Surveys"], "expansion")}
    source = rows(crawl_db, Source)[0]
    assert (source.id, source.items_found, source.consecutive_failures, source.last_error) == (source_id, 3, 0, None)
    assert source.etag and source.last_success_at is not None
    runs = sorted(rows(crawl_db, CrawlRun), key=lambda r: r.id)
    assert [(r.status, r.stats["new_articles"]) for r in runs] == [("finished", 3), ("finished", 0)]


def test_changed_feed_fetches_only_the_new_article(sqlite_crawl_db: str, tmp_path: Path) -> None:
    seed_watchlist(sqlite_crawl_db)
    with FixtureServer(FILES / "rss") as server:
        add(sqlite_crawl_db, (server.url("/feed.xml"), "rss"))
        original = (FILES / "rss/rss2.xml").read_text()
        server.route("/feed.xml", original, content_type="application/rss+xml", etag='"v1"')
        run_crawl(sqlite_crawl_db)
        extra = ("<item><title>Skyloom Imaging cuts 120 jobs</title>"
                 "<link>{{base_url}}/articles/skyloom-layoffs.html</link></item></channel>")
        server.route("/feed.xml", original.replace("</channel>", extra), content_type="application/rss+xml",
                     etag='"v2"')
        server.clear_log()
        stats = run_crawl(sqlite_crawl_db)
        fetched = [p for p in server.paths() if p.startswith("/articles/")]
    assert fetched == ["/articles/skyloom-layoffs.html"]
    assert (stats["new_articles"], stats["new_signals"]) == (1, 1)


def test_robots_disallowed_pages_are_stored_from_the_feed(sqlite_crawl_db: str) -> None:
    companies = seed_watchlist(sqlite_crawl_db)
    with FixtureServer(FILES / "rss") as server:
        server.robots("User-agent: *\nDisallow: /articles/\n")
        add(sqlite_crawl_db, (server.url("/rss2.xml"), "rss"))
        stats = run_crawl(sqlite_crawl_db)
        assert not [p for p in server.paths() if p.startswith("/articles/")]
    articles = rows(sqlite_crawl_db, Article)
    assert stats["new_articles"] == stats["feed_only"] == 3 and all(a.feed_only for a in articles)
    funding = next(a for a in articles if "cartoplex-series-b" in a.url)
    assert funding.text == "The Lyon-based mapping startup Cartoplex Mapping closed a $40 million Series B."
    signals = {(s.company_id, s.kind) for s in rows(sqlite_crawl_db, Signal)}
    assert (companies["Cartoplex Mapping"], "funding") in signals


def test_every_feed_format_crawls(sqlite_crawl_db: str) -> None:
    seed_watchlist(sqlite_crawl_db)
    with FixtureServer(FILES / "rss") as server:
        add(sqlite_crawl_db, *((server.url(f"/{name}"), "rss") for name in ("atom.xml", "rss1.rdf", "rss091.xml",
                                                                            "feed.json")))
        stats = run_crawl(sqlite_crawl_db)
    slugs = {a.url.rsplit("/", 1)[-1] for a in rows(sqlite_crawl_db, Article)}
    assert slugs == {"geodyne-cto.html", "skyloom-layoffs.html", "cartoplex-contract.html", "placewise-acquires.html"}
    assert (stats["sources_done"], stats["errors"]) == (4, 0)
    assert {s.kind for s in rows(sqlite_crawl_db, Signal)} >= {"leadership_change", "layoffs", "acquisition"}
