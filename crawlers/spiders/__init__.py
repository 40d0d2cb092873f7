"""The spider registry: source kind -> spider class (job boards and EDGAR register theirs here too)."""

from __future__ import annotations

from crawlers.spiders.ashby import AshbySpider
from crawlers.spiders.base import BaseSpider
from crawlers.spiders.edgar import EdgarSpider
from crawlers.spiders.greenhouse import GreenhouseSpider
from crawlers.spiders.lever import LeverSpider
from crawlers.spiders.news_search import NewsSearchSpider
from crawlers.spiders.newsroom import NewsroomSpider
from crawlers.spiders.rss import RssSpider
from crawlers.spiders.sitemap import SitemapSpider
from crawlers.spiders.workable import WorkableSpider

SPIDERS: dict[str, type[BaseSpider]] = {
    RssSpider.name: RssSpider,
    SitemapSpider.name: SitemapSpider,
    NewsroomSpider.name: NewsroomSpider,
    NewsSearchSpider.name: NewsSearchSpider,
    # job boards and SEC filings (C2)
    GreenhouseSpider.name: GreenhouseSpider,
    LeverSpider.name: LeverSpider,
    AshbySpider.name: AshbySpider,
    WorkableSpider.name: WorkableSpider,
    EdgarSpider.name: EdgarSpider,
}


def spider_for(kind: str) -> type[BaseSpider] | None:
    """The spider class crawling sources of this kind, if any."""
    return SPIDERS.get(kind)


__all__ = ["SPIDERS", "BaseSpider", "spider_for"]
