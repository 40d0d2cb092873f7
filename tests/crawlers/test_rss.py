"""The rss spider's parsing, against saved feeds (every format, hostile encodings and bombs)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawlers.spiders.base import UnsafeDocument
from crawlers.spiders.rss import MalformedFeed, read_feed
from tests.helpers.crawl import FILES

BASE = "http://news.test"
RSS = FILES / "rss"


def entries(name: str, content_type: str = ""):  # noqa: ANN201
    body = (RSS / name).read_bytes().replace(b"{{base_url}}", BASE.encode())
    return read_feed(body, url=f"{BASE}/{name}", content_type=content_type).entries


@pytest.mark.parametrize(
    ("name", "count", "first_url", "first_title", "first_published"),
    [
        ("rss2.xml", 3, f"{BASE}/articles/cartoplex-series-b.html?utm_source=rss&utm_medium=feed",
         "Cartoplex Mapping raises $40 million Series B", datetime(2026, 3, 2, 9, 30, tzinfo=UTC)),
        ("atom.xml", 1, f"{BASE}/articles/geodyne-cto.html",
         "Geodyne Surveys names Ana Ribeiro chief technology officer", datetime(2026, 3, 5, 9, 0, tzinfo=UTC)),
        ("rss1.rdf", 1, f"{BASE}/articles/skyloom-layoffs.html", "Skyloom Imaging cuts 120 jobs",
         datetime(2026, 3, 6, 7, 15, tzinfo=UTC)),
        ("rss091.xml", 1, f"{BASE}/articles/cartoplex-contract.html",
         "Cartoplex Mapping wins a national cadastre contract", None),
        ("feed.json", 1, f"{BASE}/articles/placewise-acquires.html",
         "Placewise acquires Geodyne Surveys' analytics unit", datetime(2026, 3, 7, 12, 0, tzinfo=UTC)),
    ],
)
def test_every_feed_format_yields_its_entries(name, count, first_url, first_title, first_published) -> None:  # noqa: ANN001
    found = entries(name)
    assert len(found) == count
    assert (found[0].url, found[0].title, found[0].published) == (first_url, first_title, first_published)


def test_summaries_are_plain_text_without_markup() -> None:
    summary = entries("rss2.xml")[0].summary
    assert summary == "The Lyon-based mapping startup Cartoplex Mapping closed a $40 million Series B."


def test_atom_relative_links_resolve_against_the_feed_url() -> None:
    assert entries("atom.xml")[0].url.startswith(BASE + "/articles/")


@pytest.mark.parametrize(
    ("name", "expected_title"),
    [
        ("hostile/latin1_undeclared.xml", "Société Géomatique ouvre un bureau à Genève"),
        ("hostile/cp1252_as_latin1.xml", "“Mapping is back,” says Cartoplex – again"),
        ("hostile/gb2312.xml", "测绘公司在上海开设新办公室"),
    ],
)
def test_wrong_or_missing_encodings_still_read_right(name: str, expected_title: str) -> None:
    assert entries(name)[0].title == expected_title


def test_declared_utf8_header_does_not_override_the_bytes() -> None:
    # The server says utf-8, the bytes are latin-1: the title must still come out right.
    found = entries("hostile/latin1_undeclared.xml", content_type="application/rss+xml; charset=utf-8")
    assert found[0].title == "Société Géomatique ouvre un bureau à Genève"


def test_malformed_xml_is_a_clear_error() -> None:
    with pytest.raises(MalformedFeed, match="malformed feed"):
        entries("hostile/malformed.xml")


@pytest.mark.parametrize("body", [b"", b"<html><body>Not a feed</body></html>", b"\x00\x01\x02 binary",
                                  b'{"not": "a json feed"}', b"{broken json"])
def test_non_feeds_are_errors(body: bytes) -> None:
    with pytest.raises(MalformedFeed):
        read_feed(body, url=BASE + "/x")


def test_recoverable_xml_errors_keep_the_entries_and_say_what_was_wrong() -> None:
    body = (RSS / "hostile/recoverable.xml").read_bytes().replace(b"{{base_url}}", BASE.encode())
    feed = read_feed(body, url=BASE + "/recoverable.xml")
    assert [e.title for e in feed.entries] == ["Maps & more from Cartoplex"]
    assert feed.entries[0].url == "http://news.test/articles/maps?a=1&b=2"
    assert feed.warning is not None and "malformed XML" in feed.warning


def test_an_empty_valid_feed_is_not_an_error() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    feed = read_feed(body, url=BASE + "/quiet.xml")
    assert (feed.entries, feed.warning) == ([], None)


def test_entity_expansion_bomb_is_refused_before_parsing() -> None:
    with pytest.raises(UnsafeDocument, match="entity"):
        entries("hostile/billion_laughs.xml")
