"""Many prepared articles stored at once: the same result as storing them one by one, in a handful of statements.

A crawl stores its articles in batches. Storing each through the ORM took a dozen statements and most of the crawl
process's time; here a run of new articles costs one query for known URLs, one for stories by content, one for LSH
candidates, and one INSERT each for stories, articles, bands, company links and signals. Anything unusual (a URL
already stored, the same URL twice) goes through tracker.ingest.store_article, in order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from tracker import stories
from tracker.ingest import (
    IngestResult,
    PreparedArticle,
    article_values,
    as_utc,
    keep_best_evidence,
    occurred_at,
    store_article,
)
from tracker.models import Article, ArticleBand, ArticleCompany, Signal, Source, Story

Entry = tuple[PreparedArticle, int | None]  # an article and the source it came from


def store_articles(*, session: Session, entries: Sequence[Entry], now: datetime) -> list[IngestResult]:
    """Store prepared articles in order, as store_article would one by one (no commit); one result each."""
    urls = {prepared.url for prepared, _ in entries}
    stored = set(session.exec(select(Article.url).where(col(Article.url).in_(urls))).all()) if urls else set()
    results: list[IngestResult] = []
    run: list[Entry] = []
    for prepared, source_id in entries:
        if prepared.url in stored:
            results += _store_run(session, run, now)
            run = []
            results.append(store_article(session=session, prepared=prepared, now=now, source_id=source_id))
        else:
            run.append((prepared, source_id))
            stored.add(prepared.url)  # a second copy in this batch is then stored the slow way, after this one
    results += _store_run(session, run, now)
    return results


@dataclass
class _Placed:
    """Where a new article of the run goes: an existing story, or a new one (by its index among new stories)."""

    story_id: int | None = None
    new_story: int | None = None


@dataclass
class _RunStories:
    """What the run needs to place its articles: stored stories by content and by LSH band, and its own so far."""

    by_hash: dict[str, int | None]
    by_band: dict[str, list[tuple[bytes, int]]]
    run_by_hash: dict[str, _Placed] = field(default_factory=dict)
    run_by_band: dict[str, list[tuple[bytes, _Placed]]] = field(default_factory=dict)


def _load_stories(session: Session, run: Sequence[Entry]) -> _RunStories:
    hashes = {prepared.content_hash for prepared, _ in run if prepared.content_hash}
    by_hash: dict[str, int | None] = {}
    if hashes:
        for content_hash, story_id in session.exec(
                select(Article.content_hash, Article.story_id)
                .where(col(Article.content_hash).in_(hashes), col(Article.story_id).is_not(None))):
            by_hash.setdefault(content_hash, story_id)
    bands = {key for prepared, _ in run if prepared.minhash for key in stories.band_keys(prepared.minhash)}
    by_band: dict[str, list[tuple[bytes, int]]] = {}
    if bands:
        for band, minhash, story_id in session.exec(
                select(ArticleBand.band, Article.minhash, Article.story_id)
                .join(Article, col(Article.id) == ArticleBand.article_id)
                .where(col(ArticleBand.band).in_(bands), col(Article.story_id).is_not(None))):
            if minhash is not None:
                by_band.setdefault(band, []).append((minhash, story_id))
    return _RunStories(by_hash=by_hash, by_band=by_band)


def _place(prepared: PreparedArticle, known: _RunStories, new_stories: list[str]) -> _Placed:
    """The story of an article: a stored or earlier near-duplicate's (same content, or a similar MinHash)."""
    if prepared.content_hash:
        if prepared.content_hash in known.by_hash:
            return _Placed(story_id=known.by_hash[prepared.content_hash])
        if prepared.content_hash in known.run_by_hash:
            return known.run_by_hash[prepared.content_hash]
    best: tuple[float, _Placed] | None = None
    if prepared.minhash is not None:
        keys = stories.band_keys(prepared.minhash)
        candidates = [(other, _Placed(story_id=sid)) for key in keys for other, sid in known.by_band.get(key, ())]
        candidates += [pair for key in keys for pair in known.run_by_band.get(key, ())]
        for other, placed in candidates:
            score = stories.similarity(prepared.minhash, other)
            if score >= stories.SIMILARITY and (best is None or score > best[0]):
                best = (score, placed)
    if best is not None:
        return best[1]
    new_stories.append(prepared.title[:500])
    return _Placed(new_story=len(new_stories) - 1)


