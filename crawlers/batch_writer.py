"""Store work in shared transactions: many items per commit, in the order they arrive, each stored once.

Articles queued one after another are stored together by tracker.ingest_batch (a few statements for the lot);
other work (a source's outcome, a job board's snapshot) is a function of the session, run in its place."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from tracker.db import get_engine
from tracker.ingest import IngestResult, PreparedArticle, store_article
from tracker.ingest_batch import store_articles

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ArticleWrite:
    """An article to store, from a source."""

    prepared: PreparedArticle
    source_id: int | None


Work = Callable[[Session], dict[str, int]] | ArticleWrite
Result = dict[str, int] | BaseException
BATCH_ITEMS = 16  # items per transaction at most
BATCH_SECONDS = 0.05  # and no item waits longer than this for its commit


class BatchWriter:
    """Runs store work in shared transactions: up to BATCH_ITEMS items, or what BATCH_SECONDS gathered.

    A batch that fails (another worker stored the same URL first, a lock) is rolled back and redone one item per
    transaction, so each item is still stored exactly once."""

    def __init__(self, context: Any, *, max_items: int = BATCH_ITEMS, max_seconds: float = BATCH_SECONDS) -> None:
        self.context = context  # a CrawlContext: database_url, bump(), error(), now()
        self.max_items, self.max_seconds = max_items, max_seconds
        self._batch: list[tuple[Work, asyncio.Future[None]]] = []
        self._timer: asyncio.TimerHandle | None = None

    async def write(self, work: Work) -> None:
        """Queue the work; returns once it is committed (or has failed and been recorded)."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._batch.append((work, done))
        if len(self._batch) >= self.max_items:
            self.flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.max_seconds, self.flush)
        await done

    def flush(self) -> None:
        """Commit everything queued, now."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._batch = self._batch, []
        if not batch:
            return
        counts = self._run_together([work for work, _ in batch])
        if counts is None:
            counts = [self._run_alone(work) for work, _ in batch]
        for (_, done), result in zip(batch, counts, strict=True):
            if done.done():  # its writer was cancelled (a shutdown); the work itself is committed
                continue
            if isinstance(result, BaseException):
                done.set_exception(result)  # an unexpected error: Scrapy logs it against that item alone
                continue
            if result:
                self.context.bump(**result)
            done.set_result(None)

    def _session(self) -> Session:
        return Session(get_engine(self.context.database_url), expire_on_commit=False)

    def _run_together(self, works: list[Work]) -> list[Result] | None:
        with self._session() as session:
            try:
                results: list[Result] = []
                articles: list[ArticleWrite] = []
                for work in [*works, None]:  # None: the end, where the last run of articles is stored
                    if isinstance(work, ArticleWrite):
                        articles.append(work)
                        continue
                    if articles:
                        results += self._store_articles(session, articles)
                        articles = []
                    if work is not None:
                        results.append(work(session))
                session.commit()
            except Exception:  # noqa: BLE001 - any failure: redo item by item, where it is told apart
                session.rollback()
                return None
        return results

    def _store_articles(self, session: Session, articles: Sequence[ArticleWrite]) -> list[Result]:
        stored = store_articles(session=session, entries=[(a.prepared, a.source_id) for a in articles],
                                now=self.context.now())
        return [_article_counts(a.prepared, result) for a, result in zip(articles, stored, strict=True)]

    def _run_one(self, session: Session, work: Work) -> dict[str, int]:
        if isinstance(work, ArticleWrite):
            result = store_article(session=session, prepared=work.prepared, now=self.context.now(),
                                   source_id=work.source_id)
            return _article_counts(work.prepared, result)
        return work(session)

    def _run_alone(self, work: Work) -> Result:
        # A concurrent writer (another worker) may insert the same URL or signal first; the retry then finds the
        # stored row and does nothing.
        for attempt in (1, 2):
            with self._session() as session:
                try:
                    counts = self._run_one(session, work)
                    session.commit()
                except (IntegrityError, OperationalError) as exc:
                    session.rollback()
                    if attempt == 2:
                        self.context.error(f"database: {exc.__class__.__name__}: {str(exc).splitlines()[0]}")
                        logger.error("could not store item: %s", exc)
                    continue
                except Exception as exc:  # noqa: BLE001 - handed to Scrapy for this item
                    session.rollback()
                    return exc
            return counts
        return {}


def _article_counts(prepared: PreparedArticle, result: IngestResult) -> dict[str, int]:
    return {"new_articles": int(result.new_article), "new_signals": result.new_signals,
            "feed_only": int(result.new_article and prepared.raw.feed_only)}
