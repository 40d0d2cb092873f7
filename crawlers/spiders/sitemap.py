"""News sitemaps and sitemap indexes: only entries newer than the source's last crawl are followed."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from lxml import etree
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.gz import gunzip
from twisted.python.failure import Failure

from crawlers.extract import parse_date
from crawlers.spiders.base import (
    BaseSpider,
    FeedEntry,
    SourceInfo,
    absolute,
    describe_failure,
    refuse_entity_declarations,
)

FIRST_CRAWL_DAYS = 30  # a never-crawled sitemap is read back this far, not to the beginning of time
MAX_CHILD_SITEMAPS = 50


class MalformedSitemap(ValueError):
    """The response is not a sitemap that could be read."""


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def sitemap_root(body: bytes, *, max_size: int) -> etree._Element:
    """The root element of a (possibly gzipped) sitemap, parsed without entities or network."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=max_size)
        except (OSError, EOFError, zlib.error) as exc:
            raise MalformedSitemap(f"malformed gzip sitemap: {exc}") from exc
    refuse_entity_declarations(body)
    parser = etree.XMLParser(recover=True, remove_comments=True, resolve_entities=False, no_network=True,
                             huge_tree=False)
    root = etree.fromstring(body, parser=parser) if body.strip() else None
    if root is None or _local(root.tag) not in ("urlset", "sitemapindex"):
        raise MalformedSitemap("malformed sitemap: no <urlset> or <sitemapindex> root")
    return root


def _child(node: etree._Element, name: str) -> etree._Element | None:
    return next((el for el in node.iter() if _local(el.tag) == name), None)


def _text(node: etree._Element | None) -> str | None:
    return node.text.strip() if node is not None and node.text and node.text.strip() else None


def _parse_loc(node: etree._Element, base: str) -> str | None:
    return absolute(base, _text(_child(node, "loc")))


def _parse_published(node: etree._Element) -> datetime | None:
    return parse_date(_text(_child(node, "publication_date"))) or parse_date(_text(_child(node, "lastmod")))


def _parse_title(node: etree._Element) -> str | None:
    title = _text(_child(node, "title"))
    return " ".join(title.split()) if title else None


def sitemap_entries(root: etree._Element, *, base: str, since: datetime) -> tuple[list[str], list[FeedEntry]]:
    """(child sitemaps, article entries) newer than `since`; undated ones are kept."""
    children, entries = [], []
    for node in root:
        name = _local(node.tag)
        loc = _parse_loc(node, base)
        if loc is None or name not in ("sitemap", "url"):
            continue
        when = _parse_published(node)
        if when is not None and when <= since:
            continue
        if name == "sitemap":
            children.append(loc)
        else:
            entries.append(FeedEntry(url=loc, title=_parse_title(node) or "", published=when))
    return children[:MAX_CHILD_SITEMAPS], entries


class SitemapSpider(BaseSpider):
    """A sitemap (or index) per source; new entries' pages are fetched and extracted."""

    name = "sitemap"

    def _since(self, source: SourceInfo) -> datetime:
        return source.last_success_at or self.context.now() - timedelta(days=FIRST_CRAWL_DAYS)

    def parse_source(self, response: Response, source: SourceInfo) -> Iterator[Any]:
        """Read the sitemap: follow child sitemaps and new article entries."""
        yield from self._entries(response, source)

    def _entries(self, response: Response, source: SourceInfo) -> Iterator[Any]:
        root = sitemap_root(response.body, max_size=self.settings.getint("DOWNLOAD_MAXSIZE"))
        children, entries = sitemap_entries(root, base=response.url, since=self._since(source))
        for url in children:
            self.pending(source).count += 1
            yield Request(url, callback=self.parse_child, errback=self.child_failed, dont_filter=True,
                          meta={"source": source})
        for entry in entries:
            yield from self.article_request(entry, source)

    def parse_child(self, response: Response) -> Iterator[Any]:
        """A child sitemap of an index."""
        source: SourceInfo = response.meta["source"]
        try:
            yield from list(self._entries(response, source))
        except Exception as exc:  # noqa: BLE001 - one bad child sitemap must not lose the others
            self.context.error(f"{response.url}: {exc.__class__.__name__}: {exc}")
        yield from self._child_done(source)

    def child_failed(self, failure: Failure) -> Iterator[Any]:
        """A child sitemap could not be fetched."""
        source: SourceInfo = failure.request.meta["source"]
        self.context.error(f"{failure.request.url}: {describe_failure(failure)}")
        yield from self._child_done(source)
