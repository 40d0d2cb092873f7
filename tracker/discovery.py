"""From a company's domain and name, find its feeds, news page, job board and filings feed, and add them."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import feedparser
from bs4 import BeautifulSoup
from sqlmodel import Session

from tracker.boards import BOARD_KINDS, api_url, board_size, detect_board
from tracker.config import Settings
from tracker.errors import UserError
from tracker.models import Company
from tracker.names import fold, normalize_company_name
from tracker.netsafety import Probe, probe
from tracker.sources import add_source, kind_from_body

FEED_PATHS = ("feed", "rss", "feed.xml", "rss.xml", "atom.xml")
NEWS_PATHS = ("news", "press", "newsroom")
CAREER_PATHS = ("careers", "jobs")
MAX_SLUGS = 4
MIN_NEWS_LINKS = 3  # a news page lists several articles; a page with fewer links is not a listing
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
               "application/rdf+xml", "text/xml", "application/xml")

Fetch = Callable[[str], Probe]


@dataclass(frozen=True)
class Found:
    """A source that answered: its kind, the URL to store, and how it was found."""

    kind: str
    url: str
    via: str


@dataclass
class Discovery:
    """What a discovery run found and how many URLs it asked."""

    found: list[Found] = field(default_factory=list)
    checked: int = 0

    def add(self, found: Found) -> None:
        """Keep a find unless its URL is known already."""
        if all(f.url != found.url for f in self.found):
            self.found.append(found)


def slug_candidates(name: str, domain: str | None = None) -> list[str]:
    """Board names to try: the domain's label, the name joined and hyphenated, its first word."""
    words = re.sub(r"[^a-z0-9 ]+", " ", fold(normalize_company_name(name))).split()
    label = (domain or "").lower().removeprefix("www.").split(".")[0]
    candidates = [re.sub(r"[^a-z0-9-]+", "", label), "".join(words), "-".join(words)]
    if len(words) > 1 and len(words[0]) >= 4:
        candidates.append(words[0])
    return list(dict.fromkeys(c for c in candidates if c))[:MAX_SLUGS]


class _Client:
    """Polite, safe GETs (netsafety.probe) that honour each host's robots.txt; failures are None."""

    def __init__(self, settings: Settings, fetch: Fetch | None) -> None:
        self.settings = settings
        self.fetch = fetch or (lambda url: probe(url, settings=settings, max_bytes=settings.job_board_max_bytes))
        self.robots: dict[str, RobotFileParser | None] = {}
        self.checked = 0

    def get(self, url: str) -> Probe | None:
        """The answer to a GET when it is a 200, else None (errors, refusals, robots.txt)."""
        if not self._allowed(url):
            return None
        self.checked += 1
        try:
            answer = self.fetch(url)
        except UserError:
            return None
        return answer if answer.status == 200 else None

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self.robots:
            self.robots[origin] = None
            try:
                answer = self.fetch(origin + "/robots.txt")
            except UserError:
                answer = None  # no robots.txt (or none readable): everything is allowed
            if answer is not None and answer.status == 200:
                parser = RobotFileParser()
                parser.parse(answer.body.decode("utf-8", "replace").splitlines())
                self.robots[origin] = parser
        parser = self.robots[origin]
        return parser is None or parser.can_fetch(self.settings.user_agent, url)


def is_feed(answer: Probe) -> bool:
    """True when a response is an RSS, Atom or JSON feed with a version or entries."""
    if kind_from_body(answer.body, answer.content_type) != "rss" or b"<!ENTITY" in answer.body[:65536]:
        return False
    parsed = feedparser.parse(io.BytesIO(answer.body), response_headers={"content-type": answer.content_type})
    return bool(parsed.get("version") or parsed.entries)


def _soup(answer: Probe) -> BeautifulSoup | None:
    if kind_from_body(answer.body, answer.content_type) != "newsroom":
        return None
    return BeautifulSoup(answer.body, "html.parser")


def feed_links(soup: BeautifulSoup, base: str) -> list[str]:
    """The feeds a page announces with <link rel="alternate" type="application/rss+xml" href=...>."""
    out = []
    for link in soup.find_all("link", href=True):
        rel = link.get("rel") or []
        rels = {r.lower() for r in (rel if isinstance(rel, list) else str(rel).split())}
        if "alternate" in rels and (link.get("type") or "").lower().split(";")[0].strip() in _FEED_TYPES:
            out.append(urljoin(base, link["href"]))
    return list(dict.fromkeys(out))


def board_links(soup: BeautifulSoup, base: str) -> list[tuple[str, str]]:
    """(kind, slug) of the job boards a page links to (a careers page usually does)."""
    refs = (detect_board(urljoin(base, a["href"])) for a in soup.find_all("a", href=True))
    embeds = (detect_board(urljoin(base, tag["src"])) for tag in soup.find_all(["iframe", "script"], src=True))
    return list(dict.fromkeys((r.kind, r.slug) for r in (*refs, *embeds) if r is not None and r.kind != "edgar"))


