"""Short pages come back from the extractor as 'Headline 14 November 2026 Body...': the body drops the repeat."""

import pytest
from scrapy.http import HtmlResponse, Request

from crawlers.extract import extract_page, without_headline

BODY = "Acme Mapping has opened a second office in Perth to house its ground-station operations team."


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        (f"Acme picks Perth 14 November 2026 {BODY}", "Acme picks Perth", BODY),
        (f"Acme picks Perth\n\nNov. 14, 2026 — {BODY}", "Acme picks Perth", BODY),
        (f"Acme picks Perth | 2026-11-14 | {BODY}", "Acme picks Perth", BODY),
        (f"Acme picks Perth Friday, 14 November 2026: {BODY}", "Acme picks Perth", BODY),
        (f"Acme picks Perth {BODY}", "Acme  picks   Perth", BODY),  # white space in the title folded
        (BODY, "Acme picks Perth", BODY),  # no repeated headline: unchanged
        (f"Acme picks Perth. {BODY}", "Something else", f"Acme picks Perth. {BODY}"),
        ("Acme picks Perth 14 November 2026 Short.", "Acme picks Perth",
         "Acme picks Perth 14 November 2026 Short."),  # what would remain is too short to be the body
        (f"Acme picks Perth 14 November 2026 {BODY}", None, f"Acme picks Perth 14 November 2026 {BODY}"),
    ],
)
def test_without_headline(text: str, title: str | None, expected: str) -> None:
    assert without_headline(text, title) == expected


def test_a_short_article_page_keeps_its_own_first_sentence() -> None:
    html = ("<html><head><title>Acme picks Perth</title></head><body><main><article><h1>Acme picks Perth</h1>"
            f"<time datetime='2026-11-14'>14 November 2026</time><p>{BODY}</p></article></main></body></html>")
    url = "http://news.example/acme-perth.html"
    page = extract_page(HtmlResponse(url=url, request=Request(url), body=html.encode(), encoding="utf-8"))
    assert page.title == "Acme picks Perth"
    assert page.text == BODY
