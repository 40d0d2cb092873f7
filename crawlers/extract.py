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
import trafilatura.utils
from dateutil import parser as dateparser
from lxml import etree
from lxml.etree import XPath
from lxml.html import HtmlElement
from parsel.csstranslator import css2xpath
from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, resolve_encoding

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

MAX_LINKS = 50
MIN_TEXT_CHARS = 80  # less than this is a navigation stub or an error page, not an article
_NEVER_TEXT = ("script", "style", "noscript", "template", "svg", "iframe", "nav", "aside", "footer", "menu")
_COMMENT_CONTAINERS = ("div", "section", "details", "ol", "ul")
# A reader-comments box by its id or class: "comments", "commentlist", "post-comments", Disqus; not "commentary".
_COMMENTS = re.compile(r"(?:^|[\s_-])comment(?!ary)|^comol|disqus", re.IGNORECASE)


def _xpaths(*css: str) -> tuple[XPath, ...]:
    return tuple(XPath(css2xpath(selector)) for selector in css)


_TITLE = _xpaths("meta[property='og:title']::attr(content)", "h1::text", "title::text")
_DATE_META = _xpaths(
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
_JSON_LD = XPath("//script[@type='application/ld+json']/text()")
_ARTICLE, _MAIN, _BODY = (XPath(f"//{tag}") for tag in ("article", "main", "body"))
_HREFS = XPath(".//a/@href")
_ARTICLE_INSIDE = XPath("boolean(.//h1 | .//article | .//*[@itemprop='articleBody'])")


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


def _first(tree: HtmlElement, xpaths: tuple[XPath, ...]) -> str | None:
    for xpath in xpaths:
        for value in xpath(tree):
            if str(value).strip():
                return str(value)
    return None


def _parse_title(tree: HtmlElement) -> str | None:
    title = _first(tree, _TITLE)
    return " ".join(title.split()) if title else None


def _json_ld_date(tree: HtmlElement) -> str | None:
    for block in _JSON_LD(tree):
        try:
            data = json.loads(block)
        except ValueError:
            continue
        for node in data if isinstance(data, list) else [data]:
            if isinstance(node, dict) and node.get("datePublished"):
                return str(node["datePublished"])
    return None


def _parse_published(tree: HtmlElement, url: str) -> datetime | None:
    for xpath in _DATE_META:
        for value in xpath(tree):
            found = parse_date(str(value))
            if found is not None:
                return found
    found = parse_date(_json_ld_date(tree))
    if found is not None:
        return found
    # htmldate works on a copy of a tree it is given, so the tree stays whole for the text extraction.
    return parse_date(htmldate.find_date(tree, extensive_search=False, original_date=True, url=url))


def _parse_links(tree: HtmlElement, url: str) -> tuple[str, ...]:
    # Links inside the article body point at the companies it names; navigation links do not.
    scope = next((found[0] for found in (_ARTICLE(tree), _MAIN(tree), _BODY(tree)) if found), tree)
    host = urlsplit(url).hostname
    out: list[str] = []
    for href in _HREFS(scope):
        link = urljoin(url, str(href).strip())
        parts = urlsplit(link)
        if parts.scheme in ("http", "https") and parts.hostname and parts.hostname != host and link not in out:
            out.append(link)
        if len(out) >= MAX_LINKS:
            break
    return tuple(out)


def _is_forum_thread(tree: HtmlElement) -> bool:
    # On a forum thread the "comments" are the posts: leave the page whole (trafilatura keeps them too).
    return any("DiscussionForumPosting" in block for block in _JSON_LD(tree))


def drop_boilerplate(tree: HtmlElement) -> None:
    """Remove, in place, what is never article text: scripts, styles, navigation, asides, footers and reader
    comments. Comments also mention companies ("I heard Acme is hiring"), which would read as signals."""
    if _is_forum_thread(tree):
        return
    etree.strip_elements(tree, *_NEVER_TEXT, with_tail=False)
    doomed = [element for element in tree.iter(*_COMMENT_CONTAINERS)
              if (_COMMENTS.search(element.get("id") or "") or _COMMENTS.search(element.get("class") or ""))
              and _ARTICLE_INSIDE(element) is False]  # a wrapper ("post comments-open") around the article stays
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the tail text, which belongs to the parent


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


def parse_html(text: str) -> HtmlElement | None:
    """The page's tree (trafilatura's parser, which repairs what libxml2 trips on), or None."""
    return trafilatura.utils.load_html(text)


def extract_page(response: TextResponse) -> ExtractedPage:
    """Extract the main text, title, date and outgoing links of an article page (parsed once)."""
    response = redecoded(response)
    tree = parse_html(response.text)
    if tree is None:
        return ExtractedPage(title=None, text=None, published=None, links=())
    title, published = _parse_title(tree), _parse_published(tree, response.url)
    links = _parse_links(tree, response.url)
    # Everything above reads the tree; the text extraction below changes it.
    drop_boilerplate(tree)
    # Metadata comes from the page's own tags above; trafilatura's metadata pass would double the cost.
    document = trafilatura.bare_extraction(tree, url=response.url, with_metadata=False, include_comments=False,
                                           include_tables=False, include_images=False)
    return ExtractedPage(title=title, text=_parse_text(document, title), published=published, links=links)
