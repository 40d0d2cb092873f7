"""Raw article -> Article (canonical URL, content hash, story) -> company links -> signals; idempotent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import update
from sqlmodel import Session, select
from w3lib.url import canonicalize_url

from tracker import stories
from tracker.linking import document_text
from tracker.models import Article, ArticleCompany, Signal, Source

if TYPE_CHECKING:
    from tracker.linking import CompanyMatcher

MAX_TEXT_CHARS = 200_000  # a pathological page must not bloat the database
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "yclid", "_hsenc", "_hsmi",
    "mkt_tok", "ref", "ref_src", "cmpid", "ncid", "sr_share", "spm", "__twitter_impression",
})


@dataclass(frozen=True)
class RawArticle:
    """What a crawler hands over: raw facts only."""

    url: str
    title: str
    text: str
    source_url: str | None = None
    published: datetime | None = None
    summary: str = ""
    fetched_at: datetime | None = None
    feed_only: bool = False
    links: tuple[str, ...] = ()


@dataclass
class IngestResult:
    """What one ingest did."""

    article_id: int | None
    new_article: bool
    new_signals: int
    story_id: int | None


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered.startswith(("utm_", "pk_", "hsa_")) or lowered in TRACKING_PARAMS


def canonical_url(url: str) -> str:
    """One spelling per page: no tracking parameters, no fragment, sorted query, normalised escapes."""
    parts = urlsplit(url.strip())
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    cleaned = urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/", urlencode(query), ""))
    return canonicalize_url(cleaned, keep_fragments=False)


def content_hash(title: str, text: str) -> str:
    """A hash of the words of an article, blind to spacing and case."""
    return _hash_words(stories.words(f"{title}\n{text}"))


def _hash_words(tokens: list[str]) -> str:
    return hashlib.sha256(" ".join(tokens).encode()).hexdigest()


def as_utc(value: datetime | None) -> datetime | None:
    """Timezone-aware UTC (naive values are taken as UTC, as the database returns them)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def occurred_at(raw: RawArticle, now: datetime) -> datetime:
    """When the event was reported: the publication date, else the fetch time (never the far future)."""
    published = as_utc(raw.published)
    fallback = as_utc(raw.fetched_at) or as_utc(now)
    if published is None or published > as_utc(now) + timedelta(days=1):
        return fallback
    return published


def keep_best_evidence(*, session: Session, signal: Signal, confidence: float, evidence: str,
                       facts: dict[str, Any]) -> None:
    """A later source of the same story may state the event more clearly: keep the best evidence (unless the
    user marked the signal wrong)."""
    if confidence > signal.confidence and not signal.wrong:
        signal.confidence, signal.evidence = confidence, evidence
        signal.facts = {**signal.facts, **facts}
        session.add(signal)


def store_signal(*, session: Session, company_id: int, kind: str, confidence: float, evidence: str,
                 facts: dict[str, Any], occurred_at: datetime, now: datetime, dedup_key: str,
                 article_id: int | None = None, story_id: int | None = None,
                 contact_id: int | None = None) -> tuple[Signal, bool]:
    """Create a Signal unless one with this dedup_key exists; returns (signal, created)."""
    existing = session.exec(select(Signal).where(Signal.dedup_key == dedup_key)).first()
    if existing is not None:
        keep_best_evidence(session=session, signal=existing, confidence=confidence, evidence=evidence, facts=facts)
        return existing, False
    signal = Signal(company_id=company_id, kind=kind, confidence=confidence, evidence=evidence, facts=dict(facts),
                    article_id=article_id, story_id=story_id, contact_id=contact_id,
                    occurred_at=as_utc(occurred_at), detected_at=as_utc(now), dedup_key=dedup_key)
    session.add(signal)
    session.flush()
    return signal, True


@dataclass(frozen=True)
class FoundSignal:
    """A signal the detector found in an article, about a watchlist company (plain data)."""

    company_id: int
    kind: str
    confidence: float
    evidence: str
    facts: dict[str, Any]


@dataclass(frozen=True)
class PreparedArticle:
    """An article with everything that needs no database worked out: the CPU half of an ingest.

    Plain, picklable data, so a crawl can prepare pages in worker processes and store them in its own."""

    raw: RawArticle
    url: str  # canonical
    title: str
    text: str
    content_hash: str
    minhash: bytes | None
    companies: tuple[tuple[int, float], ...]  # (company id, best mention confidence)
    signals: tuple[FoundSignal, ...]


