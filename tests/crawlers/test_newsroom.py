"""The newsroom spider's parsing: article links on a listing page without a feed."""

from __future__ import annotations

import pytest

from crawlers.spiders.newsroom import listing_links
from tests.helpers.crawl import FILES

LISTING = "http://cartoplex.test/press/"


def test_listing_links_are_the_articles_with_their_titles() -> None:
    html = (FILES / "newsroom/press/index.html").read_text()
    found = listing_links(html, url=LISTING)
    assert [(e.url, e.title) for e in found] == [
        ("http://cartoplex.test/press/2026/cartoplex-opens-montreal-office",
         "Cartoplex Mapping opens an office in Montreal"),
        ("http://cartoplex.test/press/2026/cartoplex-partners-with-city-fleets",
         "Cartoplex Mapping partners with city fleets"),
    ]


@pytest.mark.parametrize(
    ("href", "kept"),
    [
        ("/press/2026/a-real-press-release", True),
        ("/blog/2026/03/a-post", True),
        ("/some-long-article-slug-here", True),
        ("/press/", False),  # the listing itself
        ("/press/tag/product", False),
        ("/press/kit.pdf", False),
        ("https://elsewhere.test/press/2026/other-site-story", False),
        ("mailto:press@cartoplex.test", False),
        ("/about", False),
        ("#top", False),
    ],
)
def test_which_links_are_articles(href: str, kept: bool) -> None:
    html = f"<html><body><main><a href='{href}'>A headline long enough to be a title</a></main></body></html>"
    assert bool(listing_links(html, url=LISTING)) is kept


def test_navigation_header_and_footer_links_are_ignored() -> None:
    html = ("<html><body><nav><a href='/press/2026/nav-link-story-here'>A navigation link with a long title</a></nav>"
            "<footer><a href='/press/2026/footer-link-story'>A footer link with a long title</a></footer>"
            "<main><p>No news yet.</p></main></body></html>")
    assert listing_links(html, url=LISTING) == []