def _internal_links(soup: BeautifulSoup, base: str) -> int:
    host = urlsplit(base).netloc
    paths = {urlsplit(urljoin(base, a["href"])).path for a in soup.find_all("a", href=True)
             if urlsplit(urljoin(base, a["href"])).netloc == host}
    return len(paths - {"", "/", urlsplit(base).path})


def _scan_site(client: _Client, site: str, result: Discovery) -> list[tuple[str, str, str]]:
    """Feeds and news pages of the company's site; returns board links seen on its pages."""
    boards: list[tuple[str, str, str]] = []
    pages = [("", "home page"), *((p, f"/{p}") for p in (*NEWS_PATHS, *CAREER_PATHS))]
    for path, label in pages:
        url = urljoin(site + "/", path)
        answer = client.get(url)
        if answer is None:
            continue
        if is_feed(answer):
            result.add(Found("rss", answer.url, f"feed at {label}"))
            continue
        soup = _soup(answer)
        if soup is None:
            continue
        feeds = [f for f in feed_links(soup, answer.url) if (a := client.get(f)) is not None and is_feed(a)]
        for feed in feeds:
            result.add(Found("rss", feed, f'<link rel="alternate"> on {label}'))
        boards += [(kind, slug, f"link on {label}") for kind, slug in board_links(soup, answer.url)]
        landed = urlsplit(answer.url).path.strip("/")
        if path in NEWS_PATHS and not feeds and landed and _internal_links(soup, answer.url) >= MIN_NEWS_LINKS:
            result.add(Found("newsroom", answer.url, f"news page at {label}"))
    for path in FEED_PATHS:
        answer = client.get(urljoin(site + "/", path))
        if answer is not None and is_feed(answer):
            result.add(Found("rss", answer.url, f"feed at /{path}"))
    return boards


def _find_boards(client: _Client, settings: Settings, name: str, domain: str | None,
                 linked: list[tuple[str, str, str]], result: Discovery) -> None:
    done: set[str] = set()
    for kind, slug, via in linked:
        url = api_url(settings=settings, kind=kind, slug=slug)
        answer = client.get(url)
        if kind not in done and answer is not None and board_size(kind, answer.body) is not None:
            result.add(Found(kind, url, via))  # linked from the company's own pages: even an empty board
            done.add(kind)
    slugs = slug_candidates(name, domain)
    for kind in BOARD_KINDS:
        for slug in slugs if kind not in done else ():
            answer = client.get(api_url(settings=settings, kind=kind, slug=slug))
            # A guessed name must list jobs: an empty board could be anybody's.
            if answer is not None and (board_size(kind, answer.body) or 0) > 0:
                result.add(Found(kind, api_url(settings=settings, kind=kind, slug=slug), f"board name '{slug}'"))
                break


def find_sources(*, settings: Settings, name: str, domain: str | None = None, cik: str | None = None,
                 fetch: Fetch | None = None) -> Discovery:
    """Ask the company's site, the four job-board APIs and EDGAR; return what answered (nothing is stored)."""
    client = _Client(settings, fetch)
    result = Discovery()
    linked: list[tuple[str, str, str]] = []
    if domain:
        linked = _scan_site(client, settings.company_site_url.format(domain=domain).rstrip("/"), result)
    _find_boards(client, settings, name, domain, linked, result)
    if cik:
        url = api_url(settings=settings, kind="edgar", slug=cik)
        answer = client.get(url)
        head = answer.body[:4096] if answer is not None else b""
        if answer is not None and ((b"<feed" in head and b"accession-number" in answer.body)
                                   or (head.lstrip()[:1] == b"{" and b'"accessionNumber"' in answer.body)):
            result.add(Found("edgar", url, f"SEC filings of CIK {cik}"))
    result.checked = client.checked
    return result


def discover_sources(*, session: Session, company: Company, settings: Settings, fetch: Fetch | None = None,
                     dry_run: bool = False) -> list[dict[str, Any]]:
    """Find a company's sources and add them for it (in the caller's transaction); one row per find."""
    discovery = find_sources(settings=settings, name=company.name, domain=company.domain, cik=company.cik,
                             fetch=fetch)
    rows = []
    for found in discovery.found:
        row: dict[str, Any] = {"kind": found.kind, "url": found.url, "via": found.via}
        if dry_run:
            row.update(id=None, status="found")
        else:
            source, created = add_source(session=session, url=found.url, kind=found.kind, company=company)
            row.update(id=source.id, status="added" if created else "known")
        rows.append(row)
    return rows
