"""Hands job-board snapshots to tracker.jobs and filings to tracker.filings, through StorePipeline's batches."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from sqlmodel import Session

from crawlers.board_items import FilingItem, JobBoardItem
from crawlers.context import context_for
from crawlers.pipelines import StorePipeline
from tracker.filings import ingest_filing
from tracker.jobs import ingest_job_snapshot, ingest_unchanged_board


class BoardStorePipeline(StorePipeline):
    """Runs after StorePipeline; reuses its batched transactions (with retry), but counts no pages itself."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BoardStorePipeline:
        """Attach to the crawl's context (StorePipeline already counts pages and close reasons)."""
        return cls(crawler, context_for(crawler))

    async def process_item(self, item: Any) -> Any:
        """Store a job-board snapshot or a filing; other items pass through."""
        if isinstance(item, JobBoardItem):
            await self.writer.write(lambda session: self._store_board(session, item))
        elif isinstance(item, FilingItem):
            await self.writer.write(lambda session: self._store_filing(session, item))
        return item

    def _store_board(self, session: Session, item: JobBoardItem) -> dict[str, int]:
        if item.unchanged:
            result = ingest_unchanged_board(session=session, source_id=item.source, now=item.fetched_at)
        else:
            result = ingest_job_snapshot(session=session, source_id=item.source, postings=item.postings,
                                         now=item.fetched_at)
        return {"new_signals": result.new_signals, "new_job_postings": result.new_postings,
                "job_snapshots": 1}

    def _store_filing(self, session: Session, item: FilingItem) -> dict[str, int]:
        new = ingest_filing(session=session, source_id=item.source, filing=item.filing, now=item.fetched_at)
        return {"new_signals": new, "filings": 1}
