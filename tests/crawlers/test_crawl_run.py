"""Running crawls: killed or interrupted then rerun, the crawl lock, refused hosts, the `hjm crawl` command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from crawlers.run import _env_for
from tests.helpers.crawl import FILES, fast_settings, run_crawl, seed_watchlist
from tests.helpers.fixture_server import FixtureServer
from tracker.db import get_engine
from tracker.errors import UserError
from tracker.locks import db_lock
from tracker.models import Article, CrawlRun, Source
from tracker.sources import add_source

PAGES = 30  # more than Scrapy keeps in flight (16), so a graceful stop leaves some unfetched


def slow_feed(server: FixtureServer) -> None:
    """A feed of PAGES articles whose pages each take a while (so a crawl can be stopped half-way)."""
    page = (FILES / "rss/articles/geodyne-porto.html").read_text()
    items = []
    for n in range(PAGES):
        server.route(f"/slow/{n}.html", page.replace("Porto", f"Porto district {n}"), delay=0.2)
        items.append(f"<item><title>Story {n}</title><link>{{{{base_url}}}}/slow/{n}.html</link></item>")
    server.route("/slow.xml", f"<rss version='2.0'><channel><title>Slow</title>{''.join(items)}</channel></rss>",
                 content_type="application/rss+xml", etag='"slow-v1"')


def stored(url: str) -> int:
    with Session(get_engine(url)) as session:
        return session.exec(select(func.count()).select_from(Article)).one()


def start_crawl(url: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "crawlers.run"], env=_env_for(fast_settings(url)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for_articles(url: str, proc: subprocess.Popen, n: int) -> None:
    deadline = time.monotonic() + 60
    while stored(url) < n:
        assert proc.poll() is None and time.monotonic() < deadline, "the crawl ended before it could be stopped"
        time.sleep(0.1)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_stopped_crawl_then_rerun_loses_nothing_and_stores_nothing_twice(sqlite_crawl_db: str, how: int) -> None:
    url = sqlite_crawl_db
    with FixtureServer() as server:
        slow_feed(server)
        with Session(get_engine(url)) as session:
            add_source(session=session, url=server.url("/slow.xml"), kind="rss")
            session.commit()
        proc = start_crawl(url)
        wait_for_articles(url, proc, 3)
        os.kill(proc.pid, how)
        out, _ = proc.communicate(timeout=60)
        partial = stored(url)
        with Session(get_engine(url)) as session:
            assert session.exec(select(Source)).one().etag is None  # unfinished: the feed will be read again
        stats = run_crawl(url)
    with Session(get_engine(url)) as session:
        urls = [a.url for a in session.exec(select(Article)).all()]
        runs = [r.status for r in session.exec(select(CrawlRun).order_by(CrawlRun.id)).all()]
    assert 3 <= partial < PAGES
    assert len(urls) == len(set(urls)) == PAGES and stats["new_articles"] == PAGES - partial
    assert runs == ["interrupted", "finished"]
    if how == signal.SIGINT:  # a graceful stop reports itself
        assert json.loads(out.strip().splitlines()[-1])["result"]["status"] == "interrupted"


def test_a_second_crawl_waits_for_nobody_it_says_who_holds_the_lock(sqlite_crawl_db: str) -> None:
    with db_lock(url=sqlite_crawl_db, name="crawl", holder="schedule@elsewhere:1"):
        with pytest.raises(UserError, match="another crawl is running.*schedule@elsewhere:1"):
            run_crawl(sqlite_crawl_db)


def test_private_hosts_are_refused_unless_allowed(sqlite_crawl_db: str) -> None:
    with FixtureServer(FILES / "rss") as server:
        with Session(get_engine(sqlite_crawl_db)) as session:
            add_source(session=session, url=server.url("/rss2.xml"), kind="rss")
            session.commit()
        stats = run_crawl(sqlite_crawl_db, settings=fast_settings(sqlite_crawl_db, allow_private_hosts=False))
        assert server.requests == []  # not even robots.txt
    with Session(get_engine(sqlite_crawl_db)) as session:
        source = session.exec(select(Source)).one()
    assert "refused" in source.last_error and "loopback" in source.last_error
    assert (source.consecutive_failures, stats["new_articles"], stats["errors"]) == (1, 0, 1)


def test_hjm_crawl_json_summary_and_live_progress(sqlite_crawl_db: str) -> None:
    seed_watchlist(sqlite_crawl_db)
    with FixtureServer(FILES / "rss") as server:
        with Session(get_engine(sqlite_crawl_db)) as session:
            add_source(session=session, url=server.url("/rss2.xml"), kind="rss")
            session.commit()
        done = subprocess.run([sys.executable, "-m", "tracker", "crawl", "--json", "--db", sqlite_crawl_db],
                              env=_env_for(fast_settings(sqlite_crawl_db)), capture_output=True, text=True,
                              timeout=180)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["status"], summary["new_articles"], summary["new_signals"], summary["sources_done"]) == (
        "finished", 3, 2, 1)
    assert "sources 1/1" in done.stderr and "new articles" in done.stderr
