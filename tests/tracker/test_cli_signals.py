"""`hjm analyze`, `hjm signals`, `hjm signals mark` and `hjm signals export-labels`, in-process."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from tracker.cli import app
from tracker.db import get_engine
from tracker.models import Article, Company, Signal, SignalFeedback

runner = CliRunner()
NOW = datetime.now(UTC)


@pytest.fixture
def cli_db(db_url: str) -> str:
    """db_url with its model-built schema stamped as the newest revision, so the CLI's upgrade is a no-op."""
    from alembic import command

    from tracker.migrations import alembic_config

    command.stamp(alembic_config(db_url), "head")
    return db_url


@pytest.fixture
def seeded(cli_db: str) -> dict[str, int]:
    """Two companies, one article, three signals (one of them 40 days old)."""
    with Session(get_engine(cli_db)) as s:
        acme = Company(name="Acme Robotics", normalized_name="acme robotics", aliases=["Acme"], domain="acme.example")
        globex = Company(name="Globex", normalized_name="globex", domain="globex.example")
        s.add_all([acme, globex])
        s.flush()
        article = Article(url="https://news.example/acme-raises", title="Acme raises $30M")
        s.add(article)
        s.flush()
        rows = [
            Signal(company_id=acme.id, kind="funding", confidence=0.85, evidence="Acme raises $30M",
                   facts={"money": "$30M", "round": "Series B"}, article_id=article.id,
                   occurred_at=NOW - timedelta(days=2), dedup_key="a:1:funding"),
            Signal(company_id=globex.id, kind="layoffs", confidence=0.8, evidence="Globex cuts 200 jobs",
                   facts={"headcount": 200}, occurred_at=NOW - timedelta(days=5), dedup_key="g:2:layoffs"),
            Signal(company_id=acme.id, kind="expansion", confidence=0.7, evidence="Acme opens Austin office",
                   facts={"location": "Austin"}, occurred_at=NOW - timedelta(days=40), dedup_key="a:3:expansion"),
        ]
        s.add_all(rows)
        s.commit()
        return {"acme": acme.id, "globex": globex.id, "funding": rows[0].id, "layoffs": rows[1].id,
                "expansion": rows[2].id}


def listing(db: str, *args: str) -> list[dict]:
    result = runner.invoke(app, ["signals", *args, "--json", "--db", db])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_signals_lists_newest_first_with_article(cli_db: str, seeded: dict[str, int]) -> None:
    rows = listing(cli_db)
    assert [r["kind"] for r in rows] == ["funding", "layoffs", "expansion"]
    first = rows[0]
    assert (first["company"], first["confidence"], first["evidence"], first["facts"]["round"]) == (
        "Acme Robotics", 0.85, "Acme raises $30M", "Series B")
    assert (first["url"], first["title"]) == ("https://news.example/acme-raises", "Acme raises $30M")
    assert rows[1]["url"] is None
    assert datetime.fromisoformat(first["occurred_at"]).date() == (NOW - timedelta(days=2)).date()


@pytest.mark.parametrize(("args", "kinds"), [
    (["--company", "Acme"], ["funding", "expansion"]),
    (["--company", "globex.example"], ["layoffs"]),
    (["--since", "30d"], ["funding", "layoffs"]),
    (["--kind", "layoffs"], ["layoffs"]),
    (["--company", "Acme Robotics", "--since", "3d"], ["funding"]),
])
def test_signals_filters(cli_db: str, seeded: dict[str, int], args: list[str], kinds: list[str]) -> None:
    assert [r["kind"] for r in listing(cli_db, *args)] == kinds


@pytest.mark.parametrize(("args", "message"), [
    (["--company", "Umbrella"], "no company named 'Umbrella'"),
    (["--kind", "fundng"], "unknown kind 'fundng'"),
    (["--since", "last week"], "--since"),
])
def test_signals_bad_options_are_one_line_errors(cli_db: str, seeded: dict[str, int], args: list[str],
                                                 message: str) -> None:
    result = runner.invoke(app, ["signals", *args, "--db", cli_db])
    assert result.exit_code != 0
    assert message in str(result.exception) + result.output


