"""The sitemap spider's parsing: news sitemaps, indexes, gzip, the last-crawl filter, hostile input."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest

from crawlers.spiders.base import UnsafeDocument
from crawlers.spiders.sitemap import MalformedSitemap, sitemap_entries, sitemap_root
from tests.helpers.crawl import FILES

BASE = "http://orbit.test"
MAX = 5 * 1024 * 1024


def read(name: str, since: datetime, *, gz: bool = False):  # noqa: ANN201
    body = (FILES / "sitemap" / name).read_bytes().replace(b"{{base_url}}", BASE.encode())
    root = sitemap_root(gzip.compress(body) if gz else body, max_size=MAX)
    return sitemap_entries(root, base=f"{BASE}/{name}", since=since)


@pytest.mark.parametrize("gz", [False, True])
def test_news_sitemap_entries_newer_than_the_last_crawl(gz: bool) -> None:
    children, entries = read("news_sitemap.xml", datetime(2026, 3, 1, tzinfo=UTC), gz=gz)
    assert children == []
    assert [(e.url, e.title, e.published) for e in entries] == [
        (f"{BASE}/news/skyloom-funding.html", "Skyloom Imaging secures $25 million to build more satellites",
         datetime(2026, 3, 9, 7, 0, tzinfo=UTC)),
        (f"{BASE}/news/placewise-hires.html", "Placewise Analytics appoints a new chief executive",
         datetime(2026, 3, 8, 12, 0, tzinfo=UTC)),
    ]


@pytest.mark.parametrize(
    ("since", "expected"),
    [
        (datetime(2026, 3, 8, 12, 0, tzinfo=UTC), ["skyloom-funding.html"]),  # equal is not newer
        (datetime(2026, 3, 9, 7, 0, tzinfo=UTC), []),
        (datetime(2025, 1, 1, tzinfo=UTC), ["skyloom-funding.html", "placewise-hires.html", "old-story.html"]),
    ],
)
def test_last_crawl_filter(since: datetime, expected: list[str]) -> None:
    _, entries = read("news_sitemap.xml", since)
    assert [e.url.rsplit("/", 1)[-1] for e in entries] == expected


def test_index_lists_only_child_sitemaps_changed_since_the_last_crawl() -> None:
    children, entries = read("sitemap_index.xml", datetime(2026, 1, 1, tzinfo=UTC))
    assert (children, entries) == ([f"{BASE}/news_sitemap.xml"], [])


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>not a sitemap</body></html>", b"<?xml version='1.0'?><feed><entry/></feed>",
     b"\x1f\x8b\x08\x00broken gzip"],
)
def test_malformed_sitemaps_are_errors(body: bytes) -> None:
    with pytest.raises(MalformedSitemap):
        sitemap_root(body, max_size=MAX)


def test_entity_declarations_are_refused() -> None:
    body = (FILES / "rss/hostile/billion_laughs.xml").read_bytes().replace(b"<rss", b"<urlset")
    with pytest.raises(UnsafeDocument):
        sitemap_root(body, max_size=MAX)


def test_gzip_bomb_stops_at_the_size_cap() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (8 * 1024 * 1024) + b"</urlset>")
    with pytest.raises(Exception, match="size|max|exceed"):  # scrapy's _DecompressionMaxSizeExceeded
        sitemap_root(bomb, max_size=1024 * 1024)
