"""A generated news site for distributed-crawl tests: RSS feeds linking hundreds of article pages."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from sqlmodel import Session

from tests.helpers.fixture_server import FixtureServer
from tracker.companies import WatchlistEntry, upsert_company
from tracker.sources import add_source

WORDS = ("survey lidar parcel cadastre imagery drone basemap raster vector pipeline municipal utility council "
         "contract tender geodesy benchmark orthophoto coastline flood model grid transit zoning permit "
         "archive field crew office quarter growth customer platform release").split()
COMPANIES = ("Quillon Geospatial", "Marrowby Mapping", "Tessaly Survey Works")


@dataclass(frozen=True)
class Site:
    """What was generated: feed URLs and article paths."""

    feeds: list[str]
    articles: list[str]


def _paragraphs(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        words = [rng.choice(WORDS) for _ in range(rng.randint(40, 70))]
        out.append("<p>" + " ".join(words).capitalize() + ".</p>")
    return "\n".join(out)


def article_html(i: int, title: str, published: datetime) -> str:
    """A realistic article page with a title, a date and several paragraphs of varied text."""
    rng = random.Random(i)
    return (f"<!DOCTYPE html><html><head><title>{title}</title>"
            f'<meta property="article:published_time" content="{published.isoformat()}"></head>'
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
            f"<time datetime='{published.isoformat()}'>{published:%d %B %Y}</time>"
            f"{_paragraphs(rng, 6)}</article><footer>Fictional news, example only.</footer></body></html>")


def build_site(server: FixtureServer, *, articles: int = 500, feeds: int = 10, overlap: int = 5,
               now: datetime | None = None) -> Site:
    """Routes for `feeds` RSS feeds; feed k lists articles [k*n, k*n + n + overlap) so neighbours overlap."""
    now = now or datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
    per_feed = articles // feeds
    paths = []
    titles = []
    for i in range(articles):
        company = COMPANIES[i % len(COMPANIES)]
        title = f"{company} wins contract {i} for municipal survey work" if i % 7 == 0 else \
            f"Field notes {i}: {company} crews map the coast"
        path = f"/news/2026/{i:04d}-field-report-number-{i}.html"
        published = now - timedelta(hours=i)
        server.route(path, article_html(i, title, published))
        paths.append(path)
        titles.append((title, published))
    feed_urls = []
    for k in range(feeds):
        items = []
        for i in range(k * per_feed, k * per_feed + per_feed + overlap):
            i %= articles
            title, published = titles[i]
            items.append(f"<item><title>{title}</title><link>{{{{base_url}}}}{paths[i]}</link>"
                         f"<guid>{{{{base_url}}}}{paths[i]}</guid><pubDate>{format_datetime(published)}</pubDate>"
                         "</item>")
        feed = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>Fictional wire {k}</title><link>{{{{base_url}}}}/</link><description>Example</description>"
                + "".join(items) + "</channel></rss>")
        path = f"/feeds/wire-{k}.xml"
        server.route(path, feed, content_type="application/rss+xml", etag=f'"wire-{k}"')
        feed_urls.append(server.url(path))
    server.robots("User-agent: *\nAllow: /\n")
    return Site(feeds=feed_urls, articles=paths)


def register_sources(session: Session, site: Site) -> list[int]:
    """The watchlist companies and one rss source per feed; returns the source ids."""
    for name in COMPANIES:
        upsert_company(session=session, entry=WatchlistEntry(name=name))
    ids = [add_source(session=session, url=url, kind="rss")[0].id for url in site.feeds]
    session.commit()
    return ids
