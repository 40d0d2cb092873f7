"""tracker.ingest: canonical URLs, idempotent articles and signals, feed-only upgrades (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from tracker.companies import WatchlistEntry, upsert_company
from tracker.ingest import RawArticle, canonical_url, content_hash, ingest_article, occurred_at, store_signal
from tracker.linking import load_matcher
from tracker.models import Article, ArticleCompany, Signal, Source

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
FUNDING = ("Cartoplex Mapping, a fictional maker of street maps, said on Monday it has raised $40 million in a "
           "Series B funding round led by Northgate Ventures. The money will pay for a bigger engineering team.")


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://News.Example/a?utm_source=rss&utm_medium=feed", "https://news.example/a"),
        ("https://news.example/a?b=2&a=1#section", "https://news.example/a?a=1&b=2"),
        ("https://news.example/a?fbclid=x&gclid=y&id=7", "https://news.example/a?id=7"),
        ("https://news.example/caf%C3%A9 menu", "https://news.example/caf%C3%A9%20menu"),
        ("https://news.example", "https://news.example/"),
        ("  https://news.example/a  ", "https://news.example/a"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_content_hash_ignores_case_and_spacing() -> None:
    assert content_hash("Title", "Some  text\n here") == content_hash("title", "some text here")
    assert content_hash("Title", "Some text") != content_hash("Title", "Other text")


@pytest.mark.parametrize(
    ("published", "fetched", "expected"),
    [
        (datetime(2026, 3, 1, tzinfo=UTC), None, datetime(2026, 3, 1, tzinfo=UTC)),
        (datetime(2026, 3, 1), None, datetime(2026, 3, 1, tzinfo=UTC)),  # naive is UTC
        (None, datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)),
        (None, None, NOW),
        (NOW + timedelta(days=30), datetime(2026, 3, 9, tzinfo=UTC), datetime(2026, 3, 9, tzinfo=UTC)),
    ],
)
def test_occurred_at_is_the_publication_date_with_fallbacks(published, fetched, expected) -> None:  # noqa: ANN001
    raw = RawArticle(url="https://x.example/a", title="t", text="x", published=published, fetched_at=fetched)
    assert occurred_at(raw, NOW) == expected


@pytest.fixture
def world(session: Session) -> dict[str, int]:
    company, _ = upsert_company(session=session, entry=WatchlistEntry(name="Cartoplex Mapping",
                                                                       domain="cartoplex.example"))
    source = Source(url="https://news.example/feed", kind="rss")
    session.add(source)
    session.commit()
    return {"company": company.id, "source": source.id}


def test_ingest_twice_stores_once(session: Session, world: dict[str, int]) -> None:
    matcher = load_matcher(session=session)
    raw = RawArticle(url="https://news.example/cartoplex?utm_source=rss", title="Cartoplex Mapping raises $40M",
                     text=FUNDING, published=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
                     links=("https://cartoplex.example/press",))
    first = ingest_article(session=session, raw=raw, matcher=matcher, now=NOW, source_id=world["source"])
    session.commit()
    again = ingest_article(session=session, raw=raw, matcher=matcher, now=NOW + timedelta(hours=1),
                           source_id=world["source"])
    other_spelling = ingest_article(session=session, raw=RawArticle(url="https://news.example/cartoplex#top",
                                                                    title="x", text="y"), matcher=matcher, now=NOW)
    session.commit()
    assert (first.new_article, first.new_signals) == (True, 1)
    assert (again.new_article, again.new_signals, again.article_id) == (False, 0, first.article_id)
    assert other_spelling.article_id == first.article_id
    article = session.exec(select(Article)).one()
    assert article.url == "https://news.example/cartoplex" and article.minhash is not None
    signal = session.exec(select(Signal)).one()
    assert (signal.company_id, signal.kind, signal.article_id, signal.story_id) == (
        world["company"], "funding", article.id, article.story_id)
    assert signal.dedup_key == f"{world['company']}:{article.story_id}:funding"
    assert signal.occurred_at == datetime(2026, 3, 2, 9, 30, tzinfo=UTC) and signal.detected_at == NOW
    assert session.exec(select(ArticleCompany)).one().company_id == world["company"]
    assert session.get(Source, world["source"]).items_found == 1


def test_feed_only_article_is_completed_when_its_page_arrives(session: Session, world: dict[str, int]) -> None:
    matcher = load_matcher(session=session)
    url = "https://news.example/cartoplex-b"
    teaser = RawArticle(url=url, title="Cartoplex Mapping news", text="A short teaser about a mapping company.",
                        feed_only=True)
    first = ingest_article(session=session, raw=teaser, matcher=matcher, now=NOW)
    full = ingest_article(session=session, raw=RawArticle(url=url, title="Cartoplex Mapping raises $40M",
                                                          text=FUNDING), matcher=matcher, now=NOW)
    teaser_again = ingest_article(session=session, raw=teaser, matcher=matcher, now=NOW)
    session.commit()
    article = session.exec(select(Article)).one()
    assert (first.new_signals, full.new_article, full.new_signals, teaser_again.new_signals) == (0, False, 1, 0)
    assert not article.feed_only and "Series B" in article.text


def test_empty_articles_are_skipped(session: Session, world: dict[str, int]) -> None:
    result = ingest_article(session=session, raw=RawArticle(url="https://x.example/e", title=" ", text=""),
                            matcher=load_matcher(session=session), now=NOW)
    assert (result.article_id, result.new_article) == (None, False)
    assert session.exec(select(Article)).all() == []


def test_store_signal_is_idempotent_and_keeps_the_best_evidence(session: Session, world: dict[str, int]) -> None:
    common = {"session": session, "company_id": world["company"], "kind": "funding", "facts": {"amount": 40e6},
              "occurred_at": NOW, "now": NOW, "dedup_key": "k1"}
    first, created = store_signal(confidence=0.6, evidence="teaser", **common)
    weaker, created_weaker = store_signal(confidence=0.5, evidence="weaker", **common)
    better, created_better = store_signal(confidence=0.9, evidence="clear sentence", **common)
    session.commit()
    assert (created, created_weaker, created_better) == (True, False, False)
    assert first.id == weaker.id == better.id
    stored = session.exec(select(Signal)).one()
    assert (stored.confidence, stored.evidence) == (0.9, "clear sentence")


def test_items_found_counts_new_articles_also_on_a_source_the_session_holds(session: Session,
                                                                              world: dict[str, int]) -> None:
    matcher = load_matcher(session=session)
    source = session.get(Source, world["source"])
    assert source.items_found == 0
    ingest_article(session=session, raw=RawArticle(url="https://x.example/1", title="One", text=FUNDING),
                   matcher=matcher, now=NOW, source_id=source.id)
    ingest_article(session=session, raw=RawArticle(url="https://x.example/1", title="One", text=FUNDING),
                   matcher=matcher, now=NOW, source_id=source.id)
    assert source.items_found == 1
