"""Sources to crawl: add (with kind detection), list with health, record each crawl's outcome."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from sqlmodel import Session, select

from tracker.boards import canonical_source
from tracker.config import Settings
from tracker.errors import UserError
from tracker.models import Company, Source
from tracker.netsafety import Probe

SOURCE_KINDS = ("rss", "sitemap", "newsroom", "news_search", "greenhouse", "lever", "ashby", "workable", "edgar")
UNHEALTHY_AFTER = 3  # consecutive failed crawls before a source is flagged unhealthy
MAX_ERROR_CHARS = 500

# Hosts whose URLs say what they are, whatever they answer.
_HOST_KINDS = (
    (re.compile(r"(^|\.)greenhouse\.io$"), "greenhouse"),
    (re.compile(r"(^|\.)lever\.co$"), "lever"),
    (re.compile(r"(^|\.)ashbyhq\.com$"), "ashby"),
    (re.compile(r"(^|\.)workable\.com$"), "workable"),
    (re.compile(r"(^|\.)sec\.gov$"), "edgar"),
)
_FEED_PATH = re.compile(r"(/feed/?$|/rss/?$|/atom/?$|\.rss$|\.atom$|\.rdf$|[/.]feed\.(xml|json)$|"
                        r"/(rss|atom|index)\.xml$|feeds?/)", re.IGNORECASE)
_SITEMAP_PATH = re.compile(r"sitemap[^/]*\.xml(\.gz)?$", re.IGNORECASE)


def kind_from_url(url: str) -> str | None:
    """The source kind a URL's host or path reveals, if any."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for pattern, kind in _HOST_KINDS:
        if pattern.search(host):
            return kind
    if host == "news.google.com" and parts.path.startswith("/rss/search"):
        return "news_search"
    if _SITEMAP_PATH.search(parts.path):
        return "sitemap"
    if _FEED_PATH.search(parts.path):
        return "rss"
    return None


def kind_from_body(body: bytes, content_type: str = "") -> str | None:
    """The source kind a response's first bytes reveal: a feed, a sitemap or an HTML page."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    ctype = content_type.lower()
    if head.startswith(b"{") or "json" in ctype:
        try:
            data = json.loads(body.decode("utf-8", "replace"))
        except ValueError:
            return None
        return "rss" if isinstance(data, dict) and "jsonfeed.org" in str(data.get("version", "")) else None
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "rss"
    if b"<html" in head or b"<!doctype html" in head or "html" in ctype:
        return "newsroom"
    return None


def detect_kind(url: str, probe: Callable[[str], Probe] | None = None) -> str:
    """The kind of a source from its URL, else from what it serves; UserError when it cannot be told."""
    kind = kind_from_url(url)
    if kind is None and probe is not None:
        answer = probe(url)
        kind = kind_from_body(answer.body, answer.content_type)
    if kind is None:
        raise UserError(f"cannot tell what kind of source {url} is; pass --kind ({', '.join(SOURCE_KINDS)})")
    return kind


def news_search_url(*, settings: Settings, company_name: str) -> str:
    """The news-search feed URL for a company (the template quotes the name)."""
    return settings.news_search_url.replace("{query}", quote(company_name, safe=""))


def add_source(*, session: Session, url: str, kind: str | None = None, company: Company | None = None,
               probe: Callable[[str], Probe] | None = None) -> tuple[Source, bool]:
    """Add a source (or update the kind/company of the known one); returns (source, created)."""
    url, kind = canonical_source(url.strip(), kind)  # job boards and EDGAR: their API URL (tracker.boards)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise UserError(f"'{url}' is not an http(s) URL")
    if kind is not None and kind not in SOURCE_KINDS:
        raise UserError(f"unknown source kind '{kind}'; choose one of {', '.join(SOURCE_KINDS)}")
    existing = session.exec(select(Source).where(Source.url == url)).first()
    if existing is not None:
        existing.kind = kind or existing.kind
        existing.company_id = company.id if company is not None else existing.company_id
        session.add(existing)
        return existing, False
    source = Source(url=url, kind=kind or detect_kind(url, probe), company_id=company.id if company else None)
    session.add(source)
    session.flush()
    return source, True


def ensure_news_search_sources(*, session: Session, settings: Settings,
                               companies: Sequence[Company]) -> list[Source]:
    """One news_search source per company (created on first use, reused afterwards)."""
    out = []
    for company in companies:
        url = news_search_url(settings=settings, company_name=company.name)
        out.append(add_source(session=session, url=url, kind="news_search", company=company)[0])
    return out


def sources_to_crawl(*, session: Session, source_ids: Sequence[int] | None = None,
                     kinds: Sequence[str] | None = None, company_id: int | None = None) -> list[Source]:
    """Enabled sources, optionally only some ids, kinds or one company's."""
    query = select(Source).where(Source.enabled == True).order_by(Source.id)  # noqa: E712
    if source_ids is not None:
        query = query.where(Source.id.in_(list(source_ids)))
    if kinds:
        query = query.where(Source.kind.in_(list(kinds)))
    if company_id is not None:
        query = query.where(Source.company_id == company_id)
    return list(session.exec(query).all())


def record_success(*, session: Session, source_id: int, now: datetime, etag: str | None = None,
                   last_modified: str | None = None, warning: str | None = None) -> Source | None:
    """A crawl of the source worked (a 304 counts): remember validators, clear the failure streak.

    A warning (the source was read, but leniently) is kept as its last error without counting as a failure.
    """
    source = session.get(Source, source_id)
    if source is None:
        return None
    source.last_crawled_at = source.last_success_at = now
    source.consecutive_failures = 0
    if warning:
        source.last_error, source.last_error_at = " ".join(warning.split())[:MAX_ERROR_CHARS], now
    if etag is not None:
        source.etag = etag
    if last_modified is not None:
        source.last_modified = last_modified
    session.add(source)
    return source


def record_failure(*, session: Session, source_id: int, error: str, now: datetime) -> Source | None:
    """A crawl of the source failed: keep the error and extend the failure streak."""
    source = session.get(Source, source_id)
    if source is None:
        return None
    source.last_crawled_at = source.last_error_at = now
    source.last_error = " ".join(error.split())[:MAX_ERROR_CHARS]
    source.consecutive_failures += 1
    session.add(source)
    return source


def is_unhealthy(source: Source) -> bool:
    """Flagged after UNHEALTHY_AFTER consecutive failures (it is still crawled, to notice recovery)."""
    return source.consecutive_failures >= UNHEALTHY_AFTER


def list_sources(*, session: Session, kind: str | None = None) -> list[dict[str, Any]]:
    """Every source with its health, for `hjm sources list` and the dashboard."""
    query = select(Source, Company.name).join(Company, Company.id == Source.company_id, isouter=True)
    if kind:
        query = query.where(Source.kind == kind)
    rows = []
    for source, company in session.exec(query.order_by(Source.id)).all():
        rows.append({
            "id": source.id, "url": source.url, "kind": source.kind, "company": company,
            "enabled": source.enabled, "last_crawled_at": source.last_crawled_at,
            "last_success_at": source.last_success_at, "last_error": source.last_error,
            "last_error_at": source.last_error_at, "consecutive_failures": source.consecutive_failures,
            "items_found": source.items_found, "unhealthy": is_unhealthy(source),
        })
    return rows
