"""RSS 0.9x/1.0/2.0, Atom and JSON Feed: parse the bytes, follow each item to its article page."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import feedparser
from scrapy.http import Response
from w3lib.html import remove_tags, replace_entities

from crawlers.extract import parse_date
from crawlers.spiders.base import BaseSpider, FeedEntry, SourceInfo, absolute, refuse_entity_declarations

MAX_SUMMARY_CHARS = 5000


class MalformedFeed(ValueError):
    """The response is not a feed that could be read."""


def parse_feed(body: bytes, *, url: str, content_type: str = "") -> feedparser.FeedParserDict:
    """Parse feed bytes (feedparser sniffs the encoding rather than trusting the declared one)."""
    refuse_entity_declarations(body)
    # A BytesIO, never bytes or str: feedparser treats a str as a URL or a file name to open.
    return feedparser.parse(io.BytesIO(body), response_headers={"content-type": content_type or "",
                                                                "content-location": url})


def _problem(parsed: feedparser.FeedParserDict) -> str | None:
    # An encoding override or an odd Content-Type is feedparser doing its job, not a fault of the feed.
    exc = parsed.get("bozo_exception")
    if not parsed.bozo or isinstance(exc, feedparser.CharacterEncodingOverride | feedparser.NonXMLContentType):
        return None
    return str(exc) or exc.__class__.__name__


def _parse_url(entry: Any, base: str) -> str | None:
    for candidate in (entry.get("link"), *(link.get("href") for link in entry.get("links", [])),
                      entry.get("id")):
        url = absolute(base, candidate)
        if url:
            return url
    return None


def _parse_title(entry: Any) -> str | None:
    title = entry.get("title")
    return " ".join(replace_entities(remove_tags(title)).split()) if title else None


def _parse_summary(entry: Any) -> str | None:
    summary = entry.get("summary") or next((c.get("value") for c in entry.get("content", [])), None)
    if not summary:
        return None
    text = " ".join(replace_entities(remove_tags(summary)).split())
    return text[:MAX_SUMMARY_CHARS] or None


def _parse_published(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                return datetime(*parsed[:6], tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def feed_entries(parsed: feedparser.FeedParserDict, *, base: str) -> list[FeedEntry]:
    """The entries of a parsed feed that have a usable link."""
    out = []
    for entry in parsed.entries:
        url = _parse_url(entry, base)
        if url is None:
            continue
        out.append(FeedEntry(url=url, title=_parse_title(entry) or "", summary=_parse_summary(entry) or "",
                             published=_parse_published(entry)))
    return out


def _is_json(body: bytes, content_type: str) -> bool:
    return "json" in content_type.lower() or body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def json_feed_entries(body: bytes, *, base: str) -> list[FeedEntry]:
    """The items of a JSON Feed (jsonfeed.org 1.0/1.1), which feedparser does not read."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise MalformedFeed(f"malformed JSON feed: {exc}") from exc
    if not isinstance(data, dict) or "jsonfeed.org" not in str(data.get("version", "")):
        raise MalformedFeed("malformed JSON feed: no jsonfeed.org version")
    out = []
    for item in data.get("items") or []:
        if not isinstance(item, dict):
            continue
        url = absolute(base, item.get("url") or item.get("external_url"))
        if url is None:
            continue
        title = _parse_title({"title": item.get("title")}) or ""
        summary = _parse_summary({"summary": item.get("summary") or item.get("content_text")
                                  or item.get("content_html")}) or ""
        published = parse_date(str(item.get("date_published") or item.get("date_modified") or ""))
        out.append(FeedEntry(url=url, title=title, summary=summary, published=published))
    return out


@dataclass(frozen=True)
class Feed:
    """A feed's usable entries, and what was wrong with it when it had to be read leniently."""

    entries: list[FeedEntry]
    warning: str | None = None


def read_feed(body: bytes, *, url: str, content_type: str = "") -> Feed:
    """The entries of any feed format, from its bytes; MalformedFeed when nothing usable is in it."""
    if _is_json(body, content_type):
        return Feed(json_feed_entries(body, base=url))
    parsed = parse_feed(body, url=url, content_type=content_type)
    entries, problem = feed_entries(parsed, base=url), _problem(parsed)
    if problem and not entries:
        raise MalformedFeed(f"malformed feed: {problem}")
    if not entries and not parsed.get("version"):
        raise MalformedFeed("malformed feed: no RSS, Atom or JSON feed found")
    # Stray ampersands and the like are common; what could be read is kept, and the fault noted.
    return Feed(entries, f"malformed XML read leniently: {problem}" if problem else None)


class RssSpider(BaseSpider):
    """A feed per source; each item's page is fetched and extracted (or the item kept feed-only)."""

    name = "rss"

    def parse_source(self, response: Response, source: SourceInfo) -> Iterator[Any]:
        """Read the feed and follow its entries."""
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        feed = read_feed(response.body, url=response.url, content_type=content_type)
        self.pending(source).warning = feed.warning
        for entry in feed.entries:
            yield from self.article_request(entry, source)
