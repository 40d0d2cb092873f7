"""Every request (also each redirect hop and robots.txt) is checked: http(s) only, no private hosts."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from tracker.netsafety import url_refusal


class RefusedURL(IgnoreRequest):
    """The URL may not be fetched (its scheme, or a host on a private network)."""


class SafetyMiddleware:
    """Downloader middleware refusing unsafe URLs before anything is sent."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SafetyMiddleware:
        """Read HJM_ALLOW_PRIVATE_HOSTS from the crawl's settings."""
        return cls(crawler.settings.getbool("HJM_ALLOW_PRIVATE_HOSTS"))

    def process_request(self, request: Request) -> None:
        """Raise RefusedURL for a URL that may not be fetched."""
        # Redirects come back through here as new requests, so every hop is checked.
        reason = url_refusal(request.url, allow_private=self.allow_private)
        if reason:
            raise RefusedURL(f"{request.url}: {reason}")
