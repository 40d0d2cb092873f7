"""tracker.ingest_batch: storing a batch at once gives what storing its articles one by one gives."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session, SQLModel, select

from tracker.companies import WatchlistEntry, upsert_company
from tracker.db import make_engine
from tracker.ingest import IngestResult, RawArticle, ingest_article, prepare_article, store_article
from tracker.ingest_batch import store_articles
from tracker.linking import load_matcher
from tracker.models import Article, ArticleCompany, Signal, Source, Story

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
FUNDING = ("Cartoplex Mapping, a fictional maker of street maps, said on Monday it has raised $40 million in a "
           "Series B funding round led by Northgate Ventures. The money will pay for a bigger engineering team "
           "in Lisbon, where the company plans to hire forty people over the next year, its chief executive said.")
REWRITE = FUNDING.replace("said on Monday", "announced on Monday").replace("forty people", "40 people")
OFFICE = ("Geodyne Surveys, a fictional survey company, is opening a new engineering office in Porto and plans to "
          "hire 30 people there, the company said in a statement on Tuesday.")


def article(path: str, title: str, text: str, **extra: object) -> RawArticle:
    return RawArticle(url=f"https://news.example/{path}", title=title, text=text,
                      published=datetime(2026, 3, 2, 9, 30, tzinfo=UTC), fetched_at=NOW, **extra)


BEFORE = [article("old", "Cartoplex Mapping hires", FUNDING.replace("$40 million", "$9 million"))]
BATCH = [
    article("a", "Cartoplex Mapping raises $40M", FUNDING, links=("https://cartoplex.example/press",)),
    article("b", "Cartoplex Mapping raises $40M", REWRITE),  # a rewrite: the same story, its signal not new
    article("c", "Cartoplex Mapping raises $40M", FUNDING),  # a copy: the same story by content
    article("d", "Geodyne Surveys opens in Porto", OFFICE),  # another story
    article("e", "Geodyne news", "A short teaser about a survey company.", feed_only=True),
    article("e", "Geodyne Surveys opens in Porto", OFFICE + " More detail."),  # the teaser's page, same batch
    article("old", "Cartoplex Mapping hires", "stored before this batch"),  # already stored: nothing happens
    article("d", "Geodyne Surveys opens in Porto", OFFICE),  # twice in the batch: stored once
    article("f", "Quiet day", "Nothing happened at any fictional company today, the reporter noted."),
]


def seed(url: str) -> Session:
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    session = Session(engine, expire_on_commit=False)
    for entry in (WatchlistEntry(name="Cartoplex Mapping", domain="cartoplex.example"),
                  WatchlistEntry(name="Geodyne Surveys", domain="geodyne.example")):
        upsert_company(session=session, entry=entry)
    session.add(Source(url="https://news.example/feed", kind="rss"))
    session.commit()
    matcher = load_matcher(session=session)
    for raw in BEFORE:
        ingest_article(session=session, raw=raw, matcher=matcher, now=NOW, source_id=source_id(session))
    session.commit()
    return session


def source_id(session: Session) -> int:
    return session.exec(select(Source.id)).one()


def snapshot(session: Session, results: list[IngestResult]) -> dict[str, object]:
    """The database and the results, with ids replaced by URLs and stories by the URLs they group."""
    articles = session.exec(select(Article).order_by(Article.url)).all()
    url_of = {a.id: a.url for a in articles}
    story_of = {a.story_id: frozenset(b.url for b in articles if b.story_id == a.story_id) for a in articles}
    return {
        "results": [(url_of.get(r.article_id), r.new_article, r.new_signals, story_of.get(r.story_id))
                    for r in results],
        "articles": [(a.url, a.title, a.text, a.feed_only, a.content_hash, a.minhash, story_of[a.story_id],
                      a.published_at) for a in articles],
        "links": sorted((url_of[link.article_id], link.company_id, link.confidence)
                        for link in session.exec(select(ArticleCompany)).all()),
        "signals": sorted((s.company_id, s.kind, s.confidence, s.evidence, url_of[s.article_id],
                           story_of[s.story_id], s.occurred_at, s.detected_at)
                          for s in session.exec(select(Signal)).all()),
        "stories": len(session.exec(select(Story)).all()),
        "items_found": session.get(Source, source_id(session)).items_found,
    }


def test_a_batch_stores_what_one_by_one_stores(db_url: str, tmp_path: Path) -> None:
    one_by_one = seed(f"sqlite:///{tmp_path / 'reference.sqlite3'}")
    batched = seed(db_url)
    prepared = [prepare_article(raw, load_matcher(session=one_by_one)) for raw in BATCH]
    expected = [store_article(session=one_by_one, prepared=p, now=NOW, source_id=source_id(one_by_one))
                for p in prepared]
    one_by_one.commit()
    got = store_articles(session=batched, entries=[(p, source_id(batched)) for p in prepared], now=NOW)
    batched.commit()
    reference, result = snapshot(one_by_one, expected), snapshot(batched, got)
    assert result == reference
    # and what that is: six new articles (the teaser's page completes it), in four stories with the one stored
    # before; one signal per (company, story, kind): the rewrite adds hiring to its story's funding, no more
    assert [new for _, new, _, _ in result["results"]] == [True, True, True, True, True, False, False, False, True]
    assert [signals for _, _, signals, _ in result["results"]] == [0, 1, 0, 2, 0, 2, 0, 0, 0]
    assert result["stories"] == 4 and result["items_found"] == 7
    assert len(result["signals"]) == len({(c, kind, story) for c, kind, *_, story, _, _ in result["signals"]}) == 6
    one_by_one.close()
    batched.close()


def test_storing_the_same_batch_again_changes_nothing(db_url: str) -> None:
    session = seed(db_url)
    matcher = load_matcher(session=session)
    entries = [(prepare_article(raw, matcher), source_id(session)) for raw in BATCH]
    store_articles(session=session, entries=entries, now=NOW)
    session.commit()
    before = snapshot(session, [])
    again = store_articles(session=session, entries=entries, now=NOW)
    session.commit()
    assert snapshot(session, []) == before
    assert all(not r.new_article and r.new_signals == 0 for r in again)
    session.close()


def test_an_empty_batch_stores_nothing(db_url: str) -> None:
    session = seed(db_url)
    assert store_articles(session=session, entries=[], now=NOW) == []
    session.close()
