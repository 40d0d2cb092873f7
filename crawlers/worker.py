"""`hjm worker`: crawl from the shared Redis queue with the shared filter, storing through the usual pipeline."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.core.engine import ExecutionEngine
from scrapy.core.scheduler import BaseScheduler
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import DontCloseSpider
from sqlmodel import Session

from crawlers.context import context_for
from crawlers.distributed import (
    WORKERS_KEY,
    LeasedQueue,
    alive_key,
    busy,
    connect,
    dupefilter,
    processing_key,
    queue_key,
)
from crawlers.settings import scrapy_settings
from crawlers.shared_pending import SharedSourceMixin
from crawlers.spiders import SPIDERS
from tracker.config import Settings
from tracker.db import get_engine
from tracker.models import CrawlRun


class SharedScheduler(BaseScheduler):
    """A Scrapy scheduler over the shared Redis queue: leased pops, acknowledged when processed."""

    def __init__(self, server: redis.Redis, worker_id: str, crawler: Crawler) -> None:
        self.server, self.worker_id, self.crawler = server, worker_id, crawler
        self.queue: LeasedQueue | None = None
        self.df = dupefilter(server)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        """Connect to the Redis of the worker's settings."""
        return cls(connect(crawler.settings["HJM_REDIS_URL"]), crawler.settings["HJM_WORKER_ID"], crawler)

    def open(self, spider: Spider) -> None:
        """Bind the spider's queue."""
        self.queue = LeasedQueue(self.server, spider, queue_key(spider.name), worker_id=self.worker_id)

    def close(self, reason: str) -> None:
        """Anything still leased by this worker (a shutdown mid-request) goes back to the queue."""
        if self.queue is not None:
            self.queue.requeue(self.worker_id)

    def has_pending_requests(self) -> bool:
        """True while the shared queue has requests."""
        return self.queue is not None and len(self.queue) > 0

    def enqueue_request(self, request: Request) -> bool:
        """Queue a request unless another worker (or this one) already did in this distributed crawl."""
        # Article pages are dont_filter in a local crawl (the database says what is stored); across
        # workers, the shared filter is what keeps two of them from fetching the same page. A retry is
        # the same page again on purpose, so it passes.
        filtered = (not request.dont_filter or "entry" in request.meta) and "retry_times" not in request.meta
        if filtered and self.df.request_seen(request):
            self.crawler.stats.inc_value("scheduler/dupefiltered/redis")
            return False
        request.meta.pop("hjm_lease", None)
        assert self.queue is not None
        self.queue.push(request)
        self.crawler.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        """Lease the next request, if any."""
        return self.queue.pop() if self.queue is not None else None

    def ack(self, request: Request) -> None:
        """Drop the lease of a processed request."""
        if self.queue is not None:
            self.queue.ack(request)


class AckingEngine(ExecutionEngine):
    """Acknowledges a leased request once Scrapy is done with it (callback run, items through the pipeline)."""

    def _remove_request(self, _: Any, request: Request) -> None:
        try:
            scheduler = self.scheduler
            if isinstance(scheduler, SharedScheduler):
                scheduler.ack(request)
        finally:
            super()._remove_request(_, request)


class WorkerCrawler(Crawler):
    """A Crawler whose engine acknowledges leases."""

    def _create_engine(self) -> ExecutionEngine:
        return AckingEngine(self, lambda _: self.stop_async())


def worker_spider(base: type[Spider]) -> type[Spider]:
    """A worker version of a source spider: start requests come from the queue; closes when all is idle."""
    return type(f"Worker{base.__name__}", (SharedSourceMixin, WorkerIdleMixin, base), {})


class WorkerIdleMixin:
    """Keeps a worker's spider open while the shared crawl has work anywhere; closes after the idle time."""

    idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Spider:
        spider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[misc]
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    def on_idle(self) -> None:
        """Called by Scrapy when this spider has nothing in flight."""
        settings = self.crawler.settings  # type: ignore[attr-defined]
        server = self.shared_server  # type: ignore[attr-defined]
        if busy(server, settings.getlist("HJM_SPIDER_NAMES")):
            self.idle_since = None
            raise DontCloseSpider
        idle_seconds = settings.getfloat("HJM_IDLE_SECONDS")
        now = time.monotonic()
        if self.idle_since is None:
            self.idle_since = now
        if idle_seconds <= 0 or now - self.idle_since < idle_seconds:
            raise DontCloseSpider


