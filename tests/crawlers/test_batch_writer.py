"""The crawl's batch writer: shared transactions in arrival order, a failed batch redone item by item."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from crawlers.batch_writer import BatchWriter
from tracker.db import get_engine
from tracker.models import UserSetting


@dataclass
class FakeContext:
    """What the writer needs of a CrawlContext, recording what it is told."""

    database_url: str
    bumps: list[dict[str, int]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def bump(self, **counts: int) -> None:
        self.bumps.append(counts)

    def error(self, message: str) -> None:
        self.errors.append(message)


@dataclass
class Works:
    """Store works that add one user setting each and record every run (a rolled-back run counts too)."""

    runs: list[str] = field(default_factory=list)

    def add(self, name: str) -> Any:
        def work(session: Session) -> dict[str, int]:
            self.runs.append(name)
            session.add(UserSetting(key=name, value={"seen": 1}))
            session.flush()
            return {"stored": 1}

        return work

    def fail(self, name: str) -> Any:
        def work(session: Session) -> dict[str, int]:
            self.runs.append(name)
            session.add(UserSetting(key=name, value={"seen": 1}))
            session.flush()
            raise ValueError(f"bad item {name}")

        return work


@pytest.fixture
def commits(db_url: str) -> Iterator[list[None]]:
    """One entry per COMMIT on the test database's engine."""
    engine = get_engine(db_url)
    seen: list[None] = []

    def on_commit(_connection: Any) -> None:
        seen.append(None)

    event.listen(engine, "commit", on_commit)
    try:
        yield seen
    finally:
        event.remove(engine, "commit", on_commit)


def stored(url: str) -> list[str]:
    with Session(get_engine(url)) as session:
        return sorted(session.exec(select(UserSetting.key)).all())


async def write_all(writer: BatchWriter, works: list[Any]) -> list[Any]:
    return list(await asyncio.gather(*(writer.write(work) for work in works), return_exceptions=True))


NAMES = ["Cartoplex Mapping", "Geodyne Surveys", "Skyloom Imaging", "Placewise Analytics", "Northgate Ventures"]


def test_concurrent_writes_share_one_transaction_in_arrival_order(db_url: str, commits: list[None]) -> None:
    context, works = FakeContext(db_url), Works()
    writer = BatchWriter(context)
    results = asyncio.run(write_all(writer, [works.add(name) for name in NAMES]))
    assert results == [None] * len(NAMES)
    assert len(commits) == 1
    assert works.runs == NAMES  # each once, in the order written
    assert stored(db_url) == sorted(NAMES)
    assert context.bumps == [{"stored": 1}] * len(NAMES) and context.errors == []


def test_a_lone_write_is_committed_by_the_timer(db_url: str, commits: list[None]) -> None:
    context, works = FakeContext(db_url), Works()
    writer = BatchWriter(context, max_seconds=0.05)

    async def main() -> float:
        loop = asyncio.get_running_loop()
        started = loop.time()
        await asyncio.wait_for(writer.write(works.add("Cartoplex Mapping")), timeout=2)
        return loop.time() - started

    waited = asyncio.run(main())
    assert 0.04 <= waited < 1.5
    assert len(commits) == 1 and stored(db_url) == ["Cartoplex Mapping"]


def test_a_batch_with_a_duplicate_is_redone_item_by_item(db_url: str, commits: list[None]) -> None:
    context, works = FakeContext(db_url), Works()
    asyncio.run(write_all(BatchWriter(context), [works.add("Geodyne Surveys")]))
    commits.clear()
    context.bumps.clear()
    works.runs.clear()

    batch = ["Cartoplex Mapping", "Geodyne Surveys", "Skyloom Imaging"]
    results = asyncio.run(write_all(BatchWriter(context), [works.add(name) for name in batch]))

    assert results == [None, None, None]  # a duplicate is recorded, not raised
    assert stored(db_url) == ["Cartoplex Mapping", "Geodyne Surveys", "Skyloom Imaging"]
    # The batch (stopped at the duplicate), then each alone; the duplicate tried once more before giving up.
    assert works.runs == ["Cartoplex Mapping", "Geodyne Surveys",
                          "Cartoplex Mapping", "Geodyne Surveys", "Geodyne Surveys", "Skyloom Imaging"]
    assert len(commits) == 2  # the two new settings, one transaction each
    assert context.bumps == [{"stored": 1}, {"stored": 1}]
    assert len(context.errors) == 1
    assert context.errors[0].startswith("database: IntegrityError: ")
    assert "\n" not in context.errors[0]


def test_an_unexpected_error_fails_only_its_own_write(db_url: str, commits: list[None]) -> None:
    context, works = FakeContext(db_url), Works()
    batch = [works.add("Cartoplex Mapping"), works.fail("Broken Item Ltd"), works.add("Skyloom Imaging")]
    results = asyncio.run(write_all(BatchWriter(context), batch))

    assert results[0] is None and results[2] is None
    assert isinstance(results[1], ValueError) and str(results[1]) == "bad item Broken Item Ltd"
    assert stored(db_url) == ["Cartoplex Mapping", "Skyloom Imaging"]  # the failing item's row rolled back
    assert len(commits) == 2
    assert context.bumps == [{"stored": 1}, {"stored": 1}]
    assert context.errors == []  # Scrapy reports it against the item


def test_flush_with_nothing_queued_does_nothing(db_url: str, commits: list[None]) -> None:
    context = FakeContext(db_url)
    writer = BatchWriter(context)
    writer.flush()  # outside any event loop too
    asyncio.run(write_all(writer, [Works().add("Cartoplex Mapping")]))
    commits.clear()
    writer.flush()
    assert commits == [] and context.bumps == [{"stored": 1}] and context.errors == []
    assert stored(db_url) == ["Cartoplex Mapping"]


def test_a_full_batch_is_committed_at_once_without_waiting_for_the_timer(db_url: str, commits: list[None]) -> None:
    context, works = FakeContext(db_url), Works()
    writer = BatchWriter(context, max_items=3, max_seconds=60)

    async def main() -> tuple[list[bool], int, list[bool]]:
        tasks = [asyncio.create_task(writer.write(works.add(name))) for name in NAMES[:4]]
        await asyncio.wait_for(asyncio.gather(*tasks[:3]), timeout=2)
        await asyncio.sleep(0.01)
        before = [task.done() for task in tasks]
        committed_before = len(commits)
        writer.flush()
        await asyncio.wait_for(tasks[3], timeout=2)
        return before, committed_before, [task.done() for task in tasks]

    before, committed_before, after = asyncio.run(main())
    assert before == [True, True, True, False]  # the fourth waits for the next batch
    assert committed_before == 1
    assert after == [True] * 4
    assert len(commits) == 2 and works.runs == NAMES[:4]
    assert stored(db_url) == sorted(NAMES[:4])
    assert context.bumps == [{"stored": 1}] * 4
