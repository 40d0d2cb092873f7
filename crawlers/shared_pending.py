"""A source's in-flight article count kept in Redis, so its outcome is recorded once all workers are done.

A local crawl counts a source's article requests in memory and saves its validators (ETag,
Last-Modified) only when the last one is done. With several workers, one parses the listing and
others fetch its articles, so the count lives in a Redis hash ``hjm:source:<id>`` instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import redis
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawlers.distributed import PREFIX, connect
from crawlers.items import SourceStatus

DONE_TTL_SECONDS = 24 * 3600

# The last finisher claims the source's outcome exactly once (count down to zero, not yet claimed).
_CLAIM = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
local count = tonumber(redis.call('HGET', KEYS[1], 'count') or '0')
if count > 0 or redis.call('HSETNX', KEYS[1], 'done', '1') == 0 then return false end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return redis.call('HMGET', KEYS[1], 'etag', 'last_modified', 'entries')
"""
# A finished article counts down only the listing parse it belongs to (not a failed, forgotten one).
_DONE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('HINCRBY', KEYS[1], 'count', -1)
"""


def source_key(source_id: int) -> str:
    """The Redis hash of one source's crawl in progress."""
    return f"{PREFIX}:source:{source_id}"


class _Counter:
    """An integer field changed with HINCRBY, so `pending.count += 1` is atomic across workers."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: SharedPending, owner: type) -> int:
        value = int(obj.server.hget(obj.key, self.name) or 0)
        obj.seen[self.name] = value
        return value

    def __set__(self, obj: SharedPending, value: int) -> None:
        delta = value - obj.seen.pop(self.name, int(obj.server.hget(obj.key, self.name) or 0))
        if delta:
            obj.server.hincrby(obj.key, self.name, delta)


class _Text:
    """A text field (None stored as absent)."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: SharedPending, owner: type) -> str | None:
        value = obj.server.hget(obj.key, self.name)
        return value.decode() if value is not None else None

    def __set__(self, obj: SharedPending, value: str | None) -> None:
        if value is None:
            obj.server.hdel(obj.key, self.name)
        else:
            obj.server.hset(obj.key, self.name, value)


class SharedPending:
    """The shared twin of BaseSpider's in-memory `_Pending` (same attributes)."""

    count = _Counter()
    entries = _Counter()
    etag = _Text()
    last_modified = _Text()

    def __init__(self, server: redis.Redis, source_id: int) -> None:
        self.server, self.key = server, source_key(source_id)
        self.seen: dict[str, int] = {}

    @property
    def done(self) -> bool:
        """True once the outcome was claimed."""
        return self.server.hget(self.key, "done") == b"1"

    @done.setter
    def done(self, value: bool) -> None:
        self.server.hset(self.key, "done", b"1" if value else b"0")


class SharedPendingMap:
    """The dict-like `_pending` of BaseSpider, backed by Redis."""

    def __init__(self, server: redis.Redis) -> None:
        self.server = server

    def get(self, source_id: int, default: Any = None) -> SharedPending | Any:
        """The source's shared bookkeeping if it exists."""
        return SharedPending(self.server, source_id) if self.server.exists(source_key(source_id)) else default

    def setdefault(self, source_id: int, default: Any = None) -> SharedPending:
        """The source's shared bookkeeping (created on first change)."""
        return SharedPending(self.server, source_id)

    def pop(self, source_id: int, default: Any = None) -> Any:
        """Forget the source's bookkeeping (it failed, or a new listing parse starts)."""
        self.server.delete(source_key(source_id))
        return default


class SharedSourceMixin:
    """Makes a BaseSpider count in-flight articles in Redis and claim each source's outcome once."""

    shared_server: redis.Redis

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[misc]
        spider.shared_server = connect(crawler.settings["HJM_REDIS_URL"])
        spider._pending = SharedPendingMap(spider.shared_server)
        spider._claim = spider.shared_server.register_script(_CLAIM)
        spider._count_down = spider.shared_server.register_script(_DONE)
        return spider

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """A listing parse (re)starts its source's count: a retried listing must not add to a dead one."""
        if response.status != 304:
            key = source_key(response.meta["source"].id)
            with self.shared_server.pipeline() as pipe:
                pipe.delete(key).hset(key, "count", 0).expire(key, DONE_TTL_SECONDS).execute()
        yield from super().parse(response, **kwargs)  # type: ignore[misc]

    def _child_done(self, source: Any) -> Iterator[SourceStatus]:
        self._count_down(keys=[source_key(source.id)])  # type: ignore[attr-defined]
        yield from self._maybe_done(source)

    def _maybe_done(self, source: Any) -> Iterator[SourceStatus]:
        claimed = self._claim(keys=[source_key(source.id)], args=[DONE_TTL_SECONDS])  # type: ignore[attr-defined]
        if claimed:
            etag, last_modified, entries = (v.decode() if v is not None else None for v in claimed)
            yield SourceStatus(source=source.id, ok=True, etag=etag, last_modified=last_modified,
                               entries=int(entries or 0))
