"""The demo newsroom: valid RSS per company with dates relative to now, article pages, robots.txt."""

import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta

import feedparser
import pytest

from tracker.demo.content import FEED_COMPANY, demo_articles
from tracker.demo.newsroom import feed_names, render_article, serve_newsroom

NOW = datetime(2031, 3, 1, 12, 0, tzinfo=UTC)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback only)
        return response.read()


def test_every_feed_is_valid_rss_linking_to_served_articles() -> None:
    with serve_newsroom(now=NOW, port=0) as base:
        assert base.startswith("http://127.0.0.1:")
        assert b"Allow: /" in _get(f"{base}/robots.txt")
        total = 0
        for feed in feed_names():
            parsed = feedparser.parse(_get(f"{base}/feeds/{feed}.xml"))
            assert not parsed.bozo, (feed, parsed.get("bozo_exception"))
            assert parsed.entries, feed
            for entry in parsed.entries:
                published = datetime(*entry.published_parsed[:6], tzinfo=UTC)
                assert NOW - timedelta(days=120) < published <= NOW
                page = _get(entry.link).decode()
                assert "<article>" in page
            total += len(parsed.entries)
        assert total == len(demo_articles(now=NOW))
        with pytest.raises(urllib.error.HTTPError):
            _get(f"{base}/news/no-such-story.html")


def test_every_company_feed_belongs_to_a_watchlist_company() -> None:
    assert set(FEED_COMPANY) <= set(feed_names())
    assert "geo-wire" not in FEED_COMPANY


def test_article_text_is_escaped() -> None:
    article = demo_articles(now=NOW)[0]
    hostile = type(article)(article.feed, article.slug, "<script>alert(1)</script>", ("a < b & c",), article.published)
    page = render_article(hostile)
    assert "<script>" not in page and "&lt;script&gt;" in page and "a &lt; b &amp; c" in page
