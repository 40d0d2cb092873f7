"""Items: raw facts only (what a page or feed said, and how a source's fetch went)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class ArticleItem:
    """An article as found: from its page, or from the feed alone when the page could not be had."""

    url: str
    fetched_at: datetime
    title: str
    text: str
    source: int  # Source.id
    published: datetime | None = None
    summary: str = ""
    source_url: str | None = None
    feed_only: bool = False
    links: tuple[str, ...] = ()


@dataclass
class PageItem:
    """An article page as fetched, with its listing entry (the fallback); extracted later, in a page worker."""

    url: str  # the listing's URL for the article (what is stored)
    page_url: str  # where the page was fetched from (after redirects)
    body: bytes
    content_type: str | None
    response_class: type  # the Scrapy response class the page came as (it decides how the body is decoded)
    fetched_at: datetime
    source: int  # Source.id
    source_url: str | None = None
    entry_title: str = ""
    entry_summary: str = ""
    entry_published: datetime | None = None


@dataclass
class SourceStatus:
    """The outcome of crawling one source: success (with new validators) or an error."""

    source: int  # Source.id
    ok: bool
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False
    entries: int = 0  # entries the source listed this time
    warning: str | None = None  # read, but something was wrong with it (kept as the source's last error)
