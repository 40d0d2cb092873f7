"""'Crawl now' from the dashboard: a crawl in a child process, watched from a thread, so pages never freeze."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import streamlit as st

from dashboard import data


@dataclass
class CrawlJob:
    """One crawl started from the dashboard, and what became of it."""

    url: str
    started_at: datetime
    finished_at: datetime | None = None
    result: dict[str, Any] | None = None
    error: str | None = None
    progress: dict[str, Any] = field(default_factory=dict)  # the crawl's running statistics
    thread: threading.Thread | None = field(default=None, repr=False)

    @property
    def running(self) -> bool:
        """True while the crawl's process is still going."""
        return self.finished_at is None


@st.cache_resource(show_spinner=False)
def _jobs() -> dict[str, CrawlJob]:
    # One registry for the whole server: every browser tab sees the same crawl.
    return {}


def current(url: str) -> CrawlJob | None:
    """The latest crawl started from the dashboard for this database, if any."""
    return _jobs().get(url)


def _run(job: CrawlJob, source_ids: list[int] | None) -> None:
    # Scrapy runs in its own process (crawlers.run), never in the Streamlit server: Twisted's reactor
    # cannot restart inside one process, and the page must stay responsive while it works.
    from crawlers.run import crawl_in_subprocess
    from tracker.config import load_settings

    try:
        job.result = crawl_in_subprocess(settings=load_settings(database_url=job.url), source_ids=source_ids,
                                         trigger="dashboard", progress=job.progress.update)
    except Exception as exc:  # noqa: BLE001 - shown to the user on the Sources page
        job.error = str(exc) or exc.__class__.__name__
    finally:
        job.finished_at = data.now()
        data.refresh()


def start(url: str, *, source_ids: list[int] | None = None) -> CrawlJob:
    """Start a crawl of the enabled sources (or `source_ids`) unless one is already running."""
    jobs = _jobs()
    running = jobs.get(url)
    if running is not None and running.running:
        return running
    job = CrawlJob(url=url, started_at=data.now())
    job.thread = threading.Thread(target=_run, args=(job, source_ids), name="hjm-crawl", daemon=True)
    jobs[url] = job
    job.thread.start()
    return job
