"""Screenshots of the dashboard for the README: `python scripts/screenshots.py --demo` (or `--db URL`).

Starts `hjm dashboard` on a free local port, opens Today in headless Chromium, clicks the hottest company,
and saves full-page screenshots (docs/screenshots/today.png and company.png by default). The helpers here
are shared with the browser test (tests/dashboard/test_browser.py).
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
VIEWPORT = {"width": 1400, "height": 900}


def free_port() -> int:
    """A TCP port nobody listens on right now (on 127.0.0.1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_dashboard(database_url: str, *, timeout: float = 90) -> Iterator[str]:
    """`hjm dashboard --db URL --port P` in a child process; yields its base URL and stops it afterwards."""
    port = free_port()
    command = [sys.executable, "-m", "tracker", "dashboard", "--db", database_url, "--port", str(port)]
    log = tempfile.TemporaryFile()
    # Started from the repository root, so Streamlit reads .streamlit/config.toml (no toolbar, no statistics).
    proc = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"hjm dashboard exited with {proc.returncode}:\n{log.read().decode()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"hjm dashboard did not answer on {base} within {timeout} s")
            time.sleep(0.5)
        yield base
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    """Stop the CLI and the Streamlit server it started (their own process group), nothing else."""
    for signal_number, wait in ((15, 20), (9, 10)):
        try:
            os.killpg(proc.pid, signal_number)
        except ProcessLookupError:
            pass  # the group is gone already
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def launch_chromium(playwright: Any) -> Any:
    """Headless Debian Chromium, quiet: no background networking, no updates, no sync."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def wait_for_app(page: Any, text: str, timeout_ms: int = 60_000) -> None:
    """Wait until the page shows `text` and Streamlit has finished running the script."""
    page.get_by_text(text, exact=False).first.wait_for(timeout=timeout_ms)
    page.wait_for_timeout(500)  # the "running" indicator shows only after a short delay
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)
    page.wait_for_timeout(1000)  # charts and grids draw after the script ends


def full_page_screenshot(page: Any, path: Path) -> Path:
    """Screenshot the whole page: Streamlit scrolls inside its main block, so grow the window to fit."""
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 900")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": max(VIEWPORT["height"], int(height) + 40)})
    page.wait_for_timeout(800)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(VIEWPORT)
    return path


def tour(page: Any, base_url: str, out_dir: Path) -> dict[str, Any]:
    """Open Today, click the hottest company, and screenshot both pages; returns what was seen."""
    page.goto(base_url, wait_until="domcontentloaded")
    wait_for_app(page, "Hottest companies")
    today = full_page_screenshot(page, out_dir / "today.png")
    hottest = page.locator('[data-testid="stPageLink"] a').first
    name = hottest.get_by_test_id("stMarkdownContainer").inner_text().split("·")[0].strip()
    hottest.click()
    wait_for_app(page, "Who to ask")
    company = full_page_screenshot(page, out_dir / "company.png")
    return {"hottest": name, "today": today, "company": company, "url": page.url}


def _demo_database(folder: Path) -> str:
    url = f"sqlite:///{folder / 'demo.sqlite3'}"
    subprocess.run([sys.executable, "-m", "tracker", "demo", "--no-dashboard", "--db", url], cwd=ROOT, check=True)
    return url


def main(argv: list[str] | None = None) -> int:
    """Take the README screenshots."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--demo", action="store_true", help="Build the demo database first (hjm demo).")
    source.add_argument("--db", help="Database URL to show.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots", help="Output folder.")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = _demo_database(Path(folder)) if args.demo else args.db
        with serve_dashboard(url) as base, sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            try:
                seen = tour(browser.new_page(viewport=VIEWPORT), base, args.out)
            finally:
                browser.close()
    print(f"Hottest company: {seen['hottest']}; saved {seen['today']} and {seen['company']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
