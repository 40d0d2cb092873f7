"""Only http(s), and no private, loopback or link-local hosts unless allowed; also after redirects."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from crawlers.safety import RefusedURL, SafetyMiddleware
from tracker.config import load_settings
from tracker.errors import UserError
from tracker.netsafety import probe, url_refusal


@pytest.mark.parametrize(
    ("url", "refused_with"),
    [
        ("file:///etc/passwd", "only http and https"),
        ("ftp://files.example/feed.xml", "only http and https"),
        ("javascript:alert(1)", "only http and https"),
        ("http:///nohost", "no host"),
        ("http://127.0.0.1:8080/feed", "loopback"),
        ("http://[::1]/feed", "loopback"),
        ("http://10.1.2.3/feed", "private"),
        ("http://192.168.0.10/feed", "private"),
        ("http://172.16.5.4/feed", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[fe80::1]/", "link-local"),
        ("http://0.0.0.0/", "0.0.0.0 is a"),
        ("http://localhost:8000/", "local"),
        ("http://printer.local/", "local"),
        ("http://93.184.215.14/feed", None),
        ("https://[2606:2800:21f:cb07:6820:80da:af6b:8b2c]/", None),
    ],
)
def test_url_refusal_when_private_hosts_are_not_allowed(url: str, refused_with: str | None) -> None:
    reason = url_refusal(url, allow_private=False)
    assert (reason is None) if refused_with is None else (reason is not None and refused_with in reason)


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/feed", "http://10.1.2.3/", "http://localhost/"])
def test_private_hosts_allowed_by_the_setting(url: str) -> None:
    assert url_refusal(url, allow_private=True) is None
    assert url_refusal("file:///etc/passwd", allow_private=True) is not None


def test_middleware_refuses_a_redirect_to_a_private_host() -> None:
    crawler = get_crawler(settings_dict={"HJM_ALLOW_PRIVATE_HOSTS": False})
    crawler.spider = crawler._create_spider("test")
    safety = SafetyMiddleware.from_crawler(crawler)
    redirect = RedirectMiddleware.from_crawler(crawler)
    request = Request("http://93.184.215.14/feed")
    assert safety.process_request(request) is None
    response = Response(request.url, status=302, headers={"Location": "http://169.254.169.254/meta-data"})
    hop = redirect.process_response(request, response)
    assert isinstance(hop, Request) and hop.url == "http://169.254.169.254/meta-data"
    with pytest.raises(RefusedURL, match="link-local"):
        safety.process_request(hop)


def test_probe_refuses_loopback_when_not_allowed(fixture_server) -> None:  # noqa: ANN001
    fixture_server.route("/feed.xml", "<rss version='2.0'/>", content_type="application/rss+xml")
    with pytest.raises(UserError, match="loopback"):
        probe(fixture_server.url("/feed.xml"), settings=load_settings(allow_private_hosts=False))
    assert fixture_server.hits("/feed.xml") == 0
    answer = probe(fixture_server.url("/feed.xml"), settings=load_settings(allow_private_hosts=True))
    assert (answer.status, answer.body) == (200, b"<rss version='2.0'/>")


def test_probe_rechecks_redirect_targets(fixture_server) -> None:  # noqa: ANN001
    fixture_server.redirect("/hop", "ftp://files.test/feed.xml")
    with pytest.raises(UserError, match="only http and https"):
        probe(fixture_server.url("/hop"), settings=load_settings(allow_private_hosts=True))
