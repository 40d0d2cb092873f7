"""Running the dashboard under Streamlit's AppTest: the entry point, the pages, one page at a time."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py")
PAGES = ("today", "company", "people", "signals", "sources", "import_", "settings")
TIMEOUT = 60  # seconds: generous, a slow CI machine shares its cores


def open_page(page: str = "today", **query: object) -> AppTest:
    """Run the app, switch to a page (query parameters set first) and check it ran without an exception."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in query.items():
        at.query_params[key] = str(value)
    at.run()
    if page != "today":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at
