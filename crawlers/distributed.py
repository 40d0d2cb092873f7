"""Distributed crawling over Redis: the shared request queue with leases, the shared filter, enqueueing sources.

Keys (all under ``hjm:``): ``<spider>:requests`` a sorted set of queued requests (scrapy-redis priority
order); ``<spider>:processing:<worker>`` a hash of the requests a worker took and has not finished;
``workers`` the set of worker ids, ``worker:<id>`` a key that lives while the worker heartbeats;
``dupefilter`` the shared request fingerprints of the current distributed crawl.
A request leaves the queue atomically into its worker's processing hash and is deleted only when fully
processed (stored); a worker that dies leaves its hash behind, and a live worker puts it back in the queue.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import redis
from scrapy import Request, Spider
from scrapy_redis import picklecompat
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import Base
from sqlmodel import Session, select

from crawlers.spiders import spider_for
from crawlers.spiders.base import SourceInfo
from tracker.config import Settings
from tracker.db import get_engine
from tracker.errors import UserError
from tracker.models import Company
from tracker.sources import sources_to_crawl

PREFIX = "hjm"
WORKERS_KEY = f"{PREFIX}:workers"
DUPEFILTER_KEY = f"{PREFIX}:dupefilter"

# Take the best-priority request and record it as leased by this worker, in one atomic step.
_POP = """
local items = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #items == 0 then return false end
redis.call('ZREM', KEYS[1], items[1])
redis.call('HSET', KEYS[2], items[1], items[2])
return items[1]
"""
# Put every request a (dead) worker had leased back into the queue, in one atomic step.
_REQUEUE = """
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do redis.call('ZADD', KEYS[2], all[i + 1], all[i]) end
redis.call('DEL', KEYS[1])
return #all / 2
"""


def queue_key(spider_name: str) -> str:
    """The sorted set holding a spider's queued requests."""
    return f"{PREFIX}:{spider_name}:requests"


def processing_key(spider_name: str, worker_id: str) -> str:
    """The hash of requests a worker has taken and not yet finished."""
    return f"{PREFIX}:{spider_name}:processing:{worker_id}"


def alive_key(worker_id: str) -> str:
    """The key that exists while a worker heartbeats."""
    return f"{PREFIX}:worker:{worker_id}"


def connect(url: str) -> redis.Redis:
    """A Redis client (bytes in and out), checked with a ping; UserError when Redis cannot be reached."""
    client = redis.Redis.from_url(url, socket_connect_timeout=5, socket_timeout=30)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise UserError(f"Redis at {masked(url)} is not reachable ({exc}); set HJM_REDIS_URL") from exc
    return client


def masked(url: str) -> str:
    """A Redis URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password:
        host = parts.hostname or ""
        netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class LeasedQueue(Base):
    """A scrapy-redis priority queue whose pops are leases: a request is acknowledged once processed."""

    def __init__(self, server: redis.Redis, spider: Spider, key: str, serializer: Any = None,
                 worker_id: str | None = None) -> None:
        super().__init__(server, spider, key, serializer or picklecompat)
        self.worker_id = worker_id or f"enqueue-{os.getpid()}"
        self.processing = processing_key(spider.name, self.worker_id)
        self._pop = server.register_script(_POP)
        self._requeue = server.register_script(_REQUEUE)

    def __len__(self) -> int:
        return self.server.zcard(self.key)

    def encode(self, request: Request) -> bytes:
        """A unique queue entry: a random tag (so two equal requests never collapse) and the request."""
        return os.urandom(8) + self._encode_request(request)

    def push(self, request: Request) -> None:
        """Queue a request (lower score first, like scrapy-redis' PriorityQueue)."""
        self.server.zadd(self.key, {self.encode(request): -request.priority})

    def pop(self, timeout: int = 0) -> Request | None:
        """Lease the next request (None when the queue is empty); remember its entry for `ack`."""
        entry = self._pop(keys=[self.key, self.processing])
        if not entry:
            return None
        request = self._decode_request(entry[8:])
        request.meta["hjm_lease"] = entry
        return request

    def ack(self, request: Request) -> None:
        """The request is fully processed (its items stored, its follow-ups queued): drop the lease."""
        entry = request.meta.get("hjm_lease")
        if entry is not None:
            self.server.hdel(self.processing, entry)

    def requeue(self, worker_id: str) -> int:
        """Put a worker's leased requests back in the queue; returns how many."""
        return int(self._requeue(keys=[processing_key(self.spider.name, worker_id), self.key]))

    def clear(self) -> None:
        """Forget the queue (not the leases of other workers)."""
        self.server.delete(self.key)


def dupefilter(server: redis.Redis) -> RFPDupeFilter:
    """The duplicate filter every worker shares."""
    return RFPDupeFilter(server, key=DUPEFILTER_KEY)


def busy(server: redis.Redis, spider_names: Iterable[str]) -> bool:
    """True while any request is queued or leased by any worker, for any of these spiders."""
    for name in spider_names:
        if server.zcard(queue_key(name)):
            return True
        for key in server.scan_iter(match=processing_key(name, "*"), count=500):
            if server.hlen(key):
                return True
    return False


def _plan(settings: Settings, source_ids: Sequence[int] | None, kinds: Sequence[str] | None,
          company_id: int | None) -> list[SourceInfo]:
    with Session(get_engine(settings.database_url)) as session:
        rows = sources_to_crawl(session=session, source_ids=source_ids, kinds=kinds, company_id=company_id)
        names = {c.id: c.name for c in session.exec(select(Company)).all()}
        return [SourceInfo.from_source(row, names.get(row.company_id)) for row in rows]


def enqueue(*, settings: Settings, source_ids: Sequence[int] | None = None, kinds: Sequence[str] | None = None,
            company_id: int | None = None) -> dict[str, Any]:
    """Queue the start request of every chosen source for `hjm worker` processes; returns what was queued."""
    server = connect(settings.redis_url)
    plan = _plan(settings, source_ids, kinds, company_id)
    by_kind: dict[str, list[SourceInfo]] = defaultdict(list)
    for info in plan:
        by_kind[info.kind].append(info)
    names = [spider.name for kind in by_kind if (spider := spider_for(kind)) is not None]
    if not busy(server, names):
        # A new distributed crawl starts with a fresh filter; while one runs, new sources join it.
        server.delete(DUPEFILTER_KEY)
    queued: dict[str, int] = {}
    skipped: list[str] = []
    for kind, infos in by_kind.items():
        spider_cls = spider_for(kind)
        if spider_cls is None:
            skipped.append(kind)
            continue
        spider = spider_cls(sources=infos)
        queue = LeasedQueue(server, spider, queue_key(spider.name))
        for info in infos:
            queue.push(spider.source_request(info))
        queued[kind] = len(infos)
    return {"queued": sum(queued.values()), "by_kind": queued, "skipped_kinds": skipped,
            "redis": masked(settings.redis_url)}


def queue_status(*, settings: Settings) -> dict[str, Any]:
    """Queued and leased requests per spider, and the live workers."""
    server = connect(settings.redis_url)
    out: dict[str, Any] = {"workers": sorted(w.decode() for w in server.smembers(WORKERS_KEY)
                                             if server.exists(alive_key(w.decode())))}
    for key in server.scan_iter(match=f"{PREFIX}:*:requests", count=500):
        out[key.decode().split(":")[1]] = {"queued": server.zcard(key)}
    return out
