"""A small static newsroom (RSS per company plus article pages) served on 127.0.0.1 for the demo."""

from __future__ import annotations

import html
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tracker.demo.content import FEED_TITLES, DemoArticle, demo_articles

PREFERRED_PORT = 8765  # stable URLs across demo runs; a free port is used when it is taken


def render_feed(*, feed: str, articles: list[DemoArticle], base_url: str) -> str:
    """RSS 2.0 for one feed, newest first."""
    items = []
    for a in sorted(articles, key=lambda a: a.published, reverse=True):
        link = f"{base_url}/news/{a.slug}.html"
        items.append(
            "<item>"
            f"<title>{html.escape(a.title)}</title><link>{link}</link>"
            f"<guid isPermaLink=\"true\">{link}</guid>"
            f"<pubDate>{format_datetime(a.published)}</pubDate>"
            f"<description>{html.escape(a.body[0])}</description>"
            "</item>"
        )
    title = html.escape(FEED_TITLES.get(feed, feed))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>{title}</title><link>{base_url}/</link><description>{title}</description>"
            + "".join(items) + "</channel></rss>\n")


def render_article(article: DemoArticle) -> str:
    """An article page with a headline, a machine-readable date and paragraphs."""
    paras = "".join(f"<p>{html.escape(p)}</p>" for p in article.body)
    site = html.escape(FEED_TITLES.get(article.feed, article.feed))
    return ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(article.title)}</title>"
            f"<meta property=\"article:published_time\" content=\"{article.published.isoformat()}\"></head>"
            f"<body><header><nav><a href=\"/\">{site}</a></nav></header><main><article>"
            f"<h1>{html.escape(article.title)}</h1><time datetime=\"{article.published.isoformat()}\">"
            f"{article.published:%d %B %Y}</time>{paras}</article></main>"
            "<footer><p>Fictional demo content for the hidden job market tracker.</p></footer></body></html>")


def _handler(articles: list[DemoArticle], base_url_holder: list[str]) -> type[BaseHTTPRequestHandler]:
    by_slug = {a.slug: a for a in articles}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet: the crawl prints its own progress
            return

        def _send(self, status: int, body: str, content_type: str) -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            path = self.path.split("?", 1)[0]
            base = base_url_holder[0]
            if path == "/robots.txt":
                return self._send(200, "User-agent: *\nAllow: /\n", "text/plain; charset=utf-8")
            if path.startswith("/feeds/") and path.endswith(".xml"):
                feed = path[len("/feeds/"):-len(".xml")]
                mine = [a for a in articles if a.feed == feed]
                if mine:
                    return self._send(200, render_feed(feed=feed, articles=mine, base_url=base),
                                      "application/rss+xml; charset=utf-8")
            if path.startswith("/news/") and path.endswith(".html"):
                article = by_slug.get(path[len("/news/"):-len(".html")])
                if article:
                    return self._send(200, render_article(article), "text/html; charset=utf-8")
            if path == "/":
                links = "".join(f'<li><a href="/feeds/{f}.xml">{html.escape(t)}</a></li>'
                                for f, t in FEED_TITLES.items())
                return self._send(200, f"<!doctype html><ul>{links}</ul>", "text/html; charset=utf-8")
            return self._send(404, "not found", "text/plain; charset=utf-8")

    return Handler


@contextmanager
def serve_newsroom(*, now: datetime, port: int | None = None) -> Iterator[str]:
    """Serve the demo newsroom on 127.0.0.1 in a background thread; yields its base URL."""
    articles = demo_articles(now=now)
    holder = [""]
    handler = _handler(articles, holder)
    server = None
    for candidate in ([port] if port is not None else [PREFERRED_PORT, 0]):
        try:
            server = ThreadingHTTPServer(("127.0.0.1", candidate), handler)
            break
        except OSError:
            continue
    if server is None:
        raise OSError(f"cannot listen on 127.0.0.1:{port}")
    holder[0] = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, name="demo-newsroom", daemon=True)
    thread.start()
    try:
        yield holder[0]
    finally:
        server.shutdown()
        server.server_close()


def feed_names() -> list[str]:
    """Every feed the newsroom serves."""
    return list(FEED_TITLES)
