"""Main text, title, publication date and outgoing links of an article page (trafilatura, htmldate)."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import htmldate
import trafilatura
from dateutil import parser as dateparser
from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, resolve_encoding

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

MAX_LINKS = 50
MIN_TEXT_CHARS = 80  # less than this is a navigation stub or an error page, not an article
_DATE_META = (
    "meta[property='article:published_time']::attr(content)",
    "meta[property='og:published_time']::attr(content)",
    "meta[name='pubdate']::attr(content)",
    "meta[name='publish-date']::attr(content)",
    "meta[name='date']::attr(content)",
    "meta[itemprop='datePublished']::attr(content)",
    "[itemprop='datePublished']::attr(datetime)",
    "article time[datetime]::attr(datetime)",
    "time[datetime]::attr(datetime)",
)


@dataclass(frozen=True)
class ExtractedPage:
    """What an article page says, as raw facts."""

    title: str | None
    text: str | None
    published: datetime | None
    links: tuple[str, ...]


def parse_date(value: str | None) -> datetime | None:
    """A date or timestamp in any common format, as UTC (naive values taken as UTC), or None."""
    if not value or not value.strip():
        return None
    try:
        parsed = dateparser.parse(value.strip())
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _parse_title(response: TextResponse, document: object | None) -> str | None:
    title = getattr(document, "title", None)
    if not title:
        title = (response.css("meta[property='og:title']::attr(content)").get()
                 or response.css("h1::text").get() or response.css("title::text").get())
    return " ".join(title.split()) if title and title.strip() else None


# A dateline right after a repeated headline: "14 November 2026", "Nov. 14, 2026", "2026-11-14".
_DATELINE = re.compile(
    r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}\s+[a-z]{3,9}\.?,?\s+\d{4}|[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})\b[\s:|,.–—-]*",
    re.IGNORECASE,
)


def without_headline(text: str, title: str | None) -> str:
    """The body without the headline (and dateline) that short pages repeat at its start, so the first
    sentence is the article's own and not 'Headline 14 November 2026 Acme said...'."""
    head = " ".join((title or "").split())
    if not head or not text.startswith(head):
        return text
    rest = _DATELINE.sub("", text[len(head):].lstrip(" \t\r\n:|–—-"), count=1).lstrip()
    return rest if len(rest) >= MIN_TEXT_CHARS else text


def _parse_text(document: object | None, title: str | None = None) -> str | None:
    text = without_headline((getattr(document, "text", None) or "").strip(), title)
    return text if len(text) >= MIN_TEXT_CHARS else None


def _json_ld_date(response: TextResponse) -> str | None:
    for block in response.css("script[type='application/ld+json']::text").getall():
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict) and node.get("datePublished"):
                return str(node["datePublished"])
    return None


def _parse_published(response: TextResponse) -> datetime | None:
    for selector in _DATE_META:
        found = parse_date(response.css(selector).get())
        if found is not None:
            return found
    found = parse_date(_json_ld_date(response))
    if found is not None:
        return found
    day = htmldate.find_date(response.text, extensive_search=False, original_date=True, url=response.url)
    return parse_date(day)


def _parse_links(response: TextResponse) -> tuple[str, ...]:
    # Links inside the article body point at the companies it names; navigation links do not.
    scope = response.css("article") or response.css("main") or response.css("body")
    host = urlsplit(response.url).hostname
    out: list[str] = []
    for href in scope.css("a::attr(href)").getall():
        url = urljoin(response.url, href.strip())
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname and parts.hostname != host and url not in out:
            out.append(url)
        if len(out) >= MAX_LINKS:
            break
    return tuple(out)


def _garbled(text: str) -> int:
    return text.count("\ufffd")


def redecoded(response: TextResponse) -> TextResponse:
    """The response decoded right: when the declared encoding garbles it, the body's own or a detected one."""
    if _garbled(response.text) <= 3:
        return response
    best = charset_normalizer.from_bytes(response.body[:200_000]).best()
    for name in (html_body_declared_encoding(response.body), best.encoding if best else None, "cp1252"):
        encoding = resolve_encoding(name) if name else None
        if not encoding:
            continue
        try:
            candidate = response.replace(encoding=encoding)
            if _garbled(candidate.text) < _garbled(response.text):
                return candidate
        except (LookupError, UnicodeError):
            continue
    return response


def extract_page(response: TextResponse) -> ExtractedPage:
    """Extract the main text, title, date and outgoing links of an article page."""
    response = redecoded(response)
    # Metadata comes from the page's own tags below; trafilatura's metadata pass would double the cost.
    document = trafilatura.bare_extraction(
        response.text, url=response.url, with_metadata=False, include_comments=False, include_tables=False,
        include_images=False,
    )
    title = _parse_title(response, document)
    return ExtractedPage(title=title, text=_parse_text(document, title),
                         published=_parse_published(response), links=_parse_links(response))
