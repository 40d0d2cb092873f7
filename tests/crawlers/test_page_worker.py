"""Page workers: a fetched page to a prepared article, inline or in worker processes; a dead worker costs one page."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse, TextResponse

import crawlers.page_worker
from crawlers.items import ArticleItem, PageItem
from crawlers.page_worker import PageOutcome, PagePool, feed_article, prepare, process_alive
from tests.helpers.crawl import FILES
from tracker.ingest import PreparedArticle, RawArticle, prepare_article
from tracker.linking import CompanyMatcher, CompanyRef

ARTICLES = FILES / "rss" / "articles"
FETCHED = datetime(2026, 3, 3, 8, 0, tzinfo=UTC)
MATCHER = CompanyMatcher([
    CompanyRef(1, "Cartoplex Mapping", aliases=("Cartoplex",), domain="cartoplex.example"),
    CompanyRef(2, "Geodyne Surveys", aliases=("Geodyne",), domain="geodyne.example"),
])
ENTRY_TITLE = "Geodyne Surveys opens a new office in Porto"
ENTRY_SUMMARY = "Geodyne Surveys will open an office in Porto and hire thirty surveyors there this year."
NO_ARTICLE = b"<html><body><nav><a href='/'>Home</a></nav><p>Subscribe.</p></body></html>"


def page_job(body: bytes | Path, *, url: str = "http://news.test/articles/a.html", title: str = ENTRY_TITLE,
             summary: str = ENTRY_SUMMARY, response_class: type = HtmlResponse, source: Any = 7) -> PageItem:
    return PageItem(url=url, page_url=url + "?from=feed", body=body.read_bytes() if isinstance(body, Path) else body,
                    content_type="text/html; charset=utf-8", response_class=response_class, fetched_at=FETCHED,
                    source=source, source_url="http://news.test/feed.xml", entry_title=title, entry_summary=summary,
                    entry_published=datetime(2026, 3, 1, tzinfo=UTC))


def article_job(*, url: str = "http://news.test/articles/b.html", source: Any = 7) -> ArticleItem:
    return ArticleItem(url=url, fetched_at=FETCHED, title="Cartoplex Mapping raises $40 million Series B",
                       text="Cartoplex Mapping raised $40 million in a Series B funding round led by Northgate.",
                       source=source, summary="Series B", feed_only=True)


def feed_only(job: PageItem) -> PreparedArticle:
    return prepare_article(RawArticle(url=job.url, title=job.entry_title, text=job.entry_summary,
                                      summary=job.entry_summary, source_url=job.source_url,
                                      published=job.entry_published, fetched_at=job.fetched_at, feed_only=True),
                           MATCHER)


@pytest.mark.parametrize(
    ("name", "title", "company", "kind"),
    [
        ("cartoplex-series-b.html", "Cartoplex Mapping raises $40 million Series B", 1, "funding"),
        ("geodyne-porto.html", "Geodyne Surveys opens a new office in Porto", 2, "expansion"),
        ("geodyne-cto.html", "Geodyne Surveys names Ana Ribeiro chief technology officer", 2, "leadership_change"),
    ],
)
def test_prepare_page_gives_the_pages_article_companies_and_signals(name: str, title: str, company: int,
                                                                    kind: str) -> None:
    job = page_job(ARTICLES / name, title="Listing title", summary="Listing summary")
    outcome = prepare(job, MATCHER)
    assert outcome.warning is None and outcome.error is None
    prepared = outcome.prepared
    assert prepared is not None
    assert prepared.title == title  # the page's, not the listing's
    assert prepared.url == job.url and prepared.raw.source_url == job.source_url
    assert not prepared.raw.feed_only
    assert "Listing summary" not in prepared.text and len(prepared.text) > 200
    assert prepared.raw.summary == "Listing summary"
    assert [cid for cid, _ in prepared.companies] == [company]
    assert [(signal.company_id, signal.kind) for signal in prepared.signals] == [(company, kind)]


def test_prepare_page_takes_the_pages_text_and_outgoing_links() -> None:
    prepared = prepare(page_job(ARTICLES / "cartoplex-series-b.html"), MATCHER).prepared
    assert prepared is not None
    assert "raised $40 million in a Series B funding round" in prepared.text
    assert "Most read" not in prepared.text
    assert prepared.raw.links == ("https://cartoplex.example/press", "https://northgate.example/")
    assert prepared.raw.published == datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # the page's date, not the entry's


@pytest.mark.parametrize("body", [NO_ARTICLE, b"", b"\x00\x01\x02"])
def test_page_without_article_text_falls_back_to_its_listing_entry(body: bytes) -> None:
    job = page_job(body)
    outcome = prepare(job, MATCHER)
    assert outcome == PageOutcome(prepared=feed_only(job))
    assert outcome.prepared.raw.feed_only
    assert outcome.prepared.title == ENTRY_TITLE and outcome.prepared.text == ENTRY_SUMMARY
    assert [(s.company_id, s.kind) for s in outcome.prepared.signals] == [(2, "expansion")]


@pytest.mark.parametrize(("title", "summary", "kept"), [("", "", False), (ENTRY_TITLE, "", True),
                                                        ("", ENTRY_SUMMARY, True)])
def test_page_without_text_keeps_its_entry_unless_the_entry_is_empty(title: str, summary: str, kept: bool) -> None:
    job = page_job(NO_ARTICLE, title=title, summary=summary)
    outcome = prepare(job, MATCHER)
    assert outcome == PageOutcome(prepared=feed_only(job) if kept else None)
    assert (feed_article(job) is not None) is kept


def test_a_page_that_breaks_the_extractor_falls_back_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(response: TextResponse) -> None:
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(crawlers.page_worker, "extract_page", broken)
    job = page_job(ARTICLES / "cartoplex-series-b.html")
    outcome = asyncio.run(PagePool(MATCHER, workers=0).prepare(job))
    assert outcome.prepared == feed_only(job)
    assert outcome.warning == f"extraction failed for {job.url}: RuntimeError: parser exploded"
    assert outcome.error is None


def test_article_item_is_analysed_as_it_is() -> None:
    job = article_job()
    prepared = prepare(job, MATCHER).prepared
    assert prepared is not None
    assert prepared.raw.feed_only and prepared.raw.summary == "Series B"
    assert [(s.company_id, s.kind) for s in prepared.signals] == [(1, "funding")]


def jobs() -> list[PageItem | ArticleItem]:
    pages = [page_job(path, url=f"http://news.test/articles/{path.stem}.html") for path in sorted(ARTICLES.glob("*"))]
    return [*pages, page_job(NO_ARTICLE, url="http://news.test/empty.html"), article_job()]


async def prepare_all(pool: PagePool, batch: list[PageItem | ArticleItem]) -> list[PageOutcome]:
    return list(await asyncio.gather(*(pool.prepare(job) for job in batch)))


def test_worker_processes_prepare_the_same_articles_as_inline() -> None:
    batch = jobs()
    inline = asyncio.run(prepare_all(PagePool(MATCHER, workers=0), batch))
    pool = PagePool(MATCHER, workers=2)
    try:
        pool.start()
        pooled = asyncio.run(prepare_all(pool, batch))
        workers = list(pool._executor._processes.values())
    finally:
        pool.close()
    assert len(workers) == 2 and all(worker.pid != os.getpid() for worker in workers)
    assert all(not worker.is_alive() for worker in workers)  # closed
    assert sum(outcome.prepared is not None and bool(outcome.prepared.signals) for outcome in inline) >= 5
    assert pooled == inline


class _KillsWorkerWhenUnpickled:
    """A value that ends the process that unpickles it: a job carrying it kills the worker it is sent to."""

    def __reduce__(self) -> tuple[Any, tuple[int]]:
        return os._exit, (3,)


@pytest.mark.parametrize("kind", ["page", "page without entry", "article"])
def test_a_dead_worker_costs_one_page_which_keeps_its_entry_and_the_next_job_gets_a_new_worker(kind: str) -> None:
    # `source` is not read while preparing, so the job is otherwise ordinary; inline it prepares as usual.
    killer = _KillsWorkerWhenUnpickled()
    if kind == "article":
        dying: PageItem | ArticleItem = article_job(source=killer)
        fallback = prepare(dying, MATCHER).prepared
    elif kind == "page":
        dying = page_job(ARTICLES / "cartoplex-series-b.html", source=killer)
        fallback = feed_only(dying)
    else:
        dying = page_job(ARTICLES / "cartoplex-series-b.html", title="", summary="", source=killer)
        fallback = None
    good = page_job(ARTICLES / "geodyne-porto.html")
    pool = PagePool(MATCHER, workers=1)
    try:
        pool.start()
        assert asyncio.run(pool.prepare(good)) == prepare(good, MATCHER)
        first = next(iter(pool._executor._processes.values()))
        died = asyncio.run(asyncio.wait_for(pool.prepare(dying), timeout=30))
        first.join(5)
        assert first.exitcode not in (None, 0)  # it died (the fork server may report 255 for os._exit(3))
        assert died.error == f"{dying.url}: a page worker died while preparing it"
        assert died.prepared == fallback
        if kind == "page":
            assert died.prepared.raw.feed_only and died.prepared.title == dying.entry_title
        assert died.warning is None
        assert pool._executor is None  # the broken pool was let go
        pool.start()
        after = asyncio.run(asyncio.wait_for(pool.prepare(good), timeout=30))
        assert after == prepare(good, MATCHER) and after.error is None
        assert next(iter(pool._executor._processes.values())).pid != first.pid
    finally:
        pool.close()


def test_a_pool_prepares_inline_until_its_workers_are_up() -> None:
    batch = jobs()
    pool = PagePool(MATCHER, workers=1, start_after=2)
    try:
        first = [asyncio.run(pool.prepare(job)) for job in batch[:2]]
        assert pool._executor is None and pool._starting is None  # a crawl this small never starts workers
        third = asyncio.run(pool.prepare(batch[2]))  # the third starts them, in the background, and runs inline
        assert pool._starting is not None
        pool._starting.join(60)
        worker = next(iter(pool._executor._processes.values()))
        rest = asyncio.run(prepare_all(pool, batch[3:]))
        assert worker.is_alive() and worker.pid != os.getpid()
    finally:
        pool.close()
    assert [*first, third, *rest] == [prepare(job, MATCHER) for job in batch]


def test_process_alive_for_a_running_process() -> None:
    assert process_alive(os.getpid())
    child = subprocess.Popen(["sleep", "5"])
    try:
        assert process_alive(child.pid)
    finally:
        child.kill()
        child.wait()
    assert not process_alive(child.pid)  # exited and reaped


def zombie_state(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except FileNotFoundError:
        return None


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_process_alive_is_false_for_a_zombie() -> None:
    child = subprocess.Popen(["true"])
    try:
        deadline = time.monotonic() + 5
        while zombie_state(child.pid) != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert zombie_state(child.pid) == "Z"  # exited, not yet reaped: the pid still exists
        assert not process_alive(child.pid)
    finally:
        child.wait()
    assert zombie_state(child.pid) is None
    assert not process_alive(child.pid)
