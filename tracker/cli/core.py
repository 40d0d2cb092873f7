"""`hjm init` and `hjm dashboard`."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.apps import app
from tracker.cli.common import DbOption, ensure_schema, settings_for


@app.command("init")
def init(db: DbOption = None) -> None:
    """Create the database, or upgrade it to the newest schema."""
    settings = settings_for(db)
    ensure_schema(settings.database_url)
    typer.echo(f"Database ready: {settings.database_url}")


def dashboard_script() -> Path:
    """Where dashboard/app.py is, found without importing it (tracker never imports streamlit)."""
    spec = importlib.util.find_spec("dashboard")
    if spec is None or not spec.submodule_search_locations:
        raise typer.BadParameter("the dashboard package is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "app.py"


def dashboard_command(*, port: int, address: str) -> list[str]:
    """The streamlit command line: local address, no usage statistics, no browser auto-open."""
    return [sys.executable, "-m", "streamlit", "run", str(dashboard_script()),
            "--server.address", address, "--server.port", str(port), "--server.headless", "true",
            "--browser.gatherUsageStats", "false"]


def run_dashboard(*, database_url: str, port: int, address: str) -> int:
    """Run the dashboard in the foreground until Ctrl-C; returns its exit code."""
    env = dict(os.environ, HJM_DATABASE_URL=database_url)
    typer.echo(f"Dashboard on http://{address}:{port} (Ctrl-C to stop)")
    try:
        return subprocess.call(dashboard_command(port=port, address=address), env=env)
    except KeyboardInterrupt:
        return 0


@app.command("dashboard")
def dashboard(
    port: Annotated[int | None, typer.Option(help="Port (default 8501).")] = None,
    address: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    db: DbOption = None,
) -> None:
    """Open the Streamlit dashboard on http://127.0.0.1:8501."""
    settings = settings_for(db)
    ensure_schema(settings.database_url)
    raise typer.Exit(run_dashboard(database_url=settings.database_url, port=port or settings.dashboard_port,
                                   address=address or settings.dashboard_address))
