"""Real crawls of the other source kinds: news sitemaps, newsrooms without a feed, news search."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from tests.helpers.crawl import FILES, fast_settings, run_crawl, seed_watchlist
from tests.helpers.fixture_server import FixtureServer
from tracker.db import get_engine
from tracker.models import Article, Signal, Source
from tracker.sources import add_source


def articles(url: str) -> dict[str, Article]:
    with Session(get_engine(url)) as session:
        return {a.url.rsplit("/", 1)[-1]: a for a in session.exec(select(Article)).all()}


def kinds(url: str) -> set[tuple[int, str]]:
    with Session(get_engine(url)) as session:
        return {(s.company_id, s.kind) for s in session.exec(select(Signal)).all()}


def test_sitemap_index_follows_only_what_changed_since_the_last_crawl(sqlite_crawl_db: str) -> None:
    companies = seed_watchlist(sqlite_crawl_db)
    with FixtureServer(FILES / "sitemap") as server:
        with Session(get_engine(sqlite_crawl_db)) as session:
            source, _ = add_source(session=session, url=server.url("/sitemap_index.xml"))
            source.last_success_at = datetime(2026, 3, 5, tzinfo=UTC)  # the previous crawl
            session.commit()
            assert source.kind == "sitemap"
        stats = run_crawl(sqlite_crawl_db)
        assert server.hits("/news_sitemap.xml") == 1 and server.hits("/archive_2019.xml") == 0
        assert server.hits("/news/old-story.html") == 0 and server.hits("/news/ancient.html") == 0
    found = articles(sqlite_crawl_db)
    assert set(found) == {"skyloom-funding.html", "placewise-hires.html"}
    assert found["skyloom-funding.html"].title == "Skyloom Imaging secures $25 million to build more satellites"
    assert found["placewise-hires.html"].published_at.isoformat().startswith("2026-03-08T12:00")
    assert (stats["sources_done"], stats["errors"]) == (1, 0)
    assert {(companies["Skyloom Imaging"], "funding"),
            (companies["Placewise Analytics"], "leadership_change")} <= kinds(sqlite_crawl_db)


def test_newsroom_listing_without_a_feed(sqlite_crawl_db: str) -> None:
    companies = seed_watchlist(sqlite_crawl_db)
    with FixtureServer(FILES / "newsroom") as server:
        with Session(get_engine(sqlite_crawl_db)) as session:
            add_source(session=session, url=server.url("/press/"), kind="newsroom")
            session.commit()
        stats = run_crawl(sqlite_crawl_db)
        fetched = sorted(p for p in server.paths() if p.startswith("/press/") and p != "/press/")
    assert fetched == ["/press/2026/cartoplex-opens-montreal-office", "/press/2026/cartoplex-partners-with-city-fleets"]
    found = articles(sqlite_crawl_db)
    assert found["cartoplex-opens-montreal-office"].published_at.date().isoformat() == "2026-03-09"
    assert found["cartoplex-partners-with-city-fleets"].published_at.isoformat().startswith("2026-03-01T09:00")
    assert "first in North America" in found["cartoplex-opens-montreal-office"].text
    assert stats["new_articles"] == 2
    assert (companies["Cartoplex Mapping"], "expansion") in kinds(sqlite_crawl_db)


SEARCH_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Search results (fictional)</title>
<item><title>Geodyne Surveys opens a new office in Porto</title>
  <link>{base}/articles/geodyne-porto.html</link><pubDate>Tue, 03 Mar 2026 14:00:00 GMT</pubDate>
  <description>Geodyne Surveys is expanding to Portugal.</description><source url="{base}">Geo Ledger</source></item>
<item><title>Skyloom Imaging cuts 120 jobs - Orbit Notes</title>
  <link>{search}/rss/articles/CBMiwrapped?oc=5</link><pubDate>Fri, 06 Mar 2026 07:15:00 GMT</pubDate>
  <description>Skyloom Imaging is laying off 120 employees after launch delays.</description></item>
</channel></rss>"""


def test_news_search_creates_a_source_per_company_and_follows_direct_links(sqlite_crawl_db: str) -> None:
    companies = seed_watchlist(sqlite_crawl_db)
    with FixtureServer(FILES / "rss") as server:
        # The search engine answers on "localhost", the outlets on 127.0.0.1: links back to the search
        # host are its redirect wrappers and are kept from the feed; the others are followed.
        search = f"http://localhost:{server.port}"
        server.route("/search", SEARCH_FEED.format(base=server.base_url, search=search),
                     content_type="application/rss+xml")
        settings = fast_settings(sqlite_crawl_db, news_search_url=search + "/search?q=%22{query}%22&hl=en")
        stats = run_crawl(sqlite_crawl_db, settings=settings, kinds=["news_search"])
        queries = sorted(p for p in server.paths() if p.startswith("/search"))
        assert server.hits("/rss/articles/CBMiwrapped") == 0
    assert queries == sorted(f"/search?q=%22{name.replace(' ', '%20')}%22&hl=en" for name in companies)
    with Session(get_engine(sqlite_crawl_db)) as session:
        sources = session.exec(select(Source)).all()
    assert sorted((s.kind, s.company_id) for s in sources) == sorted(("news_search", cid) for cid in companies.values())
    found = articles(sqlite_crawl_db)
    assert not found["geodyne-porto.html"].feed_only and found["CBMiwrapped?oc=5"].feed_only
    assert stats["new_articles"] == 2
    assert {(companies["Geodyne Surveys"], "expansion"), (companies["Skyloom Imaging"], "layoffs")} <= kinds(
        sqlite_crawl_db)
