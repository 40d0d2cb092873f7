"""Hard to break: every hostile source is a fixture; none stops the others; each is recorded on its source."""

from __future__ import annotations

from sqlmodel import Session, select

from tests.helpers.crawl import FILES, fast_settings, run_crawl, seed_watchlist
from tests.helpers.fixture_server import FixtureServer, Route
from tracker.db import get_engine
from tracker.models import Article, Source
from tracker.sources import UNHEALTHY_AFTER, add_source, list_sources

FAILING = {  # path -> what its last_error must say
    "/hostile/malformed.xml": "malformed feed",
    "/hostile/billion_laughs.xml": "entities",
    "/bomb.xml": "DOWNLOAD_MAXSIZE",
    "/huge.xml": "download max size",
    "/loop.xml": "redirect",
    "/missing.xml": "HTTP 404",
    "/gone.xml": "HTTP 410",
    "/error.xml": "HTTP 500",
    "/slow.xml": "took longer than",
    "/reset.xml": "Error",
}
WORKING = ("/rss2.xml", "/hostile/latin1_undeclared.xml", "/hostile/cp1252_as_latin1.xml", "/hostile/gb2312.xml",
           "/hostile/recoverable.xml", "/mixed.xml")
MIXED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Mixed (fictional)</title>
<item><title>Reset page keeps its feed entry</title><link>{{base_url}}/pages/reset.html</link>
  <description>Cartoplex Mapping page that resets the connection.</description></item>
<item><title>Slow page keeps its feed entry</title><link>{{base_url}}/pages/slow.html</link>
  <description>A page slower than the download timeout.</description></item>
<item><title>Throttled page arrives after a retry</title><link>{{base_url}}/pages/throttled.html</link>
  <description>First a 429 with Retry-After, then the page.</description></item>
</channel></rss>"""


def serve_hostile(server: FixtureServer) -> None:
    server.gzip_bomb("/bomb.xml", size=64 * 1024 * 1024, content_type="application/rss+xml")
    server.route("/huge.xml", b"<rss>" + b" " * (6 * 1024 * 1024) + b"</rss>", content_type="application/rss+xml")
    server.redirect("/loop.xml", "/loop.xml")
    server.route("/gone.xml", "gone", status=410)
    server.route("/error.xml", "boom", status=500)
    server.route("/slow.xml", "<rss/>", delay=5)
    server.route("/reset.xml", reset=True)
    server.route("/mixed.xml", MIXED, content_type="application/rss+xml")
    server.route("/pages/reset.html", reset=True)
    server.route("/pages/slow.html", "<html/>", delay=5)
    page = (FILES / "rss/articles/cartoplex-contract.html").read_text()
    server.sequence("/pages/throttled.html", Route(b"slow down", status=429, headers={"Retry-After": "1"}),
                    Route(page.encode()))


def test_hostile_sources_fail_alone_and_are_recorded(sqlite_crawl_db: str) -> None:
    url = sqlite_crawl_db
    seed_watchlist(url)
    with FixtureServer(FILES / "rss") as server:
        serve_hostile(server)
        with Session(get_engine(url)) as session:
            for path in (*FAILING, *WORKING):
                add_source(session=session, url=server.url(path), kind="rss")
            session.commit()
        stats = run_crawl(url, settings=fast_settings(url, download_timeout=2))
        assert server.hits("/error.xml") == 3  # the first try and two retries with backoff
        assert server.hits("/pages/throttled.html") == 2
        with Session(get_engine(url)) as session:
            health = {row["url"].replace(server.base_url, ""): row for row in list_sources(session=session)}
    for path, expected in FAILING.items():
        row = health[path]
        assert expected.lower() in (row["last_error"] or "").lower(), (path, row["last_error"])
        assert (row["consecutive_failures"], row["last_success_at"]) == (1, None), path
    for path in WORKING:
        assert (health[path]["consecutive_failures"], health[path]["last_success_at"] is not None) == (0, True), path
    assert "malformed XML" in health["/hostile/recoverable.xml"]["last_error"]
    assert stats["sources_done"] == len(FAILING) + len(WORKING) and stats["errors"] >= len(FAILING)
    with Session(get_engine(url)) as session:
        articles = {a.title: a for a in session.exec(select(Article)).all()}
    assert "Cartoplex Mapping raises $40 million Series B" in articles  # the good feed is untouched
    assert not articles["Société Géomatique ouvre un bureau à Genève"].feed_only
    assert "测绘公司在上海开设新办公室" in articles
    assert articles["“Mapping is back,” says Cartoplex – again"].feed_only  # its page is a 404
    assert articles["Maps & more from Cartoplex"].feed_only
    assert articles["Reset page keeps its feed entry"].feed_only
    assert articles["Slow page keeps its feed entry"].feed_only
    assert not articles["Cartoplex Mapping wins a national cadastre contract"].feed_only  # after the 429


def test_repeated_failures_mark_a_source_unhealthy_and_recovery_heals_it(sqlite_crawl_db: str) -> None:
    url = sqlite_crawl_db
    with FixtureServer(FILES / "rss") as server:
        feed = server.url("/feed.xml")
        with Session(get_engine(url)) as session:
            add_source(session=session, url=feed, kind="rss")
            session.commit()
        for n in range(1, UNHEALTHY_AFTER + 1):
            run_crawl(url)  # /feed.xml is a 404 until it is served
            with Session(get_engine(url)) as session:
                row = list_sources(session=session)[0]
            assert (row["consecutive_failures"], row["unhealthy"]) == (n, n >= UNHEALTHY_AFTER)
        server.route("/feed.xml", (FILES / "rss/rss091.xml").read_text(), content_type="application/rss+xml")
        run_crawl(url)
    with Session(get_engine(url)) as session:
        healed = session.exec(select(Source)).one()
        row = list_sources(session=session)[0]
    assert (row["consecutive_failures"], row["unhealthy"], row["items_found"]) == (0, False, 1)
    assert healed.last_error == "HTTP 404 at " + feed  # kept for the record; the streak is what heals
