"""The shared local HTTP fixture server behaves like the real servers the crawl tests need."""

from __future__ import annotations

import http.client
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.helpers.fixture_server import FixtureServer, Route


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def test_files_are_served_with_base_url_and_validators(tmp_path: Path) -> None:
    (tmp_path / "feed.xml").write_text("<rss><link>{{base_url}}/a.html</link></rss>")
    with FixtureServer(tmp_path) as server:
        status, headers, body = fetch(server.url("/feed.xml"))
        assert (status, body) == (200, f"<rss><link>{server.base_url}/a.html</link></rss>".encode())
        assert fetch(server.url("/feed.xml"), {"If-None-Match": headers["ETag"]})[0] == 304
        assert fetch(server.url("/feed.xml"), {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
        assert fetch(server.url("/missing.xml"))[0] == 404
        assert fetch(server.url("/../../etc/passwd"))[0] == 404
        assert server.hits("/feed.xml") == 3


def test_routes_statuses_redirects_sequences_and_the_log(fixture_server: FixtureServer) -> None:
    fixture_server.route("/gone", "gone", status=410)
    fixture_server.redirect("/old", "{{base_url}}/gone", status=301)
    fixture_server.sequence("/flaky", Route(b"slow down", status=429, headers={"Retry-After": "1"}), Route(b"ok"))
    assert fetch(fixture_server.url("/gone"))[0] == 410
    assert fetch(fixture_server.url("/old"))[0] == 410  # urllib follows the redirect
    assert [fetch(fixture_server.url("/flaky"))[0] for _ in range(3)] == [429, 200, 200]
    assert fixture_server.paths()[:3] == ["/gone", "/old", "/gone"]


def test_resets_and_gzip_bombs(fixture_server: FixtureServer) -> None:
    fixture_server.route("/reset", reset=True)
    fixture_server.gzip_bomb("/bomb.xml", size=8 * 1024 * 1024)
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected, urllib.error.URLError)):
        fetch(fixture_server.url("/reset"))
    status, headers, body = fetch(fixture_server.url("/bomb.xml"))
    assert (status, headers["Content-Encoding"]) == (200, "gzip") and len(body) < 64 * 1024
