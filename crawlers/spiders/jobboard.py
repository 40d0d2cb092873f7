"""What the four job-board spiders share: one request per board, the whole board as one snapshot item."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from scrapy.http import Request, Response

from crawlers.board_items import JobBoardItem
from crawlers.spiders.base import BaseSpider, SourceInfo
from tracker.config import Settings
from tracker.jobs import RawPosting

DEFAULT_MAX_BYTES = Settings.__dataclass_fields__["job_board_max_bytes"].default


class JobBoardSpider(BaseSpider):
    """A board API per source; subclasses set `name` and `parse_postings`."""

    name = "jobboard"
    parse_postings: Callable[[bytes], list[RawPosting]]

    def source_request(self, source: SourceInfo, url: str | None = None, *, conditional: bool = True,
                       callback: Any = None) -> Request:
        """The board's API request; whole boards with descriptions may exceed the page size cap."""
        request = super().source_request(source, url, conditional=conditional, callback=callback)
        limit = self.settings.getint("HJM_JOB_BOARD_MAX_BYTES", DEFAULT_MAX_BYTES)
        request.meta["download_maxsize"] = max(limit, self.settings.getint("DOWNLOAD_MAXSIZE", 0))
        return request

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """A 304 still means every role is open now: record it as a snapshot of the unchanged board."""
        if response.status == 304:
            yield JobBoardItem(source=response.meta["source"].id, fetched_at=self.context.now(), unchanged=True)
        yield from super().parse(response, **kwargs)

    def parse_source(self, response: Response, source: SourceInfo) -> Iterator[Any]:
        """The whole board as one item (an unparseable board fails the source, see BaseSpider.parse)."""
        postings = type(self).parse_postings(response.body)
        self.pending(source).entries = len(postings)
        yield JobBoardItem(source=source.id, fetched_at=self.context.now(), postings=tuple(postings))
