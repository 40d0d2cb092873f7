"""What one crawl shares between its spiders and the pipeline: the matcher, the counters, progress."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from scrapy.crawler import Crawler
from sqlmodel import Session, select

from crawlers.batch_writer import BatchWriter
from crawlers.page_worker import PagePool
from tracker.db import get_engine
from tracker.ingest import canonical_url
from tracker.models import Article

STAT_KEYS = ("sources", "sources_done", "pages", "new_articles", "new_signals", "feed_only", "not_modified",
             "errors")


def _zero_stats() -> dict[str, int]:
    return dict.fromkeys(STAT_KEYS, 0)


@dataclass
class CrawlContext:
    """Shared state of a crawl; the matcher is built once, whatever the number of spiders."""

    database_url: str
    matcher: Any  # tracker.linking.CompanyMatcher
    page_workers: int = 0  # processes that extract and analyse pages (0: this process does)
    progress: Callable[[dict[str, Any]], None] | None = None
    stats: dict[str, int] = field(default_factory=_zero_stats)
    errors: list[str] = field(default_factory=list)
    close_reasons: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _pages: PagePool | None = None
    _writer: BatchWriter | None = None

    def bump(self, **counts: int) -> None:
        """Add to the counters and report progress."""
        with self._lock:
            for key, n in counts.items():
                self.stats[key] = self.stats.get(key, 0) + n
            snapshot = self.snapshot()
        if self.progress is not None:
            self.progress(snapshot)

    def error(self, message: str) -> None:
        """Count an error and keep its message (the first hundred)."""
        if len(self.errors) < 100:
            self.errors.append(message)
        self.bump(errors=1)

    def snapshot(self) -> dict[str, Any]:
        """The counters now, with the elapsed seconds."""
        return {**self.stats, "duration": round(time.monotonic() - self.started, 3)}

    def is_stored(self, url: str) -> bool:
        """True when the article at this URL is already in the database (it is not fetched again)."""
        with Session(get_engine(self.database_url)) as session:
            return session.exec(select(Article.id).where(Article.url == canonical_url(url))).first() is not None

    def page_pool(self) -> PagePool:
        """The crawl's page workers, shared by all its spiders (processes start with the first page)."""
        if self._pages is None:
            self._pages = PagePool(self.matcher, self.page_workers)
        return self._pages

    def batch_writer(self) -> BatchWriter:
        """The crawl's one writer: all its spiders' items are committed in the order they arrive."""
        if self._writer is None:
            self._writer = BatchWriter(self)
        return self._writer

    def close(self) -> None:
        """Stop the page workers."""
        if self._pages is not None:
            self._pages.close()

    @staticmethod
    def now() -> datetime:
        """The crawl's clock (UTC)."""
        return datetime.now(UTC)


_CONTEXTS: dict[str, CrawlContext] = {}
_REGISTRY_LOCK = threading.Lock()


def register(key: str, context: CrawlContext) -> None:
    """Make a context findable by the crawlers started with HJM_RUN_KEY=key."""
    with _REGISTRY_LOCK:
        _CONTEXTS[key] = context


def unregister(key: str) -> None:
    """Forget a finished crawl's context."""
    with _REGISTRY_LOCK:
        _CONTEXTS.pop(key, None)


def context_for(crawler: Crawler) -> CrawlContext:
    """The crawl's context; a crawler started elsewhere (a worker) gets one built from its settings."""
    key = crawler.settings.get("HJM_RUN_KEY") or "db:" + crawler.settings.get("HJM_DATABASE_URL", "")
    with _REGISTRY_LOCK:
        context = _CONTEXTS.get(key)
        if context is None:
            context = _CONTEXTS[key] = build_context(crawler.settings.get("HJM_DATABASE_URL"),
                                                     page_workers=crawler.settings.getint("HJM_PAGE_WORKERS"))
    return context


def build_context(database_url: str, progress: Callable[[dict[str, Any]], None] | None = None, *,
                  page_workers: int = 0) -> CrawlContext:
    """A context with the watchlist matcher loaded from the database."""
    from tracker.linking import load_matcher

    with Session(get_engine(database_url)) as session:
        matcher = load_matcher(session=session)
    return CrawlContext(database_url=database_url, matcher=matcher, page_workers=page_workers, progress=progress)
