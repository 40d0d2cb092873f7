"""The same story, once: MinHash over word shingles, LSH bands in the database, stories of near-duplicates."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from sqlalchemy import insert
from sqlmodel import Session, select

from tracker.models import Article, ArticleBand, Story

SHINGLE_WORDS = 4  # short enough that a wire story with a few edited words still shares most shingles
NUM_PERM = 128
BANDS, ROWS = 32, 4  # LSH candidate threshold (1/32) ** (1/4) ~ 0.42, below SIMILARITY
SIMILARITY = 0.5  # estimated Jaccard at or above which two articles are the same story
MAX_WORDS = 4000  # duplicates agree on their opening; long tails only cost time
_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = 7


@lru_cache(maxsize=1)
def _template() -> MinHash:
    # The permutations are derived once; every signature reuses them (and stays comparable).
    return MinHash(num_perm=NUM_PERM, seed=_SEED)


def words(text: str) -> list[str]:
    """Lower-cased words of a text (the unit of shingles)."""
    return _WORD.findall(text.lower())[:MAX_WORDS]


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Overlapping runs of `size` words (the whole text when shorter)."""
    return set(_shingles_of(words(text), size))


def _shingles_of(tokens: Sequence[str], size: int = SHINGLE_WORDS) -> list[bytes]:
    if len(tokens) <= size:
        return [" ".join(tokens).encode()] if tokens else []
    return [" ".join(run).encode() for run in zip(*(tokens[i:] for i in range(size)), strict=False)]


def signature(text: str) -> bytes | None:
    """The MinHash signature of a text as bytes (None for a text without words)."""
    return signature_of_words(words(text))


def signature_of_words(tokens: Sequence[str]) -> bytes | None:
    """The MinHash signature of a text already split by words() (None when there are none)."""
    grams = _shingles_of(tokens)
    if not grams:
        return None
    # datasketch's sha1_hash32 (the first 4 bytes of SHA-1, little-endian), hashed in one pass rather than one
    # Python call per shingle; duplicates cannot change a minimum, so the list need not be a set.
    sha1 = hashlib.sha1
    hashes = np.frombuffer(b"".join([sha1(gram).digest()[:4] for gram in grams]), dtype="<u4")
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=int, permutations=template.permutations,
                      scheme=template.scheme)
    minhash.update_batch(hashes.tolist())
    return minhash.hashvalues.astype("<u4").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    left, right = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if left.shape != right.shape:
        return 0.0
    return float(np.count_nonzero(left == right)) / len(left)


def band_keys(sig: bytes) -> list[str]:
    """The LSH band keys of a signature: articles sharing one are candidates."""
    return list(_band_keys(sig))


@lru_cache(maxsize=16)
def _band_keys(sig: bytes) -> tuple[str, ...]:
    # Cached: an ingest needs the keys twice, to find candidates and to store its own bands.
    width = ROWS * 4
    return tuple(f"{i}:{hashlib.blake2b(sig[i * width:(i + 1) * width], digest_size=8).hexdigest()}"
                 for i in range(BANDS))


def story_text(title: str, text: str) -> str:
    """What the signature is computed over: the title and the body."""
    return f"{title}\n{text}".strip()


def find_story(*, session: Session, sig: bytes | None, content_hash: str) -> int | None:
    """The story of an already stored near-duplicate (same content or similar signature), if any."""
    if content_hash:
        same = session.exec(
            select(Article.story_id).where(Article.content_hash == content_hash, Article.story_id.is_not(None))
        ).first()
        if same is not None:
            return same
    if sig is None:
        return None
    candidates = session.exec(
        select(Article.id, Article.minhash, Article.story_id)
        .join(ArticleBand, ArticleBand.article_id == Article.id)
        .where(ArticleBand.band.in_(band_keys(sig)), Article.story_id.is_not(None))
        .distinct()
    ).all()
    best: tuple[float, int] | None = None
    for _id, other, story_id in candidates:
        if other is None:
            continue
        score = similarity(sig, other)
        if score >= SIMILARITY and (best is None or score > best[0]):
            best = (score, story_id)
    return best[1] if best else None


def assign_story(*, session: Session, article: Article, title: str, now: datetime) -> Story:
    """Put an article (flushed, or new and not yet added) into the story of its near-duplicates, or a new one."""
    story_id = find_story(session=session, sig=article.minhash, content_hash=article.content_hash)
    story = session.get(Story, story_id) if story_id is not None else None
    if story is None:
        story = Story(title=title[:500], first_seen=now)
        session.add(story)
        session.flush()
    article.story_id = story.id
    session.add(article)
    session.flush()
    if article.minhash is not None:
        # One executemany: per-row ORM objects made this the slowest step of an ingest.
        session.connection().execute(insert(ArticleBand), [{"band": key, "article_id": article.id}
                                                           for key in sorted(set(band_keys(article.minhash)))])
    return story


def story_articles(*, session: Session, story_ids: Sequence[int]) -> dict[int, list[Article]]:
    """Every article of each story (its sources), oldest first."""
    if not story_ids:
        return {}
    rows = session.exec(
        select(Article).where(Article.story_id.in_(list(story_ids))).order_by(Article.fetched_at, Article.id)
    ).all()
    grouped: dict[int, list[Article]] = {sid: [] for sid in story_ids}
    for row in rows:
        grouped.setdefault(row.story_id, []).append(row)
    return grouped
