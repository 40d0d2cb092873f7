"""benchmarks.report: the machine line and rewriting one section of docs/benchmarks.md in place."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from benchmarks import report
from benchmarks.__main__ import BENCHMARKS

DOC = "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n| t |\n|---|\n\n## C\n\nold c\n"


def sections(text: str) -> dict[str, str]:
    """Each "## " heading with the exact text up to the next one; the preamble under ""."""
    parts = re.split(r"(?m)^(?=## )", text)
    return {part.split("\n", 1)[0].rstrip("\r") if part.startswith("## ") else "": part for part in parts}


CASES = [
    # name, file before (None: absent), title, body, file after
    ("replace a middle section", DOC, "## B", "new b",
     "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n\n## C\n\nold c\n"),
    ("replace the first section", DOC, "## A", "new a\n\nsecond paragraph",
     "# Benchmarks\n\n## A\n\nnew a\n\nsecond paragraph\n\n## B\n\nold b\n\n| t |\n|---|\n\n## C\n\nold c\n"),
    ("replace the last section", DOC, "## C", "new c",
     "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n| t |\n|---|\n\n## C\n\nnew c\n"),
    ("replace the last section of a file without a final newline", DOC.rstrip("\n"), "## C", "new c",
     "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nold b\n\n| t |\n|---|\n\n## C\n\nnew c\n"),
    ("newlines around the body are trimmed", DOC, "## B", "\n\nnew b\n\n\n",
     "# Benchmarks\n\n## A\n\nold a\n\n## B\n\nnew b\n\n## C\n\nold c\n"),
    ("append a new section", DOC, "## D", "new d", DOC + "\n## D\n\nnew d\n"),
    ("append after a file without a final newline", DOC.rstrip("\n"), "## D", "new d", DOC + "\n## D\n\nnew d\n"),
    ("a heading that only starts with the title is another section",
     "# Benchmarks\n\n## B (old)\n\nkept\n", "## B", "new b",
     "# Benchmarks\n\n## B (old)\n\nkept\n\n## B\n\nnew b\n"),
    ("the title inside a line is not a heading",
     "# Benchmarks\n\nsee ## B below\n\n## B\n\nold b\n", "## B", "new b",
     "# Benchmarks\n\nsee ## B below\n\n## B\n\nnew b\n"),
    ("other sections keep their bytes, CRLF included",
     "# Benchmarks\r\n\r\n## A\r\n\r\nold a\r\n\r\n## B\n\nold b\n", "## A", "new a",
     "# Benchmarks\r\n\r\n## A\n\nnew a\n\n## B\n\nold b\n"),
    ("create the file", None, "## A", "body", report.NEW_DOC + "\n## A\n\nbody\n"),
    ("an empty file is created afresh", "", "## A", "body", report.NEW_DOC + "\n## A\n\nbody\n"),
]


@pytest.mark.parametrize(("before", "title", "body", "after"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_write_section(tmp_path: Path, before: str | None, title: str, body: str, after: str) -> None:
    doc = tmp_path / "docs" / "benchmarks.md"
    if before is not None:
        doc.parent.mkdir()
        doc.write_bytes(before.encode())
    report.write_section(title, body, doc=doc)
    written = doc.read_bytes().decode()
    assert written == after
    old, new = sections(before or report.NEW_DOC), sections(written)
    assert set(new) == set(old) | {title}
    last = list(old)[-1]
    for key, text in old.items():
        if key != title:  # untouched, but for the newlines an append puts after the old last section
            assert new[key] == text or (key == last and title not in old and new[key].rstrip() == text.rstrip())
    report.write_section(title, body, doc=doc)
    assert doc.read_bytes().decode() == after  # writing the same section again changes nothing


def test_new_file_has_the_heading_and_one_intro_line(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    report.write_section("## A", "body", doc=doc)
    heading, blank, intro, rest = doc.read_text().split("\n", 3)
    assert (heading, blank, rest) == ("# Benchmarks", "", "\n## A\n\nbody\n")
    assert intro and not intro.startswith("#")


@pytest.mark.parametrize("title", ["A", "# A", "##A", "## A\n## B"])
def test_write_section_wants_one_second_level_heading(tmp_path: Path, title: str) -> None:
    with pytest.raises(ValueError, match="section title"):
        report.write_section(title, "body", doc=tmp_path / "benchmarks.md")
    assert not (tmp_path / "benchmarks.md").exists()


def test_machine_is_one_line_with_the_essentials() -> None:
    line = report.machine()
    assert "\n" not in line
    assert re.search(r"\d+ CPUs", line) and "Python 3." in line
    assert re.search(r"\d{4}-\d{2}-\d{2}$", line)


@pytest.mark.parametrize("name", BENCHMARKS)
def test_every_benchmark_names_a_valid_heading(name: str) -> None:
    module = importlib.import_module(name)
    title = getattr(module, "SECTION", None) or module.TITLE
    assert title.startswith("## ") and "\n" not in title


@pytest.mark.postgres
def test_measure_on_both_runs_on_sqlite_then_a_scratch_postgres_that_is_dropped(postgres_server_url: str) -> None:
    import psycopg
    from sqlalchemy import text

    from benchmarks.report import measure_on_both
    from tests.conftest import PG_ADMIN_URL
    from tracker.db import make_engine

    def measure(url: str) -> dict:
        engine = make_engine(url)
        with engine.begin() as conn:
            conn.execute(text("CREATE TABLE probe (n integer)"))
            conn.execute(text("INSERT INTO probe VALUES (1), (2)"))
            count = conn.execute(text("SELECT count(*) FROM probe")).scalar_one()
        engine.dispose()
        return {"url": url, "rows": count}

    results = measure_on_both(measure, postgres_admin_url=PG_ADMIN_URL)
    assert [r["url"].split(":", 1)[0] for r in results] == ["sqlite", "postgresql"]
    assert all(r["rows"] == 2 for r in results)
    scratch = results[1]["url"].rsplit("/", 1)[1]
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as admin:
        left = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (scratch,)).fetchall()
    assert left == []
