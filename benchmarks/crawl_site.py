"""A generated, fictional news network for the crawl benchmark: several sites on 127.0.0.x, feeds, big pages.

Each site (its own loopback address, so Scrapy treats it as its own domain) serves `/robots.txt`, feeds
`/feed/<k>.xml` of FEED_ITEMS items and article pages `/a/<n>.html` of 50 to 150 KB: scripts, styles, navigation,
a related-links box and reader comments around a 600-1,200-word article. One article in ten reports an event
(funding, an office opening, layoffs, a new chief executive) at a watchlist company; one in twenty is a wire
reprint of another. Pages are built on request from pre-generated parts, so the server is never the bottleneck.
"""

from __future__ import annotations

import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEED_ITEMS = 100
_WORDS = ("map survey satellite imagery geospatial data city fleet street sensor drone cloud platform customer "
          "engineer team office growth market revenue partner product region analysis model network coverage "
          "accuracy update layer tile route address parcel boundary terrain elevation council transport").split()
_EVENTS = (
    "{c} said on Monday it has raised ${m} million in a Series B funding round led by fictional investors.",
    "{c} is opening a new engineering office in Porto and plans to hire {m} people there.",
    "{c} is laying off {m} employees, about a fifth of its workforce, after a drop in orders.",
    "{c} has appointed a new chief executive officer, who joins from a fictional logistics group.",
)


def company_names(count: int) -> list[str]:
    """Fictional watchlist names: 'Geodelta Mapping', 'Orbisca Surveys', ..."""
    rng = random.Random(7)
    stems = ["Geo", "Orb", "Terra", "Carto", "Sky", "Lumo", "Vecto", "Strato", "Nadi", "Meri", "Plani", "Topo"]
    tails = ["delta", "isca", "vane", "plex", "loom", "metric", "grid", "line", "ra", "dian", "form", "graph"]
    kinds = ["Mapping", "Surveys", "Imaging", "Analytics", "Geomatics", "Labs"]
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(stems)}{rng.choice(tails)} {rng.choice(kinds)}"
        if name not in names:
            names.append(name)
    return names


class PageMaker:
    """Deterministic pages from pre-generated parts."""

    def __init__(self, companies: list[str]) -> None:
        rng = random.Random(11)

        def sentence(n: int) -> str:
            return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize() + "."

        self.companies = companies
        self.paragraphs = [" ".join(sentence(rng.randint(12, 25)) for _ in range(rng.randint(3, 6)))
                           for _ in range(400)]
        self.comments = [f"<div class='comment'><p class='who'>Reader {k}</p><p>{sentence(30)}</p></div>"
                         for k in range(300)]
        self.nav = "".join(f"<li><a href='/section/{k}'>{sentence(2)}</a></li>" for k in range(80))
        self.head = ("<script>" + ";".join(f"var cfg{k}='{rng.random()}'" for k in range(300)) + "</script><style>"
                     + "".join(f".c{k}{{margin:{k}px;padding:{k % 7}px}}" for k in range(250)) + "</style>")

    def article(self, n: int) -> tuple[str, list[str]]:
        """The title and paragraphs of article n (a reprint repeats its original with small edits)."""
        original = n - 7 if n % 20 == 19 and n >= 7 else n
        rng = random.Random(original)
        title = f"{self.paragraphs[rng.randrange(400)][:70].rstrip('.')} ({original})"
        paras = [self.paragraphs[rng.randrange(400)] for _ in range(rng.randint(6, 10))]
        if original % 10 == 3:
            event = rng.choice(_EVENTS).format(c=rng.choice(self.companies), m=rng.randint(5, 90))
            title, paras = event.split(" said", 1)[0].split(" is ", 1)[0][:90], [event, *paras]
        if original != n:
            paras = [p.replace(" data ", " information ") for p in paras] + ["Reporting by a fictional wire."]
        return title, paras

    def page(self, n: int) -> bytes:
        """Article page n, 50 to 150 KB."""
        size = random.Random(n * 31).randint(50_000, 150_000)
        title, paras = self.article(n)
        body = "".join(f"<p>{p}</p>" for p in paras)
        related = "".join(f"<li><a href='/a/{(n * 13 + k) % 100000}.html'>"
                          f"{self.paragraphs[(n + k) % 400][:60]}</a></li>" for k in range(30))
        html = (f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title>"
                f"<meta property='og:title' content='{title}'>"
                f"<meta property='article:published_time' content='2026-03-{1 + n % 28:02d}T10:00:00Z'>{self.head}"
                f"</head><body><header><nav><ul>{self.nav}</ul></nav></header><main><article><h1>{title}</h1>"
                f"{body}</article></main><aside><h2>Related</h2><ul>{related}</ul></aside><section class='comments'>")
        parts, used, k = [html], len(html), n
        while used < size:
            block = self.comments[k % 300]
            parts.append(block)
            used += len(block)
            k += 1
        parts.append("</section><footer>A fictional publication generated for benchmarks.</footer></body></html>")
        return "".join(parts).encode()

    def feed(self, host: str, first: int, count: int) -> bytes:
        """An RSS feed of articles first..first+count-1 on this host."""
        items = "".join(
            f"<item><title>{self.article(n)[0]}</title><link>http://{host}/a/{n}.html</link>"
            f"<description>{self.article(n)[1][0][:200]}</description></item>" for n in range(first, first + count))
        return (f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>Site {host}</title>"
                f"<link>http://{host}/</link><description>fictional</description>{items}</channel></rss>").encode()


def serve(sites: list[str], port: int, companies: list[str], ready: threading.Event | None = None) -> None:
    """Serve every site (one loopback address each) on `port` until the process ends."""
    maker = PageMaker(companies)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            """Quiet."""

        def do_GET(self) -> None:  # noqa: N802
            """robots.txt, feeds and pages."""
            host = self.headers.get("Host", "")
            site = sites.index(host.split(":")[0]) if host.split(":")[0] in sites else 0
            if self.path == "/robots.txt":
                body, ctype = b"User-agent: *\nAllow: /\n", "text/plain"
            elif self.path.startswith("/feed/"):
                k = int(self.path.rsplit("/", 1)[-1].split(".")[0])
                body, ctype = maker.feed(host, k * FEED_ITEMS, FEED_ITEMS), "application/rss+xml"
            elif self.path.startswith("/a/"):
                body, ctype = maker.page(int(self.path.rsplit("/", 1)[-1].split(".")[0])), "text/html"
            else:
                body, ctype = b"not found", "text/plain"
            self.send_response(404 if body == b"not found" else 200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Site", str(site))
            self.end_headers()
            self.wfile.write(body)

    servers = [ThreadingHTTPServer((address, port), Handler) for address in sites]
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    if ready is not None:
        ready.set()
    threading.Event().wait()
