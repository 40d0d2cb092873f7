"""The demo end to end: `hjm demo --no-dashboard` into a temporary database yields the expected hottest companies."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tracker.demo.content import demo_articles, load_json
from tracker.demo.newsroom import serve_newsroom


def _hjm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tracker", *args], capture_output=True, text=True, env=env,
                          timeout=600)


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str, dict[str, str]]:
    """One real demo run (crawl included) shared by the assertions below."""
    home = tmp_path_factory.mktemp("demo-home")
    url = f"sqlite:///{home / 'demo.sqlite3'}"
    env = {**os.environ, "HJM_DATA_DIR": str(home)}
    env.pop("HJM_DATABASE_URL", None)
    result = _hjm("demo", "--no-dashboard", "--json", "--db", url, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout), url, env


def test_demo_data_is_fictional_and_dated_relative_to_today() -> None:
    now = datetime(2030, 1, 15, 12, tzinfo=UTC)
    articles = demo_articles(now=now)
    assert len(articles) >= 55
    assert all(a.published <= now for a in articles)
    assert max(a.published for a in articles) > datetime(2030, 1, 10, tzinfo=UTC)
    companies = Path(__file__).parents[1] / "tracker" / "demo" / "data" / "companies.csv"
    domains = [line.split(",")[1] for line in companies.read_text().splitlines()[1:]]
    assert domains and all(d.endswith(".example") for d in domains)
    assert set(load_json("network.json")) >= {"profile", "contacts", "interactions"}


def test_demo_crawls_the_newsroom_and_finds_signals(demo_run) -> None:  # noqa: ANN001
    output, _, _ = demo_run
    stats = output["crawl"]
    assert stats["new_articles"] >= 50
    assert stats["new_signals"] >= 10
    assert not stats.get("errors")


def test_demo_ranks_the_companies_with_hiring_news_hottest(demo_run) -> None:  # noqa: ANN001
    output, _, _ = demo_run
    names = [row["name"] for row in output["hottest"]]
    assert len(names) == 5
    assert names[0] == "Orbital Lens Imaging"  # funding, a new office and hiring plans, all recent
    assert {"Terrasight Analytics", "Meridian Geo Ltd"} <= set(names)
    assert "Cartoscope" not in names  # layoffs and a hiring freeze
    assert "Atlas & Plumb Geomatics" not in names  # nothing but noise


def test_demo_suggests_the_mentor_with_a_strong_tie_first(demo_run) -> None:  # noqa: ANN001
    output, _, _ = demo_run
    orbital = output["hottest"][0]
    people = orbital["who_to_ask"]
    assert 1 <= len(people) <= 3
    assert people[0]["contact"] == "Priya Ramanathan"
    assert people[0]["reasons"], "every suggestion says why"


def test_demo_database_can_be_inspected_with_any_command(demo_run) -> None:  # noqa: ANN001
    _, url, env = demo_run
    listed = _hjm("companies", "list", "--json", "--db", url, env=env)
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 12
    assert rows[0]["name"] == "Orbital Lens Imaging"
    signals = _hjm("signals", "--company", "Cartoscope", "--json", "--db", url, env=env)
    assert signals.returncode == 0, signals.stderr
    assert "layoffs" in {s["kind"] for s in json.loads(signals.stdout)}
    # Crawling the same newsroom again stores nothing twice and fetches no article page again.
    port = int(urlsplit(_source_urls(url)[0]).port)
    with serve_newsroom(now=datetime.now(UTC), port=port) as base:
        again = _hjm("crawl", "--json", "--db", url, env={**env, "HJM_ALLOW_PRIVATE_HOSTS": "1",
                                                           "HJM_DOWNLOAD_DELAY": "0"})
    assert base.endswith(f":{port}")
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert summary["new_articles"] == 0 and summary["new_signals"] == 0
    assert not summary.get("errors")


def _source_urls(url: str) -> list[str]:
    from sqlmodel import Session, select

    from tracker.db import make_engine
    from tracker.models import Source

    engine = make_engine(url)
    with Session(engine) as session:
        urls = list(session.exec(select(Source.url)).all())
    engine.dispose()
    return urls
