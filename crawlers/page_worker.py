"""Pages to prepared articles (extraction and analysis), in worker processes so a crawl uses every core.

The crawl's reactor only fetches and stores; the CPU-heavy half of each article (trafilatura on the page, company
linking, signal detection, the MinHash) runs here. Jobs and results are plain, picklable data. With no workers
configured (HJM_PAGE_WORKERS=0) the same functions run in the crawl's own process.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from crawlers.extract import extract_page
from crawlers.items import ArticleItem, PageItem
from tracker.ingest import PreparedArticle, RawArticle, prepare_article

logger = logging.getLogger(__name__)
_MATCHER: Any = None  # a worker process's copy of the crawl's CompanyMatcher
ORPHAN_CHECK_SECONDS = 0.5
POOL_AFTER_JOBS = 16  # articles prepared inline before a crawl starts its workers


@dataclass(frozen=True)
class PageOutcome:
    """What became of a page: the prepared article (None: nothing worth storing), and what to report."""

    prepared: PreparedArticle | None
    warning: str | None = None  # logged: the page broke the extractor, its listing entry was kept
    error: str | None = None  # counted against the crawl: a worker died


def to_raw(item: ArticleItem) -> RawArticle:
    """The tracker's view of an article item."""
    return RawArticle(url=item.url, title=item.title, text=item.text, source_url=item.source_url,
                      published=item.published, summary=item.summary, fetched_at=item.fetched_at,
                      feed_only=item.feed_only, links=tuple(item.links))


def feed_article(page: PageItem) -> RawArticle | None:
    """The listing's own title and summary for a page that gave no text (None when the listing had neither)."""
    if not (page.entry_title or page.entry_summary):
        return None
    return RawArticle(url=page.url, title=page.entry_title, text=page.entry_summary, summary=page.entry_summary,
                      source_url=page.source_url, published=page.entry_published, fetched_at=page.fetched_at,
                      feed_only=True)


def page_article(page: PageItem) -> tuple[RawArticle | None, str | None]:
    """The article a fetched page holds; a page without text (or one that breaks the extractor) falls back to
    its listing entry. Returns (article, warning)."""
    try:
        response = page.response_class(url=page.page_url, body=page.body,
                                       headers={"Content-Type": page.content_type} if page.content_type else None)
        extracted = extract_page(response)
    except Exception as exc:  # noqa: BLE001 - a page that breaks the extractor still has its listing entry
        return feed_article(page), f"extraction failed for {page.url}: {exc.__class__.__name__}: {exc}"[:500]
    if not extracted.text:
        return feed_article(page), None
    return RawArticle(url=page.url, title=extracted.title or page.entry_title, text=extracted.text,
                      source_url=page.source_url, published=extracted.published or page.entry_published,
                      summary=page.entry_summary, fetched_at=page.fetched_at, links=extracted.links), None


def prepare(job: PageItem | ArticleItem, matcher: Any) -> PageOutcome:
    """Extract (for a page) and analyse one article."""
    if isinstance(job, PageItem):
        raw, warning = page_article(job)
    else:
        raw, warning = to_raw(job), None
    return PageOutcome(prepared=prepare_article(raw, matcher) if raw is not None else None, warning=warning)


def _init_worker(matcher: Any, crawl_pid: int) -> None:
    global _MATCHER  # noqa: PLW0603 - one matcher per worker process, set once when it starts
    _MATCHER = matcher
    # Ctrl-C reaches the whole process group: the crawl stops gracefully and then stops its workers itself.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with, args=(crawl_pid,), name="hjm-page-worker-watch", daemon=True).start()


def process_alive(pid: int) -> bool:
    """True while process `pid` runs (a dead one waiting to be reaped, a zombie, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] not in ("Z", "X")
    except FileNotFoundError:
        return False
    except (OSError, IndexError):  # no /proc (macOS): ask the kernel (a zombie then still counts as alive)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def _exit_with(crawl_pid: int) -> None:
    # A crawl killed outright (SIGKILL) cannot stop its workers, and a worker's parent is the fork server, which
    # lives as long as its workers do: so each worker watches the crawl itself and leaves with it.
    while process_alive(crawl_pid):
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(0)


def _prepare_in_worker(job: PageItem | ArticleItem) -> PageOutcome:
    return prepare(job, _MATCHER)


def _ready() -> bool:
    return _MATCHER is not None


class PagePool:
    """Prepares articles in worker processes, or inline: with no workers, and while the workers start.

    A small crawl is over before worker processes would be up, so the pool starts only once the crawl has prepared
    `start_after` articles, in a thread of its own (starting waits for the fork server's imports); the pages in
    between are prepared inline. A worker that dies takes its pool with it, and the next page starts a new one."""

    def __init__(self, matcher: Any, workers: int, *, start_after: int = POOL_AFTER_JOBS) -> None:
        self.matcher = matcher
        self.workers = max(0, workers)
        self.start_after = start_after
        self._jobs = 0
        self._executor: ProcessPoolExecutor | None = None  # only once every worker has started
        self._starting: threading.Thread | None = None
        self._lock = threading.Lock()

    def start(self) -> None:
        """Start the workers now and wait until they are up (a no-op when they are, or with no workers)."""
        with self._lock:
            if self._executor is not None or self.workers == 0:
                return
            context = multiprocessing.get_context("forkserver")
            # forkserver: workers fork from a clean process that already imported this module (fast, and safe
            # beside the reactor's threads, unlike fork); the matcher is sent to each worker once.
            context.set_forkserver_preload([__name__])
            executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=context, initializer=_init_worker,
                                           initargs=(self.matcher, os.getpid()))
            try:
                for started in [executor.submit(_ready) for _ in range(self.workers)]:  # one process each
                    started.result()
            except Exception:
                executor.shutdown(wait=False, cancel_futures=True)
                raise
            self._executor = executor

    def _start_in_background(self) -> None:
        def start() -> None:
            try:
                self.start()
            except Exception as exc:  # noqa: BLE001 - without workers the crawl still runs, inline
                logger.warning("page workers could not start (%s); preparing pages in the crawl's process", exc)
                self.workers = 0

        self._starting = threading.Thread(target=start, name="hjm-page-pool-start", daemon=True)
        self._starting.start()

    async def prepare(self, job: PageItem | ArticleItem) -> PageOutcome:
        """The prepared article for a job, computed in a worker when they are up (the reactor goes on meanwhile)."""
        executor = self._executor
        if executor is None:
            self._jobs += 1
            if self.workers and self._jobs > self.start_after and self._starting is None:
                self._start_in_background()
            return prepare(job, self.matcher)
        try:
            return await asyncio.wrap_future(executor.submit(_prepare_in_worker, job))
        except BrokenProcessPool:
            # A worker died (out of memory, a crash in a parser): the page keeps its listing entry, the crawl goes on.
            self._discard(executor)
            error = f"{job.url}: a page worker died while preparing it"
            if isinstance(job, ArticleItem):
                return PageOutcome(prepared=prepare(job, self.matcher).prepared, error=error)
            raw = feed_article(job)
            return PageOutcome(prepared=prepare_article(raw, self.matcher) if raw else None, error=error)

    def _discard(self, executor: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._executor is not executor:
                return  # already replaced: the pool started since serves the jobs after this one
            self._executor, self._starting = None, None
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the workers (waiting for one still starting)."""
        if self._starting is not None:
            self._starting.join()
        with self._lock:
            executor, self._executor, self._starting = self._executor, None, None
        if executor is not None:
            executor.shutdown(wait=True)