def test_signals_table_output(cli_db: str, seeded: dict[str, int]) -> None:
    result = runner.invoke(app, ["signals", "--db", cli_db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split()[:4] == ["ID", "OCCURRED_AT", "COMPANY", "KIND"]
    assert "Acme raises $30M" in lines[1]


def test_mark_wrong_with_kind_records_feedback_and_stops_counting(cli_db: str, seeded: dict[str, int]) -> None:
    result = runner.invoke(app, ["signals", "mark", str(seeded["layoffs"]), "--wrong", "--kind", "restructuring",
                                 "--json", "--db", cli_db])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["corrected_kind"] == "restructuring"
    assert [r["kind"] for r in listing(cli_db)] == ["funding", "expansion"]
    wrong = [r for r in listing(cli_db, "--include-wrong") if r["wrong"]]
    assert [(r["kind"], r["corrected_kind"]) for r in wrong] == [("layoffs", "restructuring")]
    again = runner.invoke(app, ["signals", "mark", str(seeded["layoffs"]), "--wrong", "--kind", "restructuring",
                                "--db", cli_db])
    assert again.exit_code == 0, again.output
    with Session(get_engine(cli_db)) as s:
        feedback = s.exec(select(SignalFeedback)).all()
        signal = s.get(Signal, seeded["layoffs"])
    assert [(f.kind, f.corrected_kind, f.text, f.company) for f in feedback] == [
        ("layoffs", "restructuring", "Globex cuts 200 jobs", "Globex")]
    assert (signal.wrong, signal.corrected_kind) == (True, "restructuring")


@pytest.mark.parametrize(("args", "message"), [
    (["999", "--wrong"], "no signal with id 999"),
    (["{funding}", "--wrong", "--kind", "funding"], "already is 'funding'"),
    (["{funding}", "--wrong", "--kind", "bogus"], "unknown kind 'bogus'"),
    (["{funding}"], "say --wrong"),
])
def test_mark_errors(cli_db: str, seeded: dict[str, int], args: list[str], message: str) -> None:
    args = [a.format(**seeded) for a in args]
    result = runner.invoke(app, ["signals", "mark", *args, "--db", cli_db])
    assert result.exit_code != 0
    assert message in str(result.exception) + result.output
    assert len(listing(cli_db)) == 3


def test_export_labels_writes_eval_shaped_lines(cli_db: str, seeded: dict[str, int], tmp_path: Path) -> None:
    for args in (["--wrong"], ["--wrong", "--kind", "new_team"]):
        signal_id = seeded["funding"] if args == ["--wrong"] else seeded["expansion"]
        assert runner.invoke(app, ["signals", "mark", str(signal_id), *args, "--db", cli_db]).exit_code == 0
    out = tmp_path / "labels.jsonl"
    result = runner.invoke(app, ["signals", "export-labels", "--out", str(out), "--db", cli_db])
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in out.read_text().splitlines()]
    assert [(r["text"], r["signals"], r["not_signals"]) for r in rows] == [
        ("Acme raises $30M", [], [{"kind": "funding", "company": "Acme Robotics"}]),
        ("Acme opens Austin office", [{"kind": "new_team", "company": "Acme Robotics"}],
         [{"kind": "expansion", "company": "Acme Robotics"}]),
    ]
    assert all({"id", "split", "title", "text", "signals", "companies"} <= set(r) for r in rows)
    printed = runner.invoke(app, ["signals", "export-labels", "--db", cli_db])
    assert [json.loads(x)["id"] for x in printed.stdout.splitlines()] == [r["id"] for r in rows]


def test_analyze_with_companies_csv(tmp_path: Path) -> None:
    csv = tmp_path / "watch.csv"
    csv.write_text("name,domain,aliases\nAcme Robotics,acme.example,Acme\n", encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "title": "Acme lays off 40 people", "text": ""}) + "\n")
    result = runner.invoke(app, ["analyze", "--jsonl", str(source), "--companies", str(csv)])
    assert result.exit_code == 0, result.output
    [line] = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["companies"][0]["name"] == "Acme Robotics"
    assert [(s["kind"], s["company"]) for s in line["signals"]] == [("layoffs", "Acme Robotics")]


def test_analyze_uses_the_database_watchlist(cli_db: str, seeded: dict[str, int], tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": 1, "title": "Globex to acquire Acme"}) + "\n")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", "--jsonl", str(source), "--out", str(out), "--db", cli_db])
    assert result.exit_code == 0, result.output
    signals = json.loads(out.read_text())["signals"]
    assert {(s["company"], s["facts"]["role"]) for s in signals} == {("Globex", "acquirer"),
                                                                      ("Acme Robotics", "target")}


def test_analyze_bad_line_is_a_one_line_error(tmp_path: Path) -> None:
    csv = tmp_path / "watch.csv"
    csv.write_text("name\nAcme\n", encoding="utf-8")
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": 1, "title": "ok"}\nnot json\n', encoding="utf-8")
    result = runner.invoke(app, ["analyze", "--jsonl", str(source), "--companies", str(csv)])
    assert result.exit_code != 0
    assert f"{source}:2: not valid JSON" in str(result.exception) + result.output


@pytest.mark.parametrize("command", [["analyze"], ["signals"], ["signals", "mark"], ["signals", "export-labels"]])
def test_every_command_has_help(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout.split("Usage:")[1].splitlines()) > 3
