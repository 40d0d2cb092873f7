"""Job boards and filings feeds: recognise their URLs and build their API URLs from the settings."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from tracker.config import Settings, load_settings
from tracker.errors import UserError

BOARD_KINDS = ("greenhouse", "lever", "ashby", "workable")
KINDS = (*BOARD_KINDS, "edgar")
_SLUG = r"(?P<slug>[A-Za-z0-9][\w.-]*)"
# Public board pages and their JSON APIs; the API form is what a source stores and a spider fetches.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(rx, re.IGNORECASE)) for kind, rx in (
    ("greenhouse", rf"^https?://boards-api\.greenhouse\.io/v1/boards/{_SLUG}"),
    ("greenhouse", rf"^https?://(?:job-)?boards(?:\.eu)?\.greenhouse\.io/embed/job_board\?(?:.*&)?for={_SLUG}"),
    ("greenhouse", rf"^https?://(?:job-)?boards(?:\.eu)?\.greenhouse\.io/{_SLUG}"),
    ("lever", rf"^https?://api(?:\.eu)?\.lever\.co/v0/postings/{_SLUG}"),
    ("lever", rf"^https?://jobs(?:\.eu)?\.lever\.co/{_SLUG}"),
    ("ashby", rf"^https?://api\.ashbyhq\.com/posting-api/job-board/{_SLUG}"),
    ("ashby", rf"^https?://jobs\.ashbyhq\.com/{_SLUG}"),
    ("workable", rf"^https?://apply\.workable\.com/api/v1/widget/accounts/{_SLUG}"),
    ("workable", rf"^https?://apply\.workable\.com/{_SLUG}"),
    ("workable", r"^https?://(?!www\.|apply\.)(?P<slug>[a-z0-9][a-z0-9-]*)\.workable\.com(?:/|$)"),
))
_RESERVED = {"api", "embed", "j", "jobs", "v0", "v1", "posting-api"}
_CIK = re.compile(r"^\d{1,10}$")


@dataclass(frozen=True)
class BoardRef:
    """A job board or filings feed: its kind and its slug (the CIK for EDGAR)."""

    kind: str
    slug: str


def detect_board(url: str) -> BoardRef | None:
    """The job board or EDGAR feed a URL points at, from its host and path; None for anything else."""
    url = (url or "").strip()
    for kind, pattern in _PATTERNS:
        m = pattern.match(url)
        if m and m.group("slug").lower() not in _RESERVED:
            return BoardRef(kind, m.group("slug"))
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host == "data.sec.gov" and (m := re.match(r"^/submissions/CIK(\d{10})\.json$", parts.path)):
        return BoardRef("edgar", m.group(1))
    if host in {"sec.gov", "www.sec.gov"} and parts.path.startswith("/cgi-bin/browse-edgar"):
        query = {k.lower(): v for k, v in parse_qs(parts.query).items()}
        cik = (query.get("cik") or [""])[0]
        if _CIK.match(cik):
            return BoardRef("edgar", cik.zfill(10))
    return None


def api_url(*, settings: Settings, kind: str, slug: str) -> str:
    """The URL a spider fetches for a board slug (or an EDGAR CIK), from the settings' templates."""
    if kind == "edgar":
        if not _CIK.match(slug.strip()):
            raise UserError(f"'{slug}' is not an SEC CIK (up to 10 digits)")
        return settings.edgar_feed_url.format(cik=slug.strip().zfill(10))
    templates = {"greenhouse": settings.greenhouse_api_url, "lever": settings.lever_api_url,
                 "ashby": settings.ashby_api_url, "workable": settings.workable_api_url}
    if kind not in templates:
        raise UserError(f"'{kind}' is not a job-board kind ({', '.join(KINDS)})")
    if not re.fullmatch(r"[A-Za-z0-9][\w.-]*", slug):
        raise UserError(f"'{slug}' is not a {kind} board name (letters, digits, '-', '_' and '.')")
    return templates[kind].format(slug=slug)


def board_source_url(*, settings: Settings, url: str, kind: str | None = None) -> tuple[str, str] | None:
    """(kind, URL to store) for a board page, board API, EDGAR link, or a bare slug/CIK with its kind.

    None when the input is not a board or filings feed (and no board kind was asked for).
    """
    text = (url or "").strip()
    ref = detect_board(text)
    if ref is not None:
        if kind and kind != ref.kind:
            raise UserError(f"{text} is a {ref.kind} URL, not {kind}")
        stored = api_url(settings=settings, kind=ref.kind, slug=ref.slug)
        if ref.kind == "lever" and ".eu.lever.co" in text.lower():
            stored = stored.replace("://api.lever.co/", "://api.eu.lever.co/")  # EU accounts answer there only
        return ref.kind, stored
    if kind not in KINDS:
        return None
    if "://" in text:
        return kind, text  # the user names the kind of an API elsewhere (a mirror, a local test server)
    return kind, api_url(settings=settings, kind=kind, slug=text)


def canonical_source(url: str, kind: str | None = None, *, settings: Settings | None = None) -> tuple[str, str | None]:
    """(url, kind) with a job board or EDGAR feed rewritten to the API URL its spider fetches; others unchanged.

    The hook tracker.sources.add_source calls first, so `hjm sources add https://jobs.lever.co/acme` (or
    `hjm sources add acme --kind lever`) stores the board's API URL with its kind.
    """
    found = board_source_url(settings=settings or load_settings(), url=url, kind=kind)
    return (found[1], found[0]) if found is not None else (url, kind)


def board_size(kind: str, body: bytes) -> int | None:
    """How many jobs a board API response lists; None when the body is not that board's JSON."""
    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return None
    if kind == "lever":
        ok = isinstance(data, list) and all(isinstance(p, dict) and "id" in p and "text" in p for p in data)
        return len(data) if ok else None
    if kind in ("greenhouse", "ashby", "workable") and isinstance(data, dict) and isinstance(data.get("jobs"), list):
        return len(data["jobs"])
    return None
