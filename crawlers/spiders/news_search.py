"""News search: the RSS answer to a query for a company's quoted name (the URL template is a setting)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Response

from crawlers.spiders.base import FeedEntry, SourceInfo
from crawlers.spiders.rss import RssSpider, read_feed


def _parse_follow(entry: FeedEntry, search_host: str | None) -> bool:
    # Links back to the search engine's own host are redirect wrappers (often needing JavaScript);
    # fetching them would store a consent page, so such items keep the feed's title and summary.
    return urlsplit(entry.url).hostname != search_host


class NewsSearchSpider(RssSpider):
    """One query feed per company; items linking straight to outlets are followed like any feed."""

    name = "news_search"

    def parse_source(self, response: Response, source: SourceInfo) -> Iterator[Any]:
        """Read the results feed; follow direct links, keep wrapped ones feed-only."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        search_host = urlsplit(source.url).hostname
        feed = read_feed(response.body, url=response.url, content_type=content_type)
        self.pending(source).warning = feed.warning
        for entry in feed.entries:
            if _parse_follow(entry, search_host):
                yield from self.article_request(entry, source)
            else:
                yield from self.feed_only_entry(entry, source)
