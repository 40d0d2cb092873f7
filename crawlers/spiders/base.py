"""What every spider shares: its sources, conditional requests, article pages, and each source's outcome."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Request, Response, TextResponse
from twisted.python.failure import Failure

from crawlers.context import CrawlContext, context_for
from crawlers.items import ArticleItem, PageItem, SourceStatus
from tracker.ingest import canonical_url

MAX_ARTICLES_PER_SOURCE = 200  # one crawl of one source never fans out further than this


@dataclass(frozen=True)
class SourceInfo:
    """What a spider needs to know about a source (plain data, no database session)."""

    id: int
    url: str
    kind: str
    company: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_success_at: datetime | None = None

    @classmethod
    def from_source(cls, source: Any, company: str | None = None) -> SourceInfo:
        """From a tracker.models.Source row."""
        last = source.last_success_at
        if last is not None and last.tzinfo is None:
            last = last.replace(tzinfo=UTC)
        return cls(id=source.id, url=source.url, kind=source.kind, company=company, etag=source.etag,
                   last_modified=source.last_modified, last_success_at=last)


@dataclass(frozen=True)
class FeedEntry:
    """What a listing (feed, sitemap, newsroom page) said about one article: the fallback if the page fails."""

    url: str
    title: str = ""
    summary: str = ""
    published: datetime | None = None


@dataclass
class _Pending:
    """Article pages still in flight for a source; its validators are saved only when all are done."""

    count: int = 0
    etag: str | None = None
    last_modified: str | None = None
    entries: int = 0
    warning: str | None = None
    done: bool = field(default=False)


def describe_failure(failure: Failure) -> str:
    """One line for a failed request: the HTTP status, or the exception's name and message."""
    exc = failure.value
    response = getattr(exc, "response", None)
    if response is not None and getattr(response, "status", None):
        return f"HTTP {response.status} at {response.url}"
    text = str(exc).strip() or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}"[:500]


