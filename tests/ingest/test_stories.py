"""Near-duplicate detection: shingles, MinHash signatures, LSH bands, stories in the database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from tracker.models import Article, ArticleBand, Story
from tracker.stories import assign_story, band_keys, shingles, signature, similarity, story_articles

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
WIRE = ("Cartoplex Mapping, the Lyon-based maker of street-level mapping software, said on Monday it has raised "
        "$40 million in a Series B funding round led by Northgate Ventures. The company plans to use the new "
        "funding to double its engineering team over the next eighteen months and to open an office in Montreal, "
        "chief executive Louise Marchand said. Cartoplex Mapping builds tools that turn dashcam video into "
        "up-to-date street maps for cities and delivery fleets.")
REPRINT = WIRE.replace("said on Monday", "announced on Monday").replace("Northgate Ventures", "Northgate Ventures LP") \
    + " Reporting by a fictional wire service."
OTHER = ("Geodyne Surveys is opening a new engineering office in Porto, Portugal. The office will host about 60 "
         "people by the end of next year, the company said, most of them software engineers and photogrammetry "
         "specialists working on drone surveys.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", set()),
        ("One two", {b"one two"}),
        ("One, two; THREE four", {b"one two three four"}),
        ("a b c d e", {b"a b c d", b"b c d e"}),
    ],
)
def test_shingles(text: str, expected: set[bytes]) -> None:
    assert shingles(text) == expected


@pytest.mark.parametrize(
    ("left", "right", "low", "high"),
    [
        (WIRE, WIRE, 1.0, 1.0),
        (WIRE, REPRINT, 0.5, 0.99),
        (WIRE, OTHER, 0.0, 0.2),
    ],
)
def test_similarity_of_signatures(left: str, right: str, low: float, high: float) -> None:
    assert low <= similarity(signature(left), signature(right)) <= high


def test_signature_of_empty_text_is_none_and_bands_are_stable() -> None:
    assert signature("  ... ") is None
    sig = signature(WIRE)
    assert band_keys(sig) == band_keys(signature(WIRE)) and len(set(band_keys(sig))) == len(band_keys(sig))


def _store(session: Session, url: str, text: str) -> Article:
    article = Article(url=url, title="t", text=text, content_hash=url, minhash=signature(text), fetched_at=NOW)
    session.add(article)
    session.flush()
    assign_story(session=session, article=article, title=text[:40], now=NOW)
    return article


def test_near_duplicates_share_a_story_others_start_their_own(session: Session) -> None:
    first = _store(session, "https://a.test/1", WIRE)
    second = _store(session, "https://b.test/2", REPRINT)
    third = _store(session, "https://c.test/3", OTHER)
    session.commit()
    assert first.story_id == second.story_id != third.story_id
    assert len(session.exec(select(Story)).all()) == 2
    assert session.exec(select(ArticleBand).where(ArticleBand.article_id == first.id)).all()
    grouped = story_articles(session=session, story_ids=[first.story_id])
    assert [a.url for a in grouped[first.story_id]] == ["https://a.test/1", "https://b.test/2"]


def test_exact_same_content_hash_is_the_same_story(session: Session) -> None:
    first = Article(url="https://a.test/x", title="t", text="short", content_hash="same", fetched_at=NOW)
    second = Article(url="https://b.test/y", title="t", text="short", content_hash="same", fetched_at=NOW)
    for article in (first, second):
        session.add(article)
        session.flush()
        assign_story(session=session, article=article, title="t", now=NOW)
    assert first.story_id == second.story_id


def test_signature_is_datasketch_minhash_of_the_shingles() -> None:
    from datasketch import MinHash

    from tracker.stories import _SEED, NUM_PERM

    expected = MinHash(num_perm=NUM_PERM, seed=_SEED)
    expected.update_batch(shingles(WIRE))
    assert signature(WIRE) == expected.hashvalues.astype("<u4").tobytes()
    short = MinHash(num_perm=NUM_PERM, seed=_SEED)
    short.update_batch(shingles("Two words"))
    assert signature("Two words") == short.hashvalues.astype("<u4").tobytes()
