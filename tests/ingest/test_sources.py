"""Sources: kind detection, adding, health bookkeeping and listing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from tracker.config import load_settings
from tracker.errors import UserError
from tracker.models import Company
from tracker.netsafety import Probe
from tracker.sources import (
    UNHEALTHY_AFTER,
    add_source,
    detect_kind,
    ensure_news_search_sources,
    kind_from_body,
    kind_from_url,
    list_sources,
    news_search_url,
    record_failure,
    record_success,
    sources_to_crawl,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("https://news.example/feed", "rss"),
        ("https://news.example/feed/", "rss"),
        ("https://news.example/blog/rss.xml", "rss"),
        ("https://news.example/atom.xml", "rss"),
        ("https://news.example/index.rss", "rss"),
        ("https://news.example/feeds/posts/default", "rss"),
        ("https://news.example/sitemap.xml", "sitemap"),
        ("https://news.example/news-sitemap.xml.gz", "sitemap"),
        ("https://boards.greenhouse.io/cartoplex", "greenhouse"),
        ("https://jobs.lever.co/cartoplex", "lever"),
        ("https://jobs.ashbyhq.com/cartoplex", "ashby"),
        ("https://apply.workable.com/cartoplex/", "workable"),
        ("https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0000000001", "edgar"),
        ("https://news.google.com/rss/search?q=%22Cartoplex%22", "news_search"),
        ("https://cartoplex.example/press/", None),
    ],
)
def test_kind_from_url(url: str, kind: str | None) -> None:
    assert kind_from_url(url) == kind


@pytest.mark.parametrize(
    ("body", "content_type", "kind"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "", "rss"),
        (b'\xef\xbb\xbf<?xml version="1.0"?>\n<feed xmlns="http://www.w3.org/2005/Atom">', "", "rss"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "", "rss"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": []}', "application/json", "rss"),
        (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "", "sitemap"),
        (b'<?xml version="1.0"?><sitemapindex>', "", "sitemap"),
        (b"<!DOCTYPE html><html><body>Press</body></html>", "text/html", "newsroom"),
        (b'{"jobs": []}', "application/json", None),
        (b"%PDF-1.7", "application/pdf", None),
    ],
)
def test_kind_from_body(body: bytes, content_type: str, kind: str | None) -> None:
    assert kind_from_body(body, content_type) == kind


def test_detect_kind_probes_only_when_the_url_says_nothing() -> None:
    calls = []

    def probe(url: str) -> Probe:
        calls.append(url)
        return Probe(url=url, status=200, content_type="text/html", body=b"<html><body></body></html>")

    assert detect_kind("https://x.example/feed", probe) == "rss" and calls == []
    assert detect_kind("https://x.example/press", probe) == "newsroom" and calls == ["https://x.example/press"]
    with pytest.raises(UserError, match="pass --kind"):
        detect_kind("https://x.example/press")


def test_add_source_is_idempotent_and_validates(session: Session) -> None:
    company = Company(name="Cartoplex Mapping", normalized_name="cartoplex mapping")
    session.add(company)
    session.flush()
    source, created = add_source(session=session, url="https://x.example/feed", company=company)
    again, created_again = add_source(session=session, url="https://x.example/feed", kind="rss")
    assert (created, created_again, again.id, again.kind, again.company_id) == (True, False, source.id, "rss",
                                                                                 company.id)
    with pytest.raises(UserError, match="not an http"):
        add_source(session=session, url="ftp://x.example/feed")
    with pytest.raises(UserError, match="unknown source kind"):
        add_source(session=session, url="https://x.example/other", kind="carrier-pigeon")


def test_failures_make_a_source_unhealthy_and_a_success_heals_it(session: Session) -> None:
    source, _ = add_source(session=session, url="https://x.example/feed")
    for n in range(1, UNHEALTHY_AFTER + 1):
        record_failure(session=session, source_id=source.id, error=f"HTTP 500 number {n}\n at  server",
                       now=NOW + timedelta(minutes=n))
        row = list_sources(session=session)[0]
        assert (row["consecutive_failures"], row["unhealthy"]) == (n, n >= UNHEALTHY_AFTER)
    assert row["last_error"] == f"HTTP 500 number {UNHEALTHY_AFTER} at server"
    record_success(session=session, source_id=source.id, now=NOW + timedelta(hours=1), etag='"abc"',
                   last_modified="Tue, 10 Mar 2026 12:00:00 GMT")
    row = list_sources(session=session)[0]
    assert (row["consecutive_failures"], row["unhealthy"]) == (0, False)
    assert source.etag == '"abc"' and source.last_modified == "Tue, 10 Mar 2026 12:00:00 GMT"


def test_a_warning_is_kept_without_counting_as_a_failure(session: Session) -> None:
    source, _ = add_source(session=session, url="https://x.example/feed")
    record_success(session=session, source_id=source.id, now=NOW, warning="malformed XML read leniently")
    row = list_sources(session=session)[0]
    assert (row["last_error"], row["consecutive_failures"], row["last_success_at"]) == (
        "malformed XML read leniently", 0, NOW)


def test_news_search_sources_one_per_company(session: Session) -> None:
    settings = load_settings(news_search_url="http://search.test/rss?q=%22{query}%22")
    companies = [Company(name="Cartoplex Mapping", normalized_name="cartoplex mapping"),
                 Company(name="Geodyne & Co", normalized_name="geodyne")]
    session.add_all(companies)
    session.flush()
    first = ensure_news_search_sources(session=session, settings=settings, companies=companies)
    second = ensure_news_search_sources(session=session, settings=settings, companies=companies)
    assert [s.id for s in first] == [s.id for s in second]
    assert [s.url for s in first] == ["http://search.test/rss?q=%22Cartoplex%20Mapping%22",
                                      "http://search.test/rss?q=%22Geodyne%20%26%20Co%22"]
    assert news_search_url(settings=settings, company_name="A/B") == "http://search.test/rss?q=%22A%2FB%22"
    assert {s.kind for s in sources_to_crawl(session=session, kinds=["news_search"])} == {"news_search"}
    assert sources_to_crawl(session=session, company_id=companies[0].id)[0].url == first[0].url
