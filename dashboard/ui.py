"""Small display helpers shared by the pages: safe text, dates, links, paging."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

import streamlit as st

from tracker.errors import UserError

PAGES = {
    "today": "app_pages/today.py",
    "company": "app_pages/company.py",
    "people": "app_pages/people.py",
    "signals": "app_pages/signals.py",
    "sources": "app_pages/sources.py",
    "import": "app_pages/import_.py",
    "settings": "app_pages/settings.py",
}

# Every ASCII punctuation mark may be backslash-escaped in CommonMark; escaping them all keeps crawled or
# imported text from becoming links, emphasis, HTML, Streamlit's :color[...] directives or LaTeX.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&\"'=@^%])")


def md(text: Any) -> str:
    """Text made inert for any Streamlit element that interprets markdown (titles, labels, captions)."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text if text is not None else "").split()))


def http_url(url: object) -> str | None:
    """The URL when it is plain http(s), else None (never a javascript: or data: link)."""
    if not isinstance(url, str) or not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme in {"http", "https"} and parts.netloc else None


def ago(value: datetime | date | None, *, now: datetime) -> str:
    """'today', '3 days ago', 'in 2 days' or '' for no date."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).date()
    days = (now.date() - value).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days > 0:
        return f"{days} days ago"
    return f"in {-days} days"


def pager(*, key: str, total: int, page_size: int) -> int:
    """Page buttons under a paginated table; returns the row offset of the chosen page."""
    pages = max(1, -(-total // page_size))
    if pages == 1:
        return 0
    page = st.pagination(pages, key=key)
    return (int(page) - 1) * page_size


def facts_text(facts: dict[str, Any] | None) -> str:
    """Facts as one plain line: 'amount=40000000, currency=USD, round=Series B'."""
    return ", ".join(f"{k}={v}" for k, v in (facts or {}).items() if v not in (None, "", [], {}))


def company_from_query(choices: list[dict[str, Any]]) -> int | None:
    """The company id named by the ?company= query parameter, when it is one of `choices`."""
    raw = st.query_params.get("company")
    ids = {c["id"] for c in choices}
    return int(raw) if raw is not None and str(raw).isdigit() and int(raw) in ids else None


def flash(message: str) -> None:
    """Show `message` once after the rerun that brings the page up to date (after a write)."""
    st.session_state["_flash"] = message
    st.rerun()


def show_flash() -> None:
    """Show the pending flash message, if any (as inert text)."""
    message = st.session_state.pop("_flash", None)
    if message:
        st.success(md(message), icon=":material/check_circle:")


def plural(count: int, one: str, many: str) -> str:
    """'1 person', '3 people'."""
    return f"{count} {one if count == 1 else many}"


def stage(value: object) -> str:
    """A pipeline stage for reading: 'reached_out' -> 'reached out'."""
    return str(value or "watching").replace("_", " ")


@contextmanager
def user_errors() -> Iterator[None]:
    """Show a UserError (bad input, a missing row) as one line on the page instead of a traceback."""
    try:
        yield
    except UserError as exc:
        st.error(md(str(exc)), icon=":material/error:")
