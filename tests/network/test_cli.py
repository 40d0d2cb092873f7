"""`hjm contacts import|list|show|merge|split|forget`, in-process with CliRunner, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from tracker.cli import app
from tracker.db import get_engine
from tracker.models import Contact, ContactRecord, Interaction

runner = CliRunner()


def hjm(url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--db", url])
    return result.exit_code, result.output


def hjm_json(url: str, *args: str) -> object:
    code, out = hjm(url, *args, "--json")
    assert code == 0, out
    return json.loads(out)


def contact_count(url: str) -> int:
    with Session(get_engine(url)) as s:
        return len(s.exec(select(Contact)).all())


@pytest.mark.parametrize("command", ["import", "list", "show", "merge", "split", "forget"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, ["contacts", command, "--help"])
    assert result.exit_code == 0
    lines = [line.strip(" │") for line in result.output.splitlines()]
    assert any(len(line) > 20 for line in lines[2:6])  # the docstring is shown under the usage line


def test_import_and_list(cli_db: str, files: Path) -> None:
    assert hjm(cli_db, "companies", "add", "Meridian Geo", "--domain", "meridiangeo.example")[0] == 0
    code, out = hjm(cli_db, "contacts", "import", str(files / "linkedin_current.csv"))
    assert code == 0, out
    assert "(linkedin): 4 created, 0 updated, 0 unchanged, 5 skipped" in out
    assert "line 9: field 'Connected On': 'someday' is not a date" in out
    summary = hjm_json(cli_db, "contacts", "import", str(files / "linkedin_current.csv"), "--format", "linkedin")
    assert (summary["created"], summary["unchanged"], len(summary["skipped"])) == (0, 4, 5)
    assert summary["skipped"][0] == {"line": 9, "reason": "field 'Connected On': 'someday' is not a date"}

    rows = hjm_json(cli_db, "contacts", "list")
    assert [r["name"] for r in rows] == ["Ada Quillfeather", "Bram Oakhurst", "Cleo Marchetti", "Gus Bellamy"]
    assert {"id", "name", "employer", "title", "company", "strength", "tags"} <= set(rows[0])
    assert rows[0]["company"] == "Meridian Geo"
    at = hjm_json(cli_db, "contacts", "list", "--company", "Meridian Geo")
    assert [(r["name"], r["relation"]) for r in at] == [("Ada Quillfeather", "current")]
    by_employer = hjm_json(cli_db, "contacts", "list", "--company", "Orbital Imaging")  # not a target: by name
    assert [r["name"] for r in by_employer] == ["Bram Oakhurst"]
    assert len(hjm_json(cli_db, "contacts", "list", "--sort", "strength", "--limit", "2")) == 2
    code, out = hjm(cli_db, "contacts", "list")
    assert out.splitlines()[0].split() == ["ID", "NAME", "EMPLOYER", "TITLE", "COMPANY", "STRENGTH", "TAGS"]
    code, out = hjm(cli_db, "contacts", "list", "--company", "Nowhere Ltd")
    assert code == 1 and "Error: nobody in your network works or worked at 'Nowhere Ltd'" in out


def test_tag_filter(cli_db: str, files: Path) -> None:
    hjm(cli_db, "contacts", "import", str(files / "linkedin_current.csv"))
    with Session(get_engine(cli_db)) as s:
        gus = s.exec(select(Contact).where(Contact.full_name == "Gus Bellamy")).one()
        gus.tags = ["Mentor"]
        s.add(gus)
        s.commit()
    assert [r["name"] for r in hjm_json(cli_db, "contacts", "list", "--tag", "mentor")] == ["Gus Bellamy"]


@pytest.mark.parametrize(
    ("name", "fmt", "message"),
    [
        ("linkedin_wrong_header.csv", "auto", "linkedin_wrong_header.csv:4: field 'Company' missing from the header"),
        ("linkedin_wrong_header.csv", "linkedin", "linkedin_wrong_header.csv:4: field 'Company' missing"),
        ("google_old.csv", "vcard", "google_old.csv:1: is not a vCard file"),
        ("not_contacts.csv", "auto", "not_contacts.csv:1: is not a contacts export this tool knows"),
        ("missing.csv", "auto", "missing.csv: no such file"),
        ("linkedin_current.csv", "outlook", "unknown format 'outlook'"),
    ],
)
def test_refused_file_one_line_error(cli_db: str, files: Path, name: str, fmt: str, message: str) -> None:
    code, out = hjm(cli_db, "contacts", "import", str(files / name), "--format", fmt)
    assert code == 1
    assert out.startswith("Error: ") and message in out
    assert out.count("\n") == 1 and "Traceback" not in out
    assert contact_count(cli_db) == 0


def test_show_merge_split_forget(cli_db: str, files: Path) -> None:
    for name in ("linkedin_current.csv", "google_old.csv", "messages.csv"):
        assert hjm(cli_db, "contacts", "import", str(files / name))[0] == 0
    detail = hjm_json(cli_db, "contacts", "show", "Ada Quillfeather")
    assert sorted(r["source"] for r in detail["records"]) == ["google", "linkedin"]
    assert detail["employments"][0]["employer"] == "Meridian Geo Ltd"
    assert len(detail["interactions"]) == 2 and 0 <= detail["strength"] <= 100
    code, out = hjm(cli_db, "contacts", "show", "ada")  # a unique part of a name will do
    assert code == 0 and out.startswith(f"Ada Quillfeather (id {detail['id']})") and "Records:" in out

    code, out = hjm(cli_db, "contacts", "split", "Ada Quillfeather")
    assert code == 0 and out.startswith("Split Ada Quillfeather")
    ids = [r["id"] for r in hjm_json(cli_db, "contacts", "list") if r["name"] == "Ada Quillfeather"]
    assert len(ids) == 2
    code, out = hjm(cli_db, "contacts", "show", "Ada Quillfeather")
    assert code == 1 and "matches several contacts" in out
    code, out = hjm(cli_db, "contacts", "merge", str(ids[0]), str(ids[1]))
    assert code == 0 and f"into Ada Quillfeather (id {ids[0]})" in out
    assert len(hjm_json(cli_db, "contacts", "show", str(ids[0]))["records"]) == 2

    with Session(get_engine(cli_db)) as s:
        record = s.exec(select(ContactRecord).where(ContactRecord.contact_id == ids[0],
                                                    ContactRecord.source == "google")).one()
    code, out = hjm(cli_db, "contacts", "split", str(ids[0]), "--record", str(record.id))
    assert code == 0 and "new contact" in out

    code, out = hjm(cli_db, "contacts", "forget", str(ids[0]), "--yes")
    assert code == 0 and out.startswith("Forgot Ada Quillfeather (") and "2 interactions" in out
    with Session(get_engine(cli_db)) as s:
        assert s.exec(select(Interaction).where(Interaction.contact_id == ids[0])).all() == []
    code, out = hjm(cli_db, "contacts", "forget", str(ids[0]), "--yes")
    assert code == 1 and out.startswith("Error: no contact with id")


def test_forget_asks_first(cli_db: str, files: Path) -> None:
    hjm(cli_db, "contacts", "import", str(files / "linkedin_old_2018.csv"))
    result = runner.invoke(app, ["contacts", "forget", "Kit Ambrose", "--db", cli_db], input="n\n")
    assert result.exit_code == 1
    assert contact_count(cli_db) == 2
    result = runner.invoke(app, ["contacts", "forget", "Kit Ambrose", "--db", cli_db], input="y\n")
    assert result.exit_code == 0
    assert contact_count(cli_db) == 1
