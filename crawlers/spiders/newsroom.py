"""A company's press or news page without a feed: find article links, follow them, extract text and date."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from scrapy.http import Response, TextResponse

from crawlers.spiders.base import BaseSpider, FeedEntry, SourceInfo, absolute

MAX_LINKS = 60
# Containers that hold a listing's articles, by tag or by class/id words.
_CONTAINER_WORDS = re.compile(r"news|press|post|article|story|release|media|blog|entry|card|item", re.I)
# Paths that are navigation, not articles.
_NOT_ARTICLE = re.compile(r"/(tag|tags|category|categories|author|page|search|login|signup|contact|about|"
                          r"privacy|terms|careers|jobs|feed|rss)(/|$)|\.(pdf|jpg|jpeg|png|gif|zip|mp4|xml)$", re.I)


def _parse_title(anchor: Tag) -> str | None:
    text = " ".join(anchor.get_text(" ").split())
    return text if len(text) >= 12 else None  # "Read more" is not a title


def _is_article_link(url: str, listing: str) -> bool:
    target, base = urlsplit(url), urlsplit(listing)
    if target.hostname != base.hostname or _NOT_ARTICLE.search(target.path):
        return False
    path = target.path.rstrip("/")
    if path in ("", base.path.rstrip("/")):
        return False
    # An article sits below the listing (/news/x) or has a slug (words-joined-by-hyphens) or a date.
    under_listing = base.path.rstrip("/") and path.startswith(base.path.rstrip("/") + "/")
    slug = path.rsplit("/", 1)[-1]
    return bool(under_listing or slug.count("-") >= 2 or re.search(r"/20\d\d/", path))


def listing_links(html: str, *, url: str) -> list[FeedEntry]:
    """Article links on a listing page (inside article-like containers when it has them)."""
    soup = BeautifulSoup(html, "lxml")
    for dropped in soup(["nav", "header", "footer", "aside", "script", "style", "form"]):
        dropped.decompose()
    containers = soup.find_all("article") or [
        el for el in soup.find_all(["li", "div", "section"])
        if _CONTAINER_WORDS.search(" ".join(el.get("class", [])) + " " + (el.get("id") or ""))
    ]
    anchors = [a for c in containers for a in c.find_all("a", href=True)] or soup.find_all("a", href=True)
    out: dict[str, FeedEntry] = {}
    for anchor in anchors:
        link = absolute(url, anchor.get("href"))
        if link is None or not _is_article_link(link, url):
            continue
        title = _parse_title(anchor)
        if link not in out or (title and not out[link].title):
            out[link] = FeedEntry(url=link, title=title or "")
        if len(out) >= MAX_LINKS:
            break
    return list(out.values())


class NewsroomSpider(BaseSpider):
    """A listing page per source; each linked article is fetched and extracted."""

    name = "newsroom"

    def parse_source(self, response: Response, source: SourceInfo) -> Iterator[Any]:
        """Find the listing's article links and follow them."""
        if not isinstance(response, TextResponse):
            raise ValueError(f"not an HTML page ({response.headers.get('Content-Type', b'').decode()})")
        for entry in listing_links(response.text, url=response.url):
            yield from self.article_request(entry, source)
