"""Hands each item to tracker, one transaction per item: a killed crawl loses nothing already stored."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from crawlers.context import CrawlContext, context_for
from crawlers.items import ArticleItem, SourceStatus
from tracker.db import get_engine
from tracker.ingest import RawArticle, ingest_article
from tracker.sources import record_failure, record_success

logger = logging.getLogger(__name__)


def to_raw(item: ArticleItem) -> RawArticle:
    """The tracker's view of a crawled article."""
    return RawArticle(url=item.url, title=item.title, text=item.text, source_url=item.source_url,
                      published=item.published, summary=item.summary, fetched_at=item.fetched_at,
                      feed_only=item.feed_only, links=tuple(item.links))


class StorePipeline:
    """Articles go to tracker.ingest.ingest_article, source outcomes to tracker.sources; commit per item."""

    def __init__(self, crawler: Crawler, context: CrawlContext) -> None:
        self.crawler = crawler
        self.context = context

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

    def process_item(self, item: Any) -> Any:
        """Store an article or a source's outcome; other items pass through to later pipelines."""
        if isinstance(item, ArticleItem):
            self._store_with_retry(lambda session: self._store_article(session, item))
        elif isinstance(item, SourceStatus):
            self._store_with_retry(lambda session: self._store_status(session, item))
        return item

    def _store_with_retry(self, work: Callable[[Session], dict[str, int]]) -> None:
        # A concurrent writer (another worker) may insert the same URL or signal first; the retry
        # then finds the stored row and does nothing, so the item is stored exactly once.
        for attempt in (1, 2):
            with Session(get_engine(self.context.database_url), expire_on_commit=False) as session:
                try:
                    counts = work(session)
                    session.commit()
                except (IntegrityError, OperationalError) as exc:
                    session.rollback()
                    if attempt == 2:
                        self.context.error(f"database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
                        logger.error("could not store item: %s", exc)
                    continue
            self.context.bump(**counts)
            return

    def _store_article(self, session: Session, item: ArticleItem) -> dict[str, int]:
        result = ingest_article(session=session, raw=to_raw(item), matcher=self.context.matcher,
                                now=self.context.now(), source_id=item.source)
        return {"new_articles": int(result.new_article), "new_signals": result.new_signals,
                "feed_only": int(result.new_article and item.feed_only)}

    def _store_status(self, session: Session, item: SourceStatus) -> dict[str, int]:
        now = self.context.now()
        if item.ok:
            record_success(session=session, source_id=item.source, now=now, etag=item.etag,
                           last_modified=item.last_modified, warning=item.warning)
            return {"sources_done": 1, "not_modified": int(item.not_modified)}
        record_failure(session=session, source_id=item.source, error=item.error or "failed", now=now)
        return {"sources_done": 1}
