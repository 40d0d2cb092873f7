"""`tracker.analyze`: the output shape, streaming, watchlist CSVs and one-line errors for bad input."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tracker.analyze import analyze_file, analyze_lines, matcher_from_csv, parse_published
from tracker.errors import InputError, UserError
from tracker.linking import CompanyMatcher, CompanyRef

MATCHER = CompanyMatcher([CompanyRef(None, "Acme Robotics", aliases=("Acme",)), CompanyRef(None, "Globex")])


def line(**fields: object) -> str:
    return json.dumps(fields)


def test_output_line_shape() -> None:
    [result] = analyze_lines([line(id="a1", title="Acme, backed by Globex, raises $30M", text="")], matcher=MATCHER)
    assert set(result) == {"id", "companies", "signals"}
    assert result["id"] == "a1"
    assert {c["name"] for c in result["companies"]} == {"Acme Robotics", "Globex"}
    assert all(0 < c["confidence"] <= 1 for c in result["companies"])
    [signal] = result["signals"]
    assert set(signal) == {"kind", "company", "confidence", "evidence", "facts"}
    assert (signal["kind"], signal["company"], signal["evidence"]) == (
        "funding", "Acme Robotics", "Acme, backed by Globex, raises $30M")
    assert signal["facts"]["money"] == "$30M"


def test_signals_without_a_watchlist_company_have_a_null_company() -> None:
    [result] = analyze_lines([line(id=1, title="Zeta Labs lays off 40 people")], matcher=CompanyMatcher([]))
    assert result["companies"] == []
    assert [(s["kind"], s["company"]) for s in result["signals"]] == [("layoffs", None)]


def test_blank_lines_are_skipped_and_order_is_kept() -> None:
    results = list(analyze_lines([line(id=2, text="x"), "", "  ", line(id=1, text="y")], matcher=MATCHER))
    assert [r["id"] for r in results] == [2, 1]


def test_streams_one_line_at_a_time() -> None:
    consumed: list[int] = []

    def source() -> Iterator[str]:
        for i in range(3):
            consumed.append(i)
            yield line(id=i, title="Acme opens office in Austin")

    results = analyze_lines(source(), matcher=MATCHER)
    assert next(results)["id"] == 0
    assert consumed == [0]  # nothing read ahead: memory stays constant


@pytest.mark.parametrize(("raw", "message"), [
    ('{"id": 1, "title": ', "data.jsonl:2: not valid JSON"),
    ('["a", "b"]', "data.jsonl:2: each line must be a JSON object"),
    ('{"title": "no id"}', "data.jsonl:2: field 'id' is missing"),
    ('{"id": 1, "text": 42}', "data.jsonl:2: field 'text' must be a string"),
    ('{"id": 1, "published": "last tuesday"}', "data.jsonl:2: field 'published' 'last tuesday' is not an ISO date"),
    ('{"id": 1, "links": "http://a.example"}', "data.jsonl:2: field 'links' must be a list of URLs"),
])
def test_bad_lines_name_the_file_and_line(raw: str, message: str) -> None:
    with pytest.raises(InputError) as error:
        list(analyze_lines([line(id=0), raw], matcher=MATCHER, path="data.jsonl"))
    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), ("", None), ("2026-01-31", "2026-01-31T00:00:00+00:00"),
    ("2026-01-31T10:00:00Z", "2026-01-31T10:00:00+00:00"), ("2026-01-31T10:00:00+02:00", "2026-01-31T10:00:00+02:00"),
])
def test_published_dates(value: str | None, expected: str | None) -> None:
    parsed = parse_published(value)
    assert (parsed.isoformat() if parsed else None) == expected


def write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_analyze_file_with_a_watchlist_csv_touches_no_database(tmp_path: Path) -> None:
    csv = write(tmp_path / "watch.csv", "name,domain,aliases", "Initech,initech.example,Initech Labs;INTC Labs")
    source = write(tmp_path / "in.jsonl", line(id=1, title="Initech to close its Ohio plant", url="https://n.example/1"))
    out = tmp_path / "out" / "result.jsonl"
    assert analyze_file(source=source, matcher=matcher_from_csv(csv), out=out) == 1
    [result] = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(s["kind"], s["company"]) for s in result["signals"]] == [("closure", "Initech")]
    assert not list(tmp_path.rglob("*.sqlite3"))


def test_a_failed_run_leaves_no_half_written_output(tmp_path: Path) -> None:
    source = write(tmp_path / "in.jsonl", line(id=1, title="ok"), "{broken")
    out = tmp_path / "result.jsonl"
    with pytest.raises(InputError, match="in.jsonl:2"):
        analyze_file(source=source, matcher=MATCHER, out=out)
    assert not out.exists() and list(tmp_path.iterdir()) == [source]


def test_missing_input_file_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        analyze_file(source=tmp_path / "nope.jsonl", matcher=MATCHER)
