"""Hands each item to tracker: pages are prepared in page workers, then stored in small batched transactions.

A source's outcome (with its new ETag and Last-Modified) is written only after every article it led to is
committed, so a crawl killed at any moment loses nothing: what was not committed is fetched again next time.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from sqlmodel import Session

from crawlers.batch_writer import ArticleWrite
from crawlers.context import CrawlContext, context_for
from crawlers.items import ArticleItem, PageItem, SourceStatus
from tracker.sources import record_failure, record_success

logger = logging.getLogger(__name__)


class StorePipeline:
    """Articles are prepared by the crawl's page workers and stored by tracker.ingest; source outcomes by
    tracker.sources."""

    def __init__(self, crawler: Crawler, context: CrawlContext) -> None:
        self.crawler = crawler
        self.context = context
        self.writer = context.batch_writer()
        self._in_flight: dict[int, set[asyncio.Future[None]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        """Attach to the crawl's context and count every response as a page."""
        pipeline = cls(crawler, context_for(crawler))
        crawler.signals.connect(pipeline.response_received, signal=signals.response_received)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        return pipeline

    def response_received(self, request: Any = None, **_: Any) -> None:
        """One more page fetched (robots.txt files are manners, not pages)."""
        if request is None or not request.meta.get("dont_obey_robotstxt"):
            self.context.bump(pages=1)

    def spider_closed(self, reason: str, **_: Any) -> None:
        """Remember why each spider stopped (a shutdown means the crawl was interrupted)."""
        self.context.close_reasons.append(reason)

    async def close_spider(self) -> None:
        """Commit what is still queued (the writer is the crawl's, shared by its spiders)."""
        self.writer.flush()

    async def process_item(self, item: Any) -> Any:
        """Store an article or a source's outcome; other items pass through to later pipelines."""
        if isinstance(item, (PageItem, ArticleItem)):
            done = asyncio.get_running_loop().create_future()
            waiting = self._in_flight.setdefault(item.source, set())
            waiting.add(done)
            try:
                await self._article(item)
            finally:
                waiting.discard(done)
                done.set_result(None)
        elif isinstance(item, SourceStatus):
            # The source's new validators must not be committed before the articles they stand for.
            pending = list(self._in_flight.get(item.source, ()))
            if pending:
                await asyncio.gather(*pending)
            await self.writer.write(lambda session: self._store_status(session, item))
        return item

    async def _article(self, item: PageItem | ArticleItem) -> None:
        outcome = await self.context.page_pool().prepare(item)
        if outcome.warning:
            logger.warning("%s", outcome.warning)
        if outcome.error:
            self.context.error(outcome.error)
        if outcome.prepared is not None:
            await self.writer.write(ArticleWrite(outcome.prepared, item.source))

    def _store_status(self, session: Session, item: SourceStatus) -> dict[str, int]:
        now = self.context.now()
        if item.ok:
            record_success(session=session, source_id=item.source, now=now, etag=item.etag,
                           last_modified=item.last_modified, warning=item.warning)
            return {"sources_done": 1, "not_modified": int(item.not_modified)}
        record_failure(session=session, source_id=item.source, error=item.error or "failed", now=now)
        return {"sources_done": 1}

