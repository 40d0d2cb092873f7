"""Retry backoff and Retry-After: the waits the backoff middleware puts before a retried request."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawlers.middlewares import backoff_seconds, retry_after_seconds
from crawlers.settings import scrapy_settings
from tracker.config import load_settings

NOW = datetime(2026, 3, 10, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (b"120", 120.0),
        ("7", 7.0),
        (b"Tue, 10 Mar 2026 12:00:30 GMT", 30.0),
        (b"Tue, 10 Mar 2026 11:00:00 GMT", 0.0),  # in the past: no wait
        (b"soon", None),
        (None, None),
        (b"", None),
    ],
)
def test_retry_after(header: bytes | str | None, expected: float | None) -> None:
    assert retry_after_seconds(header, now=NOW) == expected


@pytest.mark.parametrize(
    ("retry", "retry_after", "expected"),
    [(1, None, 1.0), (2, None, 2.0), (3, None, 4.0), (10, None, 60.0), (1, 5.0, 5.0), (1, 3600.0, 60.0)],
)
def test_backoff_doubles_and_is_capped(retry: int, retry_after: float | None, expected: float) -> None:
    assert backoff_seconds(retry, base=1.0, cap=60.0, retry_after=retry_after) == expected


def test_polite_defaults_come_from_the_settings() -> None:
    values = scrapy_settings(load_settings(download_delay=2.0, concurrent_requests_per_domain=1, download_timeout=15,
                                           max_response_bytes=1000, user_agent="hjm-test (+https://x.example)"))
    assert values["ROBOTSTXT_OBEY"] and values["AUTOTHROTTLE_ENABLED"]
    polite = (values["DOWNLOAD_DELAY"], values["CONCURRENT_REQUESTS_PER_DOMAIN"], values["DOWNLOAD_TIMEOUT"])
    assert polite == (2.0, 1, 15)
    assert (values["DOWNLOAD_MAXSIZE"], values["USER_AGENT"]) == (1000, "hjm-test (+https://x.example)")
    assert {429, 500, 502, 503, 504} <= set(values["RETRY_HTTP_CODES"])
    assert values["DOWNLOADER_MIDDLEWARES"]["crawlers.safety.SafetyMiddleware"] < 100  # before robots.txt