def prepare_article(raw: RawArticle, matcher: CompanyMatcher) -> PreparedArticle | None:
    """Canonical URL, content hash, MinHash, linked companies and detected signals (None: no title or text)."""
    from tracker.signals import detect_signals  # the detector's rule tables load only when analysing

    title, text = raw.title.strip(), (raw.text or raw.summary).strip()[:MAX_TEXT_CHARS]
    if not title and not text:
        return None
    tokens = stories.words(stories.story_text(title, text))  # split once: the content hash and the MinHash
    mentions = matcher.find(document_text(title, text), links=raw.links)
    best: dict[int, float] = {}
    for mention in mentions:
        cid = mention.company.id
        if cid is not None:
            best[cid] = max(best.get(cid, 0.0), mention.confidence)
    found = tuple(
        FoundSignal(company_id=signal.company.id, kind=signal.kind, confidence=signal.confidence,
                    evidence=signal.evidence, facts=dict(signal.facts))
        for signal in detect_signals(title=title, text=text, mentions=mentions, published=as_utc(raw.published))
        # a signal is about a watchlist company or it is not stored
        if signal.company is not None and signal.company.id is not None
    )
    return PreparedArticle(raw=raw, url=canonical_url(raw.url), title=title, text=text,
                           content_hash=_hash_words(tokens), minhash=stories.signature_of_words(tokens),
                           companies=tuple(best.items()), signals=found)


def _stored(session: Session, url: str) -> Article | None:
    return session.exec(select(Article).where(Article.url == url)).first()


def _is_news(existing: Article | None, raw: RawArticle) -> bool:
    # A stored article is only worth another look when a feed-only copy now comes with its page.
    return existing is None or (existing.feed_only and not raw.feed_only)


def ingest_article(*, session: Session, raw: RawArticle, matcher: CompanyMatcher, now: datetime,
                   source_id: int | None = None) -> IngestResult:
    """Store one article once, cluster it into a story, link companies and store its signals."""
    existing = _stored(session, canonical_url(raw.url))
    if not _is_news(existing, raw):
        return IngestResult(existing.id, False, 0, existing.story_id)
    prepared = prepare_article(raw, matcher)
    if prepared is None:
        return IngestResult(None, False, 0, None)
    return store_article(session=session, prepared=prepared, now=now, source_id=source_id)


def article_values(prepared: PreparedArticle) -> dict[str, Any]:
    """The columns an article takes from its prepared version (all but its URL, source, fetch time and story)."""
    raw = prepared.raw
    return {"title": prepared.title, "text": prepared.text, "summary": raw.summary.strip()[:MAX_TEXT_CHARS],
            "published_at": as_utc(raw.published), "content_hash": prepared.content_hash,
            "feed_only": raw.feed_only, "minhash": prepared.minhash}


def store_article(*, session: Session, prepared: PreparedArticle, now: datetime,
                  source_id: int | None = None) -> IngestResult:
    """The database half of an ingest: the article once, its story, company links and signals (no commit)."""
    raw = prepared.raw
    existing = _stored(session, prepared.url)
    if not _is_news(existing, raw):
        return IngestResult(existing.id, False, 0, existing.story_id)
    if existing is None:
        article = Article(url=prepared.url, source_id=source_id, fetched_at=as_utc(raw.fetched_at) or as_utc(now))
        new_article = True
    else:
        # The feed-only copy of this article now has its page: analyse the full text.
        article, new_article = existing, False
    for name, value in article_values(prepared).items():
        setattr(article, name, value)
    story_id = article.story_id
    if story_id is None:
        # A new article is inserted with its story: one INSERT rather than an INSERT and an UPDATE.
        story_id = stories.assign_story(session=session, article=article, title=prepared.title, now=now).id
    else:
        session.add(article)
        session.flush()
    if new_article and source_id is not None:
        # One UPDATE, without loading the source first; a copy this session already holds is refreshed on access.
        session.connection().execute(
            update(Source).where(Source.id == source_id).values(items_found=Source.items_found + 1))
        if (held := session.identity_map.get(session.identity_key(Source, source_id))) is not None:
            session.expire(held, ["items_found"])
    new_signals = _store_analysis(session=session, article=article, prepared=prepared, now=now)
    return IngestResult(article.id, new_article, new_signals, story_id)


def _store_analysis(*, session: Session, article: Article, prepared: PreparedArticle, now: datetime) -> int:
    """Company links and signals of a stored article; returns the number of new signals."""
    for cid, confidence in prepared.companies:
        link = session.get(ArticleCompany, (article.id, cid))
        if link is None:
            session.add(ArticleCompany(article_id=article.id, company_id=cid, confidence=confidence))
        elif confidence > link.confidence:
            link.confidence = confidence
            session.add(link)
    when = occurred_at(prepared.raw, now)
    created = 0
    for found in prepared.signals:
        key = f"{found.company_id}:{article.story_id}:{found.kind}"
        _, new = store_signal(session=session, company_id=found.company_id, kind=found.kind,
                              confidence=found.confidence, evidence=found.evidence, facts=found.facts,
                              occurred_at=when, now=now, dedup_key=key, article_id=article.id,
                              story_id=article.story_id)
        created += int(new)
    session.flush()
    return created
