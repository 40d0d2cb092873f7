"""Article pages: main text, title, date and links, against saved pages (two encodings gone wrong too)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy.http import HtmlResponse, Request

from crawlers.extract import extract_page, parse_date
from tests.helpers.crawl import FILES

URL = "http://news.test/articles/page.html"


def page(name: str, content_type: bytes = b"text/html") -> HtmlResponse:
    return HtmlResponse(url=URL, body=(FILES / "rss" / name).read_bytes(), headers={"Content-Type": content_type},
                        request=Request(URL))


def test_article_page_gives_title_text_date_and_outgoing_links() -> None:
    extracted = extract_page(page("articles/cartoplex-series-b.html"))
    assert extracted.title == "Cartoplex Mapping raises $40 million Series B"
    assert "raised $40 million in a Series B funding round" in extracted.text
    assert "Most read" not in extracted.text and "fictional publication used in tests" not in extracted.text
    assert extracted.published == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
    assert extracted.links == ("https://cartoplex.example/press", "https://northgate.example/")


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("hostile/gb2312-page.html", b"text/html", "一家虚构的测绘公司宣布在上海开设新的工程办公室"),
        ("hostile/gb2312-page.html", b"text/html; charset=utf-8", "一家虚构的测绘公司宣布在上海开设新的工程办公室"),
        ("hostile/latin1-page.html", b"text/html", "Société Géomatique ouvre un bureau à Genève"),
        ("hostile/latin1-page.html", b"text/html; charset=utf-8", "Société Géomatique ouvre un bureau à Genève"),
    ],
)
def test_pages_in_other_or_mislabelled_encodings_decode_right(name: str, content_type: bytes, expected: str) -> None:
    assert expected in extract_page(page(name, content_type)).text


def test_page_without_an_article_has_no_text() -> None:
    response = HtmlResponse(url=URL, body=b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
                            request=Request(URL))
    assert extract_page(response).text is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-02T09:30:00+01:00", datetime(2026, 3, 2, 8, 30, tzinfo=UTC)),
        ("2026-03-02", datetime(2026, 3, 2, tzinfo=UTC)),
        ("Mon, 02 Mar 2026 09:30:00 GMT", datetime(2026, 3, 2, 9, 30, tzinfo=UTC)),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: str | None, expected: datetime | None) -> None:
    assert parse_date(value) == expected
