"""Reliability: reading while writing on SQLite, upgrades keep data, killed imports and crawls leave no damage."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import MetaData, func, text
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel, select

from tests.helpers.fixture_server import FixtureServer
from tests.ops.filler import fill, snapshot
from tests.ops.site import build_site, register_sources
from tracker.db import get_engine, make_engine
from tracker.migrations import upgrade
from tracker.models import Article, ArticleCompany, Contact, ContactRecord, CrawlRun

ROOT = Path(__file__).resolve().parents[2]

_WRITER = """
import sys
from datetime import UTC, datetime
from tracker.db import session_scope
from tracker.models import Article
for i in range(int(sys.argv[2])):
    with session_scope(sys.argv[1]) as session:  # one transaction per row, like the crawl pipeline
        session.add(Article(url=f"https://news.example/{i}", title=f"t{i}", text="x" * 2000,
                            fetched_at=datetime.now(UTC)))
print("done", flush=True)
"""


def test_a_reader_and_a_writer_on_one_sqlite_file_never_see_database_is_locked(sqlite_url: str) -> None:
    rows = 400
    writer = subprocess.Popen([sys.executable, "-c", _WRITER, sqlite_url, str(rows)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    engine = make_engine(sqlite_url)  # the dashboard's own engine, in another process than the writer
    seen: list[int] = []
    errors: list[Exception] = []

    def read() -> None:
        while writer.poll() is None:
            try:
                with Session(engine) as session:
                    # a read transaction that spans two statements, like a dashboard page
                    count = session.exec(select(func.count()).select_from(Article)).one()
                    session.exec(select(Article.url, Article.title).order_by(Article.id.desc()).limit(20)).all()
                    seen.append(count)
            except OperationalError as exc:
                errors.append(exc)

    readers = [threading.Thread(target=read) for _ in range(2)]
    for t in readers:
        t.start()
    out, err = writer.communicate(timeout=300)
    for t in readers:
        t.join()
    assert writer.returncode == 0 and out.strip() == "done", err
    assert errors == []
    assert len(seen) > 10 and max(seen) <= rows
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Article)).one() == rows  # no lost write
    engine.dispose()


def test_an_upgrade_from_the_first_migration_keeps_every_row(empty_db_url: str) -> None:
    upgrade(empty_db_url, "0001")
    engine = make_engine(empty_db_url)
    first = MetaData()
    first.reflect(engine)
    tables = [t for t in first.sorted_tables if t.name != "alembic_version"]
    assert tables, "the first migration created no tables"
    with engine.begin() as conn:
        fill(conn, tables, rows=5)
    before = snapshot(engine)
    engine.dispose()
    upgrade(empty_db_url)  # to head: whatever migrations exist by now
    engine = make_engine(empty_db_url)
    after = snapshot(engine, only=set(before))
    engine.dispose()
    assert set(after) == set(before)
    for table, rows in before.items():
        assert set(after[table]) == set(rows), f"{table}: rows lost or added"
        for key, row in rows.items():
            kept = {k: v for k, v in after[table][key].items() if k in row}
            assert kept == row, f"{table} {key}: values changed"


def _integrity(url: str) -> None:
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
    engine.dispose()


def _linkedin_csv(path: Path, n: int) -> None:
    lines = ["Notes:", '"Fictional export for tests."', "",
             "First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for i in range(n):
        lines.append(f"Person{i},Example{i},https://www.linkedin.com/in/person-{i}-fict,p{i}@mail.example,"
                     f"Company {i % 300} Example Ltd,Analyst {i % 7},07 Feb 2023")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _hjm(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tracker", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _kill_after(proc: subprocess.Popen, ready) -> None:  # noqa: ANN001
    deadline = time.monotonic() + 300
    while not ready():
        assert proc.poll() is None, "finished before it could be killed: make the job bigger"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()


def _count(url: str, model: type) -> int:
    with Session(get_engine(url)) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def test_a_contacts_import_killed_midway_leaves_nothing_half_done(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hjm.sqlite3'}"
    subprocess.run([sys.executable, "-m", "tracker", "init", "--db", url], cwd=ROOT, check=True,
                   capture_output=True)
    csv = tmp_path / "Connections.csv"
    _linkedin_csv(csv, 20_000)
    env = {**os.environ, "HJM_DATA_DIR": str(tmp_path)}
    journal = Path(str(tmp_path / "hjm.sqlite3") + "-wal")
    proc = _hjm(["contacts", "import", str(csv), "--json", "--db", url], env)
    # killed once the import is writing (the WAL grows), before it can commit
    _kill_after(proc, lambda: journal.exists() and journal.stat().st_size > 256 * 1024)
    _integrity(url)
    assert _count(url, Contact) == 0 and _count(url, ContactRecord) == 0  # one transaction: all or nothing
    done = subprocess.run([sys.executable, "-m", "tracker", "contacts", "import", str(csv), "--json", "--db", url],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert _count(url, Contact) == 20_000 and _count(url, ContactRecord) == 20_000
    again = subprocess.run([sys.executable, "-m", "tracker", "contacts", "import", str(csv), "--db", url],
                           cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert _count(url, Contact) == 20_000  # and a rerun changes nothing
    _integrity(url)


def test_a_crawl_killed_midway_leaves_a_consistent_database_and_a_rerun_completes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'hjm.sqlite3'}"
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    env = {**os.environ, "HJM_DATA_DIR": str(tmp_path), "HJM_DATABASE_URL": url, "HJM_DOWNLOAD_DELAY": "0",
           "HJM_ALLOW_PRIVATE_HOSTS": "1", "HJM_CONCURRENT_REQUESTS_PER_DOMAIN": "4"}
    with FixtureServer() as fixture:
        pages = build_site(fixture, articles=300, feeds=6, overlap=3)
        with Session(get_engine(url)) as session:
            register_sources(session, pages)
        crawl = [sys.executable, "-m", "crawlers.run", "--trigger", "cli"]
        proc = subprocess.Popen(crawl, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # Killed once articles are being stored, with most pages still to fetch.
        _kill_after(proc, lambda: sum(p.startswith("/news/") for p in fixture.paths()) >= 100
                    and _count(url, Article) > 0)
        _integrity(url)
        with Session(get_engine(url)) as session:
            stored = session.exec(select(func.count()).select_from(Article)).one()
            linked = session.exec(select(func.count(func.distinct(ArticleCompany.article_id)))).one()
        assert 0 < stored < 300 and linked == stored  # each stored article came with its analysis
        rerun = subprocess.run(crawl, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert rerun.returncode == 0, rerun.stderr[-3000:]
        result = json.loads(rerun.stdout.strip().splitlines()[-1])["result"]
        assert result["status"] == "finished"
        expected = sorted(fixture.url(p) for p in pages.articles)
    with Session(get_engine(url)) as session:
        urls = session.exec(select(Article.url)).all()
        runs = session.exec(select(CrawlRun.status).order_by(CrawlRun.id)).all()
    assert sorted(urls) == expected  # nothing lost, nothing twice
    assert runs == ["interrupted", "finished"]  # the killed run is recorded as such
    _integrity(url)
