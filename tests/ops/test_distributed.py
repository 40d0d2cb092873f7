"""Distributed crawl: the leased queue, enqueueing, and two `hjm worker` processes over 500 local pages."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from scrapy import Request, Spider
from sqlalchemy import func, text
from sqlmodel import Session, SQLModel, select
from typer.testing import CliRunner

from crawlers.distributed import DUPEFILTER_KEY, WORKERS_KEY, LeasedQueue, busy, enqueue, queue_key
from tests.helpers.fixture_server import FixtureServer
from tests.ops.site import Site, build_site, register_sources
from tracker.cli import app
from tracker.config import load_settings
from tracker.db import get_engine, make_engine
from tracker.models import Article, ArticleCompany, CrawlRun, Source

pytestmark = [pytest.mark.redis]
ROOT = Path(__file__).resolve().parents[2]


class _Owner(Spider):
    name = "leasetest"

    def parse(self, response):  # noqa: ANN001, ANN201
        return None


@pytest.fixture
def server(redis_url: str) -> redis.Redis:
    return redis.Redis.from_url(redis_url)


def test_leased_queue_keeps_a_request_until_it_is_acknowledged(server: redis.Redis) -> None:
    spider = _Owner()
    queue = LeasedQueue(server, spider, queue_key(spider.name), worker_id="w1")
    queue.push(Request("http://a.example/1", callback=spider.parse, priority=0))
    queue.push(Request("http://a.example/2", callback=spider.parse, priority=5))
    queue.push(Request("http://a.example/1", callback=spider.parse, priority=0, dont_filter=True))
    assert len(queue) == 3  # equal requests stay distinct entries
    first = queue.pop()
    assert first.url == "http://a.example/2" and first.callback == spider.parse  # priority order
    assert len(queue) == 2 and server.hlen(queue.processing) == 1
    assert busy(server, [spider.name])
    queue.ack(first)
    assert server.hlen(queue.processing) == 0
    taken = [queue.pop(), queue.pop()]
    assert [r.url for r in taken] == ["http://a.example/1", "http://a.example/1"]
    assert queue.pop() is None and busy(server, [spider.name])  # leased, not done
    other = LeasedQueue(server, spider, queue_key(spider.name), worker_id="w2")
    assert other.requeue("w1") == 2  # w1 died: its leases go back
    assert len(queue) == 2 and server.hlen(queue.processing) == 0
    for request in (other.pop(), other.pop()):
        other.ack(request)
    assert not busy(server, [spider.name])


def _fresh_pg(url: str) -> str:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    get_engine.cache_clear()
    return url


@pytest.fixture
def shared_db(postgres_server_url: str) -> str:
    """The shared PostgreSQL database of a team, fresh."""
    return _fresh_pg(postgres_server_url)


@pytest.fixture
def site() -> Iterator[tuple[FixtureServer, Site]]:
    with FixtureServer() as fixture:
        yield fixture, build_site(fixture, articles=500, feeds=10, overlap=5)


def _env(db: str, redis_url: str, tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "HJM_DATABASE_URL": db, "HJM_REDIS_URL": redis_url, "HJM_DOWNLOAD_DELAY": "0",
            "HJM_CONCURRENT_REQUESTS_PER_DOMAIN": "4", "HJM_WORKER_LEASE_SECONDS": "3",
            "HJM_ALLOW_PRIVATE_HOSTS": "1", "HJM_DATA_DIR": str(tmp_path)}


def _worker(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tracker", "worker", "--idle", "4", "--json"], env=env,
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen) -> dict:
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err[-3000:]
    return json.loads(out)


def _article_hits(fixture: FixtureServer) -> Counter:
    return Counter(p for p in fixture.paths() if p.startswith("/news/"))


def _check_store(db: str, site: Site, fixture: FixtureServer) -> None:
    with Session(get_engine(db)) as session:
        urls = session.exec(select(Article.url)).all()
        assert sorted(urls) == sorted(fixture.url(p) for p in site.articles)  # every article, once
        analysed = session.exec(select(func.count(func.distinct(ArticleCompany.article_id)))).one()
        assert analysed == 500  # each was linked to its company: stored and analysed in one transaction
        sources = session.exec(select(Source)).all()
        assert all(s.last_success_at is not None and s.etag for s in sources)  # validators saved once done


def test_two_workers_share_one_queue_and_fetch_every_page_once(shared_db: str, redis_url: str, site, tmp_path):  # noqa: ANN001
    fixture, pages = site
    with Session(get_engine(shared_db)) as session:
        register_sources(session, pages)
    queued = enqueue(settings=load_settings(database_url=shared_db, redis_url=redis_url))
    assert queued["queued"] == 10 and queued["by_kind"] == {"rss": 10}
    env = _env(shared_db, redis_url, tmp_path)
    workers = [_worker(env), _worker(env)]
    stats = [_finish(w) for w in workers]
    hits = _article_hits(fixture)
    assert set(hits) == set(pages.articles) and set(hits.values()) == {1}  # fetched once, across both
    assert all(fixture.hits(urlsplit(f).path) == 1 for f in pages.feeds)
    assert all(s["pages"] > 0 and s["new_articles"] > 0 for s in stats)  # both did part of the work
    assert sum(s["new_articles"] for s in stats) == 500
    _check_store(shared_db, pages, fixture)
    with Session(get_engine(shared_db)) as session:
        runs = session.exec(select(CrawlRun).where(CrawlRun.trigger == "worker")).all()
        assert sorted(r.status for r in runs) == ["finished", "finished"]
    r = redis.Redis.from_url(redis_url)
    assert r.scard(WORKERS_KEY) == 0 and not busy(r, ["rss"])


def _leased_paths(r: redis.Redis, worker_id: str) -> list[str]:
    paths = []
    for key in r.scan_iter(match=f"hjm:*:processing:{worker_id}"):
        for entry in r.hkeys(key):
            paths.append(urlsplit(pickle.loads(entry[8:])["url"]).path)
    return paths


def test_a_killed_worker_loses_nothing_and_nothing_is_stored_twice(shared_db: str, redis_url: str, site,  # noqa: ANN001
                                                                   tmp_path: Path) -> None:
    fixture, pages = site
    with Session(get_engine(shared_db)) as session:
        register_sources(session, pages)
    enqueue(settings=load_settings(database_url=shared_db, redis_url=redis_url))
    env = _env(shared_db, redis_url, tmp_path)
    victim, survivor = _worker(env), _worker(env)
    r = redis.Redis.from_url(redis_url)
    deadline = time.monotonic() + 300
    while sum(_article_hits(fixture).values()) < 150:
        assert time.monotonic() < deadline and victim.poll() is None, "the crawl did not get going"
        time.sleep(0.05)
    victim_id = next(w.decode() for w in r.smembers(WORKERS_KEY) if f":{victim.pid}:" in w.decode())
    while True:  # freeze it, and kill it only while it is in the middle of some requests
        os.kill(victim.pid, signal.SIGSTOP)
        leased = _leased_paths(r, victim_id)  # what it took and never finished
        if leased:
            break
        os.kill(victim.pid, signal.SIGCONT)
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    stats = _finish(survivor)
    victim.stdout.close()
    victim.stderr.close()
    assert stats["requeued_from_dead_workers"] == len(leased)
    hits = Counter(p for p in fixture.paths() if p != "/robots.txt")
    assert set(hits) == set(pages.articles) | {urlsplit(f).path for f in pages.feeds}  # nothing lost
    twice = {p for p, n in hits.items() if n > 1}
    assert twice <= set(leased) and max(hits.values()) <= 2  # only the interrupted ones, at most once more
    _check_store(shared_db, pages, fixture)
    with Session(get_engine(shared_db)) as session:
        statuses = Counter(r.status for r in session.exec(select(CrawlRun)).all())
    assert statuses == {"finished": 1, "running": 1}  # the killed worker never wrote its end
    assert r.scard(WORKERS_KEY) == 0 and not busy(r, ["rss"])


def test_cli_crawl_distributed_queues_the_sources(redis_url: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ops.conftest import create_schema

    db = create_schema(f"sqlite:///{tmp_path / 'q.sqlite3'}", monkeypatch)
    with FixtureServer() as fixture:
        pages = build_site(fixture, articles=30, feeds=3, overlap=0)
        with Session(get_engine(db)) as session:
            ids = register_sources(session, pages)
        r = redis.Redis.from_url(redis_url)
        r.sadd(DUPEFILTER_KEY, b"stale fingerprint of an earlier distributed crawl")
        monkeypatch.setenv("HJM_REDIS_URL", redis_url)
        result = CliRunner().invoke(app, ["crawl", "--distributed", "--json", "--db", db])
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["queued"] == 3
        assert r.zcard(queue_key("rss")) == 3 and not r.exists(DUPEFILTER_KEY)  # a new crawl, a fresh filter
        result = CliRunner().invoke(app, ["crawl", "--distributed", "--source", str(ids[0]), "--json", "--db", db])
        assert json.loads(result.stdout)["queued"] == 1 and r.zcard(queue_key("rss")) == 4
    assert fixture.paths() == []  # queueing fetches nothing


def test_unreachable_redis_is_a_clear_error(sqlite_url: str) -> None:
    from tests.ops.conftest import free_port
    from tracker.errors import UserError

    with pytest.raises(UserError, match=r"Redis at redis://127.0.0.1:\d+/0 is not reachable"):
        enqueue(settings=load_settings(database_url=sqlite_url, redis_url=f"redis://127.0.0.1:{free_port()}/0"))


def test_a_failing_page_is_retried_through_the_queue_then_kept_from_its_feed(redis_url: str, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.ops.conftest import create_schema

    db = create_schema(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with FixtureServer() as fixture:
        pages = build_site(fixture, articles=30, feeds=3, overlap=0)
        broken = pages.articles[7]
        fixture.route(broken, "overloaded", status=503, content_type="text/plain")
        with Session(get_engine(db)) as session:
            register_sources(session, pages)
        enqueue(settings=load_settings(database_url=db, redis_url=redis_url))
        stats = _finish(_worker(_env(db, redis_url, tmp_path)))
        assert fixture.hits(broken) == 3  # the first try and two retries, each through the shared queue
        assert stats["new_articles"] == 30 and stats["feed_only"] == 1
        with Session(get_engine(db)) as session:
            feed_only = session.exec(select(Article.url).where(Article.feed_only == True)).all()  # noqa: E712
            assert feed_only == [fixture.url(broken)]
            assert all(s.last_success_at is not None for s in session.exec(select(Source)).all())


def test_a_worker_stopped_with_sigterm_hands_its_work_back(redis_url: str, tmp_path: Path) -> None:
    from tests.ops.conftest import create_schema

    db = create_schema(f"sqlite:///{tmp_path / 'w.sqlite3'}")
    with FixtureServer() as fixture:
        pages = build_site(fixture, articles=150, feeds=3, overlap=0)
        with Session(get_engine(db)) as session:
            register_sources(session, pages)
        enqueue(settings=load_settings(database_url=db, redis_url=redis_url))
        env = _env(db, redis_url, tmp_path)
        first = _worker(env)
        deadline = time.monotonic() + 300
        while sum(_article_hits(fixture).values()) < 30:
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.02)
        first.send_signal(signal.SIGTERM)
        stopped = _finish(first)
        r = redis.Redis.from_url(redis_url)
        assert stopped["status"] == "interrupted" and r.scard(WORKERS_KEY) == 0
        assert not list(r.scan_iter(match="hjm:*:processing:*"))  # its leases went back to the queue
        assert 0 < _count_articles(db) < 150
        second = _finish(_worker(env))
        assert second["status"] == "finished"
        assert _count_articles(db) == 150
        hits = _article_hits(fixture)
        assert set(hits) == set(pages.articles) and max(hits.values()) <= 2


def _count_articles(db: str) -> int:
    with Session(get_engine(db)) as session:
        return session.exec(select(func.count()).select_from(Article)).one()
