"""'Crawl now' on the Sources page runs a real crawl in the background: the page answers at once."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from dashboard import crawl_job
from tracker.db import get_engine
from tracker.models import Article, CrawlRun
from tracker.sources import add_source

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Survey Times (fictional)</title><link>{{base_url}}/</link>
<description>Fictional news.</description>
<item><title>Meridian Geo raises $40 million Series B</title><link>{{base_url}}/meridian.html</link>
<pubDate>Mon, 02 Mar 2026 09:30:00 +0000</pubDate><description>Meridian Geo closed a round.</description></item>
</channel></rss>"""
PAGE = """<html><head><title>Meridian Geo raises $40 million Series B</title></head><body><article>
<h1>Meridian Geo raises $40 million Series B</h1>
<p>Meridian Geo, the fictional mapping company, has raised $40 million in a Series B round to hire engineers.</p>
</article></body></html>"""


@pytest.mark.slow
def test_crawl_now_runs_in_the_background_and_records_a_run(seeded, dash_url, fixture_server,
                                                             open_page) -> None:  # noqa: ANN001
    # The feed answers after a few seconds, so the crawl is surely still going when the page has answered.
    fixture_server.route("/feed.xml", fixture_server.expand(FEED), content_type="application/rss+xml", delay=3)
    fixture_server.route("/meridian.html", PAGE, content_type="text/html; charset=utf-8")
    with Session(get_engine(dash_url)) as s:
        source, _ = add_source(session=s, url=fixture_server.url("/feed.xml"), kind="rss")
        source_id = source.id
        s.commit()
    at = open_page("sources")
    at.button(key="crawl_now").click().run()
    assert not at.exception
    job = crawl_job.current(dash_url)
    assert job is not None and job.running  # the page came back while the crawl works
    assert "Crawling" in at.info[0].value
    job.thread.join(timeout=300)
    assert not job.running and job.error is None, job.error
    with Session(get_engine(dash_url)) as s:
        runs = s.exec(select(CrawlRun).where(CrawlRun.trigger == "dashboard")).all()
        stored = s.exec(select(Article.url).where(Article.source_id == source_id)).all()
    assert [r.status for r in runs] == ["finished"]
    assert fixture_server.url("/meridian.html") in stored
    at.run()
    assert "dashboard" in set(at.dataframe[1].value["trigger"])  # the runs table, read again


def test_a_crawl_already_running_elsewhere_disables_crawl_now(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    from tracker.locks import db_lock

    with db_lock(url=dash_url, name="crawl", holder="schedule@elsewhere.test:4242"):
        at = open_page("sources")
        assert at.button(key="crawl_now").disabled
        assert "schedule@elsewhere.test:4242" in at.info[0].value.replace("\\", "")
    at = open_page("sources")
    assert not at.button(key="crawl_now").disabled
