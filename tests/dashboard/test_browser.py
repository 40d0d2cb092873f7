"""A real browser against a real `hjm dashboard` on the demo data: open Today, click the hottest company,
see who to ask; and a hostile headline stays inert."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel

from scripts.screenshots import (
    CHROMIUM,
    VIEWPORT,
    full_page_screenshot,
    launch_chromium,
    serve_dashboard,
    tour,
    wait_for_app,
)
from tests.dashboard.seed import seed_small
from tracker.db import get_engine, make_engine
from tracker.migrations import upgrade

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.slow]
WAIT_MS = 60_000  # a busy CI machine draws slowly; waits end as soon as the text is there


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright (skipped with a reason when absent outside CI)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium package to run the browser test"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true: {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`hjm demo --no-dashboard` into a fresh database, then `hjm dashboard` on it: (database URL, base URL)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    subprocess.run([sys.executable, "-m", "tracker", "demo", "--no-dashboard", "--db", url], cwd=ROOT, check=True,
                   capture_output=True, timeout=600)
    with serve_dashboard(url) as base:
        yield url, base


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`hjm dashboard` on a migrated SQLite database with the seeded fictional data (hostile headline included)."""
    url = f"sqlite:///{tmp_path / 'browser.sqlite3'}"
    upgrade(url)
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)  # tables added since the last migration (the integrator adds one)
    engine.dispose()
    seed_small(url, now=datetime.now(UTC), hostile=True)
    with serve_dashboard(url) as base:
        yield base


def test_open_today_click_the_hottest_company_and_see_who_to_ask(browser, demo) -> None:  # noqa: ANN001
    from tracker.queries import hottest_companies
    from tracker.who import who_to_ask

    url, base = demo
    with Session(get_engine(url)) as session:
        now = datetime.now(UTC)
        hottest = hottest_companies(session=session, now=now, limit=1)[0]
        expected = [p["contact"] for p in who_to_ask(session=session, company_id=hottest["id"], now=now, limit=3)]
    page = browser.new_page(viewport=VIEWPORT)
    seen = tour(page, base, ARTIFACTS)
    assert seen["hottest"] == hottest["name"]
    assert seen["url"].endswith(f"/company?company={hottest['id']}")
    assert page.get_by_role("heading", name=hottest["name"]).is_visible()
    assert page.get_by_role("heading", name="Who to ask").is_visible()
    assert expected, "the demo should know people at its hottest company"
    for name in expected:
        page.get_by_text(name).first.wait_for(state="visible", timeout=WAIT_MS)
    page.get_by_text("→ Ask").first.wait_for(state="visible", timeout=WAIT_MS)  # each with the ask to make
    assert seen["today"].stat().st_size > 10_000 and seen["company"].stat().st_size > 10_000


def test_hostile_headline_stays_inert_in_the_browser(browser, served: str) -> None:  # noqa: ANN001
    page = browser.new_page(viewport=VIEWPORT)
    page.goto(served, wait_until="domcontentloaded")
    wait_for_app(page, "Hottest companies")
    page.get_by_role("link", name="Orbital Lens Imaging").first.click()
    wait_for_app(page, "Who to ask")
    shown = page.get_by_text("<script>window.__hjm_pwned = 1</script>", exact=False)
    shown.first.wait_for(state="visible", timeout=WAIT_MS)  # the markup is on screen as characters
    assert page.evaluate("() => window.__hjm_pwned") is None  # ... and never ran
    assert page.locator("main script").count() == 0
    full_page_screenshot(page, ARTIFACTS / "company-hostile.png")
