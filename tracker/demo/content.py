"""Loads the bundled demo data with importlib.resources; article dates are relative to `now`."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

FEED_TITLES = {
    "orbital-lens": "Orbital Lens Imaging newsroom",
    "terrasight": "Terrasight Analytics news",
    "meridian-geo": "Meridian Geo media releases",
    "kestrel": "Kestrel LiDAR blog",
    "cartoscope": "Cartoscope news",
    "wayfinder": "Wayfinder Location Intelligence news",
    "parallax": "Parallax Earth updates",
    "gridline": "Gridline Mapping Co news",
    "bluegum": "Bluegum Surveying news",
    "quokka": "Quokka Spatial blog",
    "atlas-plumb": "Atlas & Plumb Geomatics news",
    "northstar": "Northstar Geodata investor news",
    "geo-wire": "Geo Industry Wire (fictional trade news)",
}
# Which watchlist company owns each company newsroom feed (the trade wire belongs to none).
FEED_COMPANY = {
    "orbital-lens": "Orbital Lens Imaging", "terrasight": "Terrasight Analytics", "meridian-geo": "Meridian Geo Ltd",
    "kestrel": "Kestrel LiDAR", "cartoscope": "Cartoscope", "wayfinder": "Wayfinder Location Intelligence",
    "parallax": "Parallax Earth", "gridline": "Gridline Mapping Co", "bluegum": "Bluegum Surveying Pty Ltd",
    "quokka": "Quokka Spatial", "atlas-plumb": "Atlas & Plumb Geomatics", "northstar": "Northstar Geodata Inc",
}


@dataclass(frozen=True)
class DemoArticle:
    """One fictional news story, dated relative to the day the demo runs."""

    feed: str
    slug: str
    title: str
    body: tuple[str, ...]
    published: datetime


def data_file(name: str) -> Path:
    """A path to a bundled demo file (valid while the package is installed)."""
    return Path(str(resources.files("tracker.demo").joinpath("data", name)))


def load_json(name: str) -> Any:
    """Parse a bundled JSON file."""
    return json.loads(resources.files("tracker.demo").joinpath("data", name).read_text(encoding="utf-8"))


def demo_articles(*, now: datetime) -> list[DemoArticle]:
    """Every demo article, published `days_ago` days before `now` (at 08:30 UTC that day, never in the future)."""
    articles = []
    for raw in load_json("articles.json"):
        day = (now - timedelta(days=raw["days_ago"])).date()
        published = datetime.combine(day, time(8, 30), tzinfo=now.tzinfo)
        articles.append(DemoArticle(raw["feed"], raw["slug"], raw["title"], tuple(raw["body"]),
                                    min(published, now)))
    return articles
