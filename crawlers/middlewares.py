"""Retries with exponential backoff on 429 and 5xx, honouring Retry-After."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

BACKOFF_META = "hjm_backoff_seconds"


def retry_after_seconds(value: bytes | str | None, *, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_seconds(retry_times: int, *, base: float, cap: float, retry_after: float | None = None) -> float:
    """Wait before retry number `retry_times` (1, 2, ...): base * 2**(n-1), or Retry-After, capped."""
    wait = retry_after if retry_after is not None else base * 2 ** max(0, retry_times - 1)
    return max(0.0, min(cap, wait))


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry, but each retry waits (without blocking the reactor) before it is sent."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        """Read the backoff base and cap from the settings."""
        middleware = super().from_crawler(crawler)
        middleware.base = crawler.settings.getfloat("HJM_RETRY_BACKOFF_BASE", 1.0)
        middleware.cap = crawler.settings.getfloat("HJM_RETRY_BACKOFF_MAX", 60.0)
        return middleware

    async def process_request(self, request: Request) -> None:
        """Sleep the backoff a retried request carries, then let it go."""
        wait = request.meta.pop(BACKOFF_META, 0.0)
        if wait > 0:
            await asyncio.sleep(wait)

    def process_response(self, request: Request, response: Response) -> Request | Response:
        """Retry 429/5xx like Scrapy, attaching the wait the server asked for (or our backoff)."""
        result = super().process_response(request, response)
        if isinstance(result, Request):
            after = retry_after_seconds(response.headers.get(b"Retry-After"), now=datetime.now(UTC))
            result.meta[BACKOFF_META] = backoff_seconds(result.meta.get("retry_times", 1), base=self.base,
                                                        cap=self.cap, retry_after=after)
        return result

    def process_exception(self, request: Request, exception: Exception) -> Request | Response | None:
        """Retry network errors like Scrapy, with backoff."""
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            result.meta[BACKOFF_META] = backoff_seconds(result.meta.get("retry_times", 1), base=self.base,
                                                        cap=self.cap)
        return result