class Heartbeat:
    """Keeps this worker's alive key fresh and puts dead workers' leased requests back in the queue."""

    def __init__(self, server: redis.Redis, worker_id: str, lease_seconds: float, spider_names: list[str]) -> None:
        self.server, self.worker_id, self.lease_seconds = server, worker_id, lease_seconds
        self.spider_names = spider_names
        self.requeued = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="hjm-worker-heartbeat", daemon=True)

    def start(self) -> None:
        """Register and start beating."""
        self.server.sadd(WORKERS_KEY, self.worker_id)
        self.beat()
        self._thread.start()

    def beat(self) -> None:
        """Refresh the alive key; requeue the work of workers whose key expired."""
        self.server.set(alive_key(self.worker_id), b"1", px=int(self.lease_seconds * 1000))
        for raw in self.server.smembers(WORKERS_KEY):
            other = raw.decode()
            if other == self.worker_id or self.server.exists(alive_key(other)):
                continue
            self.requeued += requeue_worker(self.server, other, self.spider_names)
            self.server.srem(WORKERS_KEY, other)

    def _run(self) -> None:
        while not self._stop.wait(self.lease_seconds / 3):
            try:
                self.beat()
            except redis.RedisError:
                continue  # Redis restarting: keep trying; the lease is long enough to ride it out

    def stop(self) -> None:
        """Stop beating and deregister (this worker's own leases were requeued by the scheduler)."""
        self._stop.set()
        self._thread.join(timeout=5)
        requeue_worker(self.server, self.worker_id, self.spider_names)
        self.server.srem(WORKERS_KEY, self.worker_id)
        self.server.delete(alive_key(self.worker_id))


def requeue_worker(server: redis.Redis, worker_id: str, spider_names: list[str]) -> int:
    """Put back in the queues every request a worker had leased; returns how many."""
    moved = 0
    for name in spider_names:
        spider = Spider(name=name)
        moved += LeasedQueue(server, spider, queue_key(name), worker_id=worker_id).requeue(worker_id)
        server.delete(processing_key(name, worker_id))
    return moved


def new_worker_id() -> str:
    """host:pid:random, unique across machines."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def run_worker(*, settings: Settings, idle_seconds: float, lease_seconds: float | None = None,
               worker_id: str | None = None, scrapy_overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Crawl from the shared queue until it has been idle for `idle_seconds` (0: forever); returns stats."""
    server = connect(settings.redis_url)
    worker_id = worker_id or new_worker_id()
    lease = lease_seconds or settings.worker_lease_seconds
    names = sorted(SPIDERS)
    started = datetime.now(UTC)
    with Session(get_engine(settings.database_url), expire_on_commit=False) as session:
        run = CrawlRun(trigger="worker", started_at=started, status="running", stats={"worker": worker_id})
        session.add(run)
        session.commit()
    process = CrawlerProcess(scrapy_settings(
        settings, SCHEDULER="crawlers.worker.SharedScheduler", HJM_REDIS_URL=settings.redis_url,
        HJM_WORKER_ID=worker_id, HJM_IDLE_SECONDS=idle_seconds, HJM_SPIDER_NAMES=names,
        **(scrapy_overrides or {})), install_root_handler=False)
    crawlers = []
    for i, name in enumerate(names):
        crawler = WorkerCrawler(worker_spider(SPIDERS[name]), process.settings, init_reactor=i == 0)
        crawlers.append(crawler)
        process.crawl(crawler)
    heartbeat = Heartbeat(server, worker_id, lease, names)
    heartbeat.start()
    status = "failed"
    try:
        process.start()
        status = "finished"
    except KeyboardInterrupt:
        status = "interrupted"
        raise
    finally:
        heartbeat.stop()
        context = context_for(crawlers[0]) if crawlers and crawlers[0].spider is not None else None
        if context is not None:
            context.close()  # its page workers
        if context is not None and status == "finished" and "shutdown" in context.close_reasons:
            status = "interrupted"  # Ctrl-C or SIGTERM: Scrapy stopped gracefully, leases went back
        stats = {**(context.snapshot() if context else {}), "worker": worker_id, "status": status,
                 "requeued_from_dead_workers": heartbeat.requeued}
        with Session(get_engine(settings.database_url)) as session:
            row = session.get(CrawlRun, run.id)
            row.status, row.finished_at, row.stats = status, datetime.now(UTC), stats
            session.add(row)
            session.commit()
    return stats