class BaseSpider(scrapy.Spider):
    """A spider over a list of sources of one kind; subclasses implement parse_source."""

    name = "base"

    def __init__(self, sources: Sequence[SourceInfo] = (), **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sources = list(sources)
        self._pending: dict[int, _Pending] = {}
        self._requested: set[str] = set()

    @property
    def context(self) -> CrawlContext:
        """The crawl's shared context."""
        return context_for(self.crawler)

    async def start(self) -> AsyncIterator[Request]:
        """One conditional request per source."""
        self.context.bump(sources=len(self.sources))
        for source in self.sources:
            yield self.source_request(source)

    # --- sources ---------------------------------------------------------------------------------

    def source_request(self, source: SourceInfo, url: str | None = None, *, conditional: bool = True,
                       callback: Any = None) -> Request:
        """A request for a source's listing, with If-None-Match / If-Modified-Since when known."""
        headers = {}
        if conditional and source.etag:
            headers["If-None-Match"] = source.etag
        if conditional and source.last_modified:
            headers["If-Modified-Since"] = source.last_modified
        return Request(url or source.url, headers=headers, callback=callback or self.parse,
                       errback=self.source_failed, dont_filter=True,
                       meta={"source": source, "handle_httpstatus_list": [304]})

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """A source answered: 304 means nothing new; otherwise parse it and follow its articles."""
        source: SourceInfo = response.meta["source"]
        if response.status == 304:
            yield SourceStatus(source=source.id, ok=True, not_modified=True, etag=source.etag,
                               last_modified=source.last_modified)
            return
        pending = self.pending(source)
        pending.etag = _header(response, "ETag")
        pending.last_modified = _header(response, "Last-Modified")
        try:
            # Listing first, then requests: a malformed listing fails the source before anything is sent.
            results = list(self.parse_source(response, source))
        except Exception as exc:  # noqa: BLE001 - any parse failure is this source's failure, not the crawl's
            yield self.fail_source(source, f"{exc.__class__.__name__}: {exc}")
            return
        yield from results
        yield from self._maybe_done(source)

    def parse_source(self, response: Response, source: SourceInfo) -> Iterator[Any]:
        """Yield article requests (via article_request) and items for one source response."""
        raise NotImplementedError

    def source_failed(self, failure: Failure) -> Iterator[SourceStatus]:
        """The source itself could not be fetched: record the error against it."""
        source: SourceInfo = failure.request.meta["source"]
        yield self.fail_source(source, describe_failure(failure))

    def fail_source(self, source: SourceInfo, error: str) -> SourceStatus:
        """The failure status of a source (counted as an error of the crawl)."""
        self._pending.pop(source.id, None)
        self.context.error(f"{source.url}: {error}")
        return SourceStatus(source=source.id, ok=False, error=error)

    def pending(self, source: SourceInfo) -> _Pending:
        """The bookkeeping of a source's requests still in flight."""
        return self._pending.setdefault(source.id, _Pending())

    def _maybe_done(self, source: SourceInfo) -> Iterator[SourceStatus]:
        pending = self._pending.get(source.id)
        if pending is not None and pending.count <= 0 and not pending.done:
            pending.done = True
            self._pending.pop(source.id, None)
            yield SourceStatus(source=source.id, ok=True, etag=pending.etag, last_modified=pending.last_modified,
                               entries=pending.entries, warning=pending.warning)

    # --- articles --------------------------------------------------------------------------------

    def article_request(self, entry: FeedEntry, source: SourceInfo) -> Iterator[Any]:
        """Follow an entry to its page unless already stored, already requested, or past the per-source cap."""
        pending = self.pending(source)
        pending.entries += 1
        key = canonical_url(entry.url)
        if pending.entries > MAX_ARTICLES_PER_SOURCE or key in self._requested or self.context.is_stored(entry.url):
            return
        self._requested.add(key)
        pending.count += 1
        yield Request(entry.url, callback=self.parse_article, errback=self.article_failed, dont_filter=True,
                      meta={"source": source, "entry": entry})

    def feed_only_entry(self, entry: FeedEntry, source: SourceInfo) -> Iterator[Any]:
        """Store an entry from the listing alone (its page is deliberately not fetched)."""
        pending = self.pending(source)
        pending.entries += 1
        key = canonical_url(entry.url)
        if key in self._requested or self.context.is_stored(entry.url) or not (entry.title or entry.summary):
            return
        self._requested.add(key)
        yield self.feed_item(entry, source)

    def parse_article(self, response: Response) -> Iterator[Any]:
        """An article page: handed on as fetched (a page worker extracts it; without text it falls back to the
        listing's entry); a response that is not text is the listing's entry at once."""
        source: SourceInfo = response.meta["source"]
        entry: FeedEntry = response.meta["entry"]
        if isinstance(response, TextResponse):
            content_type = response.headers.get("Content-Type")
            yield PageItem(url=entry.url, page_url=response.url, body=response.body,
                           content_type=content_type.decode("latin-1") if content_type else None,
                           response_class=type(response), fetched_at=self.context.now(), source=source.id,
                           source_url=source.url, entry_title=entry.title, entry_summary=entry.summary,
                           entry_published=entry.published)
        elif entry.title or entry.summary:
            yield self.feed_item(entry, source)
        yield from self._child_done(source)

    def article_failed(self, failure: Failure) -> Iterator[Any]:
        """The page could not be had (error, robots.txt, refused host): store the feed's own facts."""
        source: SourceInfo = failure.request.meta["source"]
        entry: FeedEntry = failure.request.meta["entry"]
        self.context.error(f"{entry.url}: {describe_failure(failure)}")
        if entry.title or entry.summary:
            yield self.feed_item(entry, source)
        yield from self._child_done(source)

    def _child_done(self, source: SourceInfo) -> Iterator[SourceStatus]:
        pending = self._pending.get(source.id)
        if pending is not None:
            pending.count -= 1
        yield from self._maybe_done(source)

    def feed_item(self, entry: FeedEntry, source: SourceInfo) -> ArticleItem:
        """An item from the listing's own title and summary (feed_only)."""
        return ArticleItem(url=entry.url, fetched_at=self.context.now(), title=entry.title,
                           text=entry.summary, summary=entry.summary, source=source.id,
                           published=entry.published, source_url=source.url, feed_only=True)


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _fetchable(url: str) -> bool:
    return urlsplit(url).scheme in ("http", "https")


def absolute(base: str, href: str | None) -> str | None:
    """An absolute http(s) URL for a link, without its fragment, or None."""
    if not href or not href.strip():
        return None
    url = urljoin(base, href.strip()).split("#", 1)[0]
    return url if _fetchable(url) else None


class UnsafeDocument(ValueError):
    """A listing that declares XML entities (an entity-expansion attack, never a real feed)."""


def refuse_entity_declarations(body: bytes) -> None:
    """Raise UnsafeDocument when an XML body declares entities in its DOCTYPE."""
    head = body[:65536]
    if b"<!ENTITY" in head or b"<!entity" in head:
        raise UnsafeDocument("refused: the document declares XML entities (possible entity-expansion bomb)")
