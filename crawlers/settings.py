"""Scrapy settings: polite defaults built from tracker's one Settings object."""

from __future__ import annotations

from typing import Any

from tracker.config import Settings

BOT_NAME = "hjm"
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]


def scrapy_settings(settings: Settings, **overrides: Any) -> dict[str, Any]:
    """The Scrapy settings of a crawl: robots.txt, throttling, caps, retries, safety, the store pipeline."""
    delay = settings.download_delay
    values: dict[str, Any] = {
        "BOT_NAME": BOT_NAME,
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_REQUESTS": 16,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.concurrent_requests_per_domain,
        # Items of one response go through the pipeline in order (an article, then its source's outcome); pages of
        # different responses are prepared side by side in the page workers. Scrapy's default (100) starts 100
        # asyncio tasks for every response's output, which cost more than most pages' items.
        "CONCURRENT_ITEMS": 1,
        "DOWNLOAD_DELAY": delay,
        "AUTOTHROTTLE_ENABLED": delay > 0,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": max(30.0, delay),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "DOWNLOAD_TIMEOUT": settings.download_timeout,
        "DNS_TIMEOUT": settings.download_timeout,
        "TWISTED_DNS_RESOLVER": "crawlers.resolver.PrivateAddressRefusingResolver",  # drops private answers
        "DOWNLOAD_MAXSIZE": settings.max_response_bytes,  # also caps what gzip/deflate inflate to
        "DOWNLOAD_WARNSIZE": settings.max_response_bytes // 2,
        "RETRY_ENABLED": True,
        "RETRY_TIMES": 2,
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "HJM_RETRY_BACKOFF_BASE": 1.0,  # seconds; doubles per retry, Retry-After wins when given
        "HJM_RETRY_BACKOFF_MAX": 60.0,
        "REDIRECT_MAX_TIMES": 5,
        "METAREFRESH_ENABLED": False,  # a meta refresh is a page, not a redirect we should chase
        "COOKIES_ENABLED": False,
        "TELNETCONSOLE_ENABLED": False,
        "LOG_LEVEL": "ERROR",  # failures are counted and shown in the crawl's summary, not logged twice
        "LOG_INSTALL_ROOT_HANDLER": True,
        "RETRY_GIVE_UP_LOG_LEVEL": "WARNING",
        "STATS_DUMP": False,
        "DOWNLOADER_MIDDLEWARES": {
            "crawlers.safety.SafetyMiddleware": 40,  # before robots.txt: refused hosts are not even asked
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "crawlers.middlewares.BackoffRetryMiddleware": 550,
        },
        "ITEM_PIPELINES": {"crawlers.pipelines.StorePipeline": 300,
                           "crawlers.board_pipeline.BoardStorePipeline": 310},  # job boards and filings (C2)
        "HJM_JOB_BOARD_MAX_BYTES": settings.job_board_max_bytes,
        "HJM_EDGAR_ARCHIVE_URL": settings.edgar_archive_url,
        "HJM_DATABASE_URL": settings.database_url,
        "HJM_ALLOW_PRIVATE_HOSTS": settings.allow_private_hosts,
        "HJM_PAGE_WORKERS": settings.page_workers,
    }
    values.update(overrides)
    return values
