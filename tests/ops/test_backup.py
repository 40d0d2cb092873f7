"""Export every table (JSON, CSV without formula injection) and restore a JSON backup losslessly."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel
from typer.testing import CliRunner

from tests.ops.conftest import create_schema
from tests.ops.filler import FORMULA_STARTS, fill, snapshot
from tracker.backup import FORMAT, export_csv, export_json, import_backup, neutralise, tables
from tracker.cli import app
from tracker.db import get_engine, make_engine
from tracker.errors import InputError, UserError

NOW = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
runner = CliRunner()


def _filled(url: str) -> dict:
    with get_engine(url).begin() as conn:
        return fill(conn, tables(), rows=4)


def _user_tables() -> set[str]:
    return {t.name for t in tables()}


@pytest.mark.parametrize(("cell", "expected"), [
    ("=HYPERLINK(\"http://evil.test\")", "'=HYPERLINK(\"http://evil.test\")"),
    ("+1 555 0100", "'+1 555 0100"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("plain text", "plain text"),
    ("a=b", "a=b"),
    ("", ""),
    (-3, "'-3"),  # no cell at all starts with "-"
    (-0.5, "'-0.5"),
    (3, 3),
    (False, False),
    (None, None),
])
def test_neutralise(cell: object, expected: object) -> None:
    assert neutralise(cell) == expected


def test_json_round_trip_restores_every_row_of_every_table(db_url: str, restore_url: str, tmp_path: Path) -> None:
    inserted = _filled(db_url)
    assert set(inserted) == _user_tables()
    with Session(get_engine(db_url)) as session:
        counts = export_json(session=session, path=tmp_path / "backup.json", now=NOW)
    assert counts == {name: 4 for name in _user_tables()}
    create_schema(restore_url)
    with Session(get_engine(restore_url)) as session:
        restored = import_backup(session=session, path=tmp_path / "backup.json")
        session.commit()
    assert restored == counts
    before = snapshot(make_engine(db_url), only=_user_tables())
    after = snapshot(make_engine(restore_url), only=_user_tables())
    assert after == before
    assert sum(len(rows) for rows in after.values()) == 4 * len(_user_tables())


def test_restored_database_keeps_allocating_fresh_ids(db_url: str, restore_url: str, tmp_path: Path) -> None:
    from tracker.models import Company

    _filled(db_url)
    with Session(get_engine(db_url)) as session:
        export_json(session=session, path=tmp_path / "b.json", now=NOW)
    create_schema(restore_url)
    with Session(get_engine(restore_url)) as session:
        import_backup(session=session, path=tmp_path / "b.json")
        session.commit()
        company = Company(name="Newco Example", normalized_name="newco example")
        session.add(company)
        session.commit()
        assert company.id == 5


def test_sqlite_backup_restores_into_postgresql(tmp_path: Path, second_postgres_url: str) -> None:
    from tests.ops.conftest import _reset_postgres

    source = f"sqlite:///{tmp_path / 'laptop.sqlite3'}"
    engine = make_engine(source)
    SQLModel.metadata.create_all(engine)
    with engine.begin() as conn:
        fill(conn, tables(), rows=3)
    with Session(engine) as session:
        export_json(session=session, path=tmp_path / "move.json", now=NOW)
    _reset_postgres(second_postgres_url)
    create_schema(second_postgres_url)
    with Session(get_engine(second_postgres_url)) as session:
        import_backup(session=session, path=tmp_path / "move.json")
        session.commit()
    assert snapshot(make_engine(second_postgres_url), only=_user_tables()) == snapshot(engine, only=_user_tables())


def test_import_refuses_a_database_that_has_data(db_url: str, tmp_path: Path) -> None:
    _filled(db_url)
    with Session(get_engine(db_url)) as session:
        export_json(session=session, path=tmp_path / "b.json", now=NOW)
    with Session(get_engine(db_url)) as session, pytest.raises(UserError, match="empty database.*already has 4 rows"):
        import_backup(session=session, path=tmp_path / "b.json")


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", r"b\.json:1: not valid JSON"),
    ('{"format": "something-else", "version": 1, "tables": {}}', "field 'format'.*not an hjm backup"),
    (f'{{"format": "{FORMAT}", "version": 99, "tables": {{}}}}', "field 'version'"),
    (f'{{"format": "{FORMAT}", "version": 1, "tables": {{"no_such_table": []}}}}',
     "field 'tables.no_such_table'.*unknown table"),
    (f'{{"format": "{FORMAT}", "version": 1, "tables": {{"company": [{{"id": 1, "bogus": 2}}]}}}}',
     r"field 'tables.company\[0\].bogus'.*unknown column"),
    (f'{{"format": "{FORMAT}", "version": 1, "tables": {{"company": [{{"id": 1, "created_at": "soon"}}]}}}}',
     r"field 'tables.company\[0\]'.*bad value"),
])
def test_bad_backup_files_get_one_clear_line(sqlite_url: str, tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "b.json"
    path.write_text(content, encoding="utf-8")
    with Session(get_engine(sqlite_url)) as session, pytest.raises(InputError, match=message):
        import_backup(session=session, path=path)


def test_csv_export_has_every_table_and_row_and_no_formula_cells(db_url: str, tmp_path: Path) -> None:
    inserted = _filled(db_url)
    with Session(get_engine(db_url)) as session:
        counts = export_csv(session=session, directory=tmp_path / "csv")
    assert counts == {name: 4 for name in _user_tables()}
    text_cells = 0
    for name, rows in inserted.items():
        with (tmp_path / "csv" / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
            data = list(csv.reader(handle))
        assert data[0] == list(rows[0].keys())
        assert len(data) == 1 + len(rows)
        for line in data[1:]:
            for cell in line:
                assert not cell.startswith(FORMULA_STARTS), f"{name}: {cell!r}"
                text_cells += cell.startswith("'")
    assert text_cells > 0  # the filler writes text starting with every dangerous character


def test_cli_export_then_import_backup_round_trip(cli_db: str, restore_url: str, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    db_url = cli_db
    create_schema(restore_url, monkeypatch)
    _filled(db_url)
    result = runner.invoke(app, ["export", "--format", "json", "--out", str(tmp_path / "out"), "--json",
                                 "--db", db_url])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rows"] == 4 * len(_user_tables())
    restored = runner.invoke(app, ["import-backup", summary["path"], "--json", "--db", restore_url])
    assert restored.exit_code == 0, restored.output
    assert json.loads(restored.stdout)["tables"] == summary["tables"]
    assert snapshot(make_engine(restore_url), only=_user_tables()) == snapshot(make_engine(db_url),
                                                                               only=_user_tables())
    again = runner.invoke(app, ["import-backup", summary["path"], "--db", restore_url])
    assert again.exit_code != 0
    assert "empty database" in str(again.exception) + again.output


def test_cli_csv_export_writes_one_file_per_table(cli_db: str, tmp_path: Path) -> None:
    _filled(cli_db)
    result = runner.invoke(app, ["export", "--format", "csv", "--out", str(tmp_path), "--db", cli_db])
    assert result.exit_code == 0, result.output
    folder = next(tmp_path.glob("hjm-backup-*"))
    assert {p.stem for p in folder.glob("*.csv")} == _user_tables()