def _store_run(session: Session, run: Sequence[Entry], now: datetime) -> list[IngestResult]:
    """New articles (URLs not stored, each once) in bulk."""
    if not run:
        return []
    known = _load_stories(session, run)
    new_stories: list[str] = []
    placed: list[_Placed] = []
    for prepared, _ in run:
        where = _place(prepared, known, new_stories)
        placed.append(where)
        if prepared.content_hash:
            known.run_by_hash.setdefault(prepared.content_hash, where)
        if prepared.minhash is not None:
            for key in stories.band_keys(prepared.minhash):
                known.run_by_band.setdefault(key, []).append((prepared.minhash, where))
    story_ids = _insert_returning(session, Story, [{"title": title, "first_seen": as_utc(now)}
                                                   for title in new_stories])
    for where in placed:
        if where.new_story is not None:
            where.story_id = story_ids[where.new_story]
    rows = [_article_row(prepared, source_id, where.story_id, now)
            for (prepared, source_id), where in zip(run, placed, strict=True)]
    article_ids = _insert_returning(session, Article, rows)
    _insert(session, ArticleBand, [{"band": key, "article_id": article_id}
                                   for (prepared, _), article_id in zip(run, article_ids, strict=True)
                                   if prepared.minhash is not None
                                   for key in sorted(set(stories.band_keys(prepared.minhash)))])
    for source_id, count in Counter(source_id for _, source_id in run if source_id is not None).items():
        session.connection().execute(
            update(Source).where(col(Source.id) == source_id).values(items_found=col(Source.items_found) + count))
        if (held := session.identity_map.get(session.identity_key(Source, source_id))) is not None:
            session.expire(held, ["items_found"])
    _insert(session, ArticleCompany, [{"article_id": article_id, "company_id": cid, "confidence": confidence}
                                      for (prepared, _), article_id in zip(run, article_ids, strict=True)
                                      for cid, confidence in prepared.companies])
    created = _store_signals(session, run, article_ids, placed, now)
    return [IngestResult(article_id, True, new, where.story_id)
            for article_id, where, new in zip(article_ids, placed, created, strict=True)]


def _article_row(prepared: PreparedArticle, source_id: int | None, story_id: int | None,
                 now: datetime) -> dict[str, Any]:
    return {"url": prepared.url, "source_id": source_id, "story_id": story_id,
            "fetched_at": as_utc(prepared.raw.fetched_at) or as_utc(now), **article_values(prepared)}


def _store_signals(session: Session, run: Sequence[Entry], article_ids: Sequence[int], placed: Sequence[_Placed],
                   now: datetime) -> list[int]:
    """One signal per (company, story, kind): a stored one keeps the best evidence; new ones in one INSERT."""
    rows: dict[str, dict[str, Any]] = {}
    owner: dict[str, int] = {}  # dedup key -> index of the article that created it
    for index, ((prepared, _), article_id, where) in enumerate(zip(run, article_ids, placed, strict=True)):
        when = as_utc(occurred_at(prepared.raw, now))
        for found in prepared.signals:
            key = f"{found.company_id}:{where.story_id}:{found.kind}"
            row = rows.get(key)
            if row is None:
                rows[key] = {"company_id": found.company_id, "kind": found.kind, "confidence": found.confidence,
                             "evidence": found.evidence, "facts": dict(found.facts), "article_id": article_id,
                             "story_id": where.story_id, "contact_id": None, "occurred_at": when,
                             "detected_at": as_utc(now), "dedup_key": key, "wrong": False, "corrected_kind": None}
                owner[key] = index
            elif found.confidence > row["confidence"]:
                # A later source of the same story may state the event more clearly; keep the best evidence.
                row.update(confidence=found.confidence, evidence=found.evidence, facts={**row["facts"], **found.facts})
    for existing in session.exec(select(Signal).where(col(Signal.dedup_key).in_(list(rows)))).all() if rows else ():
        row = rows.pop(existing.dedup_key)
        owner.pop(existing.dedup_key)
        keep_best_evidence(session=session, signal=existing, confidence=row["confidence"], evidence=row["evidence"],
                           facts=row["facts"])
    _insert(session, Signal, list(rows.values()))
    session.flush()
    created = [0] * len(run)
    for index in owner.values():
        created[index] += 1
    return created


def _insert(session: Session, model: type, rows: list[dict[str, Any]]) -> None:
    if rows:
        session.connection().execute(insert(model), rows)


def _insert_returning(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """INSERT the rows in one statement; their new ids, in the rows' order."""
    if not rows:
        return []
    statement = insert(model).returning(model.id, sort_by_parameter_order=True)
    return [row_id for (row_id,) in session.connection().execute(statement, rows)]
