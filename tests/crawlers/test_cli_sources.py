"""`hjm sources add|list`, `hjm crawl` without sources, `hjm articles`: in-process, against a real database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from tests.helpers.crawl import FILES, seed_watchlist
from tests.helpers.fixture_server import FixtureServer
from tracker.cli import app

runner = CliRunner()


def hjm(*args: str):  # noqa: ANN201
    return runner.invoke(app, list(args))


def test_sources_add_detects_the_kind_and_list_shows_health(crawl_db: str) -> None:
    seed_watchlist(crawl_db)
    with FixtureServer() as server:
        server.mount(FILES / "rss")
        server.mount(FILES / "newsroom")
        server.mount(FILES / "sitemap")
        added = [hjm("sources", "add", server.url(path), "--company", "Cartoplex", "--db", crawl_db)
                 for path in ("/rss2.xml", "/press/", "/sitemap_index.xml", "/feed.json")]
        assert [server.hits(p) for p in ("/rss2.xml", "/press/", "/sitemap_index.xml")] == [1, 1, 0]
    assert all(r.exit_code == 0 for r in added), [r.output for r in added]
    assert "Added rss source #1" in added[0].output
    again = hjm("sources", "add", "https://cartoplex.example/feed", "--db", crawl_db)
    news = hjm("sources", "add", "--kind", "news_search", "--company", "Geodyne Surveys", "--db", crawl_db)
    assert again.exit_code == news.exit_code == 0, again.output + news.output
    listed = json.loads(hjm("sources", "list", "--json", "--db", crawl_db).output)
    assert [(row["kind"], row["company"]) for row in listed] == [
        ("rss", "Cartoplex Mapping"), ("newsroom", "Cartoplex Mapping"), ("sitemap", "Cartoplex Mapping"),
        ("rss", "Cartoplex Mapping"), ("rss", None), ("news_search", "Geodyne Surveys")]
    assert set(listed[0]) >= {"last_success_at", "last_error", "consecutive_failures", "items_found", "unhealthy"}
    assert listed[-1]["url"].endswith("q=%22Geodyne%20Surveys%22&hl=en-US&gl=US&ceid=US:en")
    table = hjm("sources", "list", "--db", crawl_db)
    assert "UNHEALTHY" in table.output and "newsroom" in table.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sources", "add", "ftp://files.example/feed"], "not an http(s) URL"),
        (["sources", "add", "https://x.example/f", "--kind", "pigeon"], "unknown source kind"),
        (["sources", "add", "https://x.example/f", "--company", "Nobody Inc"], "no company named"),
        (["sources", "add"], "give a URL"),
        (["crawl", "--kind", "pigeon"], "unknown source kind"),
        (["articles", "--since", "yesterday-ish"], "--since"),
    ],
)
def test_bad_input_is_one_clear_line(crawl_db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, [*args, "--db", crawl_db])
    assert result.exit_code != 0
    assert message in str(result.exception) + result.output


def test_crawl_without_sources_gives_a_hint(crawl_db: str) -> None:
    plain = hjm("crawl", "--db", crawl_db)
    as_json = hjm("crawl", "--json", "--db", crawl_db)
    assert plain.exit_code == as_json.exit_code == 0
    assert "hjm sources add URL" in plain.output
    assert json.loads(as_json.output)["sources"] == 0


def test_articles_when_nothing_was_collected(crawl_db: str) -> None:
    assert json.loads(hjm("articles", "--json", "--db", crawl_db).output) == []
    assert "No articles yet" in hjm("articles", "--db", crawl_db).output


@pytest.mark.parametrize("command", [["sources", "add"], ["sources", "list"], ["crawl"], ["articles"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0 and len(result.output) > 100


@pytest.mark.redis
def test_crawl_distributed_queues_the_sources_for_workers(crawl_db: str, redis_url: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HJM_REDIS_URL", redis_url)
    seed_watchlist(crawl_db)
    assert hjm("sources", "add", "https://news.example/feed", "--db", crawl_db).exit_code == 0
    result = hjm("crawl", "--distributed", "--json", "--db", crawl_db)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["queued"] == 1
