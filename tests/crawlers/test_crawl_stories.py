"""The same story from two outlets: one story, each signal once, both sources listed (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

from sqlmodel import Session, select
from typer.testing import CliRunner

from tests.helpers.crawl import FILES, run_crawl, seed_watchlist
from tests.helpers.fixture_server import FixtureServer
from tracker.cli import app
from tracker.db import get_engine
from tracker.models import Article, Signal, Story
from tracker.sources import add_source


def test_near_duplicates_from_two_feeds_become_one_story_with_each_signal_once(crawl_db: str) -> None:
    companies = seed_watchlist(crawl_db)
    with FixtureServer(FILES / "stories") as server:
        with Session(get_engine(crawl_db)) as session:
            for outlet in ("outlet-a", "outlet-b"):
                add_source(session=session, url=server.url(f"/{outlet}/feed.xml"), kind="rss")
            session.commit()
        stats = run_crawl(crawl_db)
        urls = [server.url("/outlet-a/cartoplex-series-c.html"), server.url("/outlet-b/cartoplex-raises-60m.html")]
    # Both outlets report the funding (and the expansion it pays for): each once, not once per outlet.
    assert (stats["new_articles"], stats["new_signals"]) == (2, 2)
    with Session(get_engine(crawl_db)) as session:
        articles = session.exec(select(Article).order_by(Article.id)).all()
        signals = session.exec(select(Signal)).all()
        stories = session.exec(select(Story)).all()
    assert len(stories) == 1 and {a.story_id for a in articles} == {stories[0].id}
    assert sorted((s.company_id, s.kind, s.story_id) for s in signals) == [
        (companies["Cartoplex Mapping"], "expansion", stories[0].id),
        (companies["Cartoplex Mapping"], "funding", stories[0].id)]
    result = CliRunner().invoke(app, ["articles", "--json", "--company", "Cartoplex", "--db", crawl_db])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)
    assert len(listed) == 2
    for row in listed:
        assert sorted(row["sources"]) == sorted(urls)
        assert sorted(row["signals"]) == ["expansion: Cartoplex Mapping", "funding: Cartoplex Mapping"]
        assert row["companies"] == ["Cartoplex Mapping"]
