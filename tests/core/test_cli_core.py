"""The command line: every command has help; companies add/import/list; errors are one line."""

from pathlib import Path

import click
import typer
from typer.testing import CliRunner

from tracker.cli import app

runner = CliRunner()


def _walk(command: click.Command, path: tuple[str, ...] = ()):  # noqa: ANN202
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _walk(sub, (*path, name))


def test_every_command_has_help_text() -> None:
    root = typer.main.get_command(app)
    missing = [" ".join(path) for path, cmd in _walk(root) if path and not (cmd.help or "").strip()]
    assert missing == []
    for path, _ in _walk(root):
        result = runner.invoke(app, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)


def test_init_and_companies_commands(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert runner.invoke(app, ["init", "--db", url]).exit_code == 0
    result = runner.invoke(app, ["companies", "add", "Meridian Geo Ltd", "--domain", "meridiangeo.example",
                                 "--alias", "Meridian Geo", "--db", url])
    assert result.exit_code == 0 and "created" in result.output
    csv_path = tmp_path / "watchlist.csv"
    csv_path.write_text("name,domain,aliases\nCartoscope,cartoscope.example,\nMeridian Geo,,\n")
    result = runner.invoke(app, ["companies", "import", str(csv_path), "--json", "--db", url])
    assert result.exit_code == 0, result.output
    assert '"created": 1' in result.output and '"unchanged": 1' in result.output


def test_bad_watchlist_is_one_line_error_and_imports_nothing(tmp_path: Path) -> None:
    from tracker.cli import main

    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    bad = tmp_path / "bad.csv"
    bad.write_text("name,domain\nGood Co,good.example\n,missing.example\n")
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "tracker", "companies", "import", str(bad), "--db", url],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == f"Error: {bad}:3: field 'name' is empty"
    listed = subprocess.run([sys.executable, "-m", "tracker", "companies", "list", "--sort", "name", "--json",
                             "--db", url], capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.strip() == "[]"
    assert callable(main)
