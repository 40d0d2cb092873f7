"""Crawled and imported text is shown as text, never HTML; the server stays local and sends no statistics."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from dashboard import ui
from tests.dashboard.apptest import PAGES
from tests.dashboard.seed import HOSTILE_TITLE

ROOT = Path(__file__).resolve().parents[2]
UNESCAPED_TAG = re.compile(r"(?<!\\)<\s*(script|img|b)\b", re.IGNORECASE)


def _interpreted(at) -> list[tuple[str, str, bool]]:  # noqa: ANN001
    """(kind, body, allow_html) of every element whose text Streamlit interprets as markdown."""
    out = []
    for kind in ("title", "subheader", "header", "markdown", "caption", "success", "info", "error", "warning"):
        for element in getattr(at, kind):
            out.append((kind, str(element.value), bool(getattr(element.proto, "allow_html", False))))
    out += [("page_link", link.proto.label, False) for link in at.page_link]
    out += [("expander", e.label, False) for e in at.expander]
    return out


@pytest.mark.parametrize("page", PAGES)
def test_no_page_interprets_hostile_text_as_html(seeded, open_page, page: str) -> None:  # noqa: ANN001
    at = open_page(page, company=seeded.companies["Orbital Lens Imaging"])
    for kind, body, allow_html in _interpreted(at):
        assert not allow_html, (kind, body)
        assert not UNESCAPED_TAG.search(body), (kind, body)
        assert "](javascript" not in body, (kind, body)


def test_hostile_headline_is_shown_verbatim_as_text(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("company", company=seeded.companies["Orbital Lens Imaging"])
    assert HOSTILE_TITLE in [t.value for t in at.text]  # st.text: shown as typed, never rendered
    evidence = [t.value for t in at.text if t.value.startswith("Evidence: <img")]
    assert evidence == ['Evidence: <img src=x onerror="window.__hjm_pwned=1"> **bold** claim of funding']
    at = open_page("signals")
    headlines = list(at.dataframe[0].value["title"])
    assert HOSTILE_TITLE in headlines  # the grid shows cell text as text


def test_hostile_text_in_a_heading_is_escaped(seeded, open_page) -> None:  # noqa: ANN001
    at = open_page("today")
    text = "\n".join(t.value for t in at.text)
    assert '<img src=x onerror="window.__hjm_pwned=1">' in text  # heat explanations: plain text


@pytest.mark.parametrize(("raw", "escaped"), [
    ("<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
    ("[click](javascript:alert(1))", r"\[click\]\(javascript\:alert\(1\)\)"),
    ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
    (":red[alarm] $x^2$", r"\:red\[alarm\] \$x\^2\$"),
    ("Meridian Geo", "Meridian Geo"),
    ("multi\nline   text", "multi line text"),
    (None, ""),
])
def test_md_escapes_everything_markdown_would_interpret(raw, escaped) -> None:  # noqa: ANN001
    assert ui.md(raw) == escaped


@pytest.mark.parametrize(("url", "shown"), [
    ("https://news.test/a", "https://news.test/a"),
    ("http://news.test/a?b=1", "http://news.test/a?b=1"),
    ("javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("//news.test/a", None),
    ("news.test/a", None),
    ("", None),
    (None, None),
    (float("nan"), None),
])
def test_only_http_links_are_linked(url, shown) -> None:  # noqa: ANN001
    assert ui.http_url(url) == shown


def test_streamlit_config_keeps_the_server_local_and_quiet() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["address"] == "127.0.0.1"


def test_no_dashboard_code_allows_html() -> None:
    sources = [p.read_text() for p in (ROOT / "dashboard").rglob("*.py")]
    assert sources and not any("unsafe_allow_html=True" in s or "st.html(" in s for s in sources)
