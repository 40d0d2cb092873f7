"""The `hjm` command line: each command parses, opens a session, calls one library function, prints."""

from __future__ import annotations

import sys

# Importing the command modules registers their commands on the apps.
from tracker.cli import boards, companies, contacts, core, demo, ops, relationships, signals, sources, who  # noqa: E402,F401,I001
from tracker.cli.apps import app
from tracker.errors import UserError


def main() -> None:
    """Entry point: run the app, turning user errors into one line on stderr and keeping exit codes."""
    import click

    try:
        code = app(standalone_mode=False)
    except UserError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
    except (KeyboardInterrupt, click.exceptions.Abort):
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except click.exceptions.ClickException as exc:  # usage errors, in non-standalone mode
        exc.show()
        sys.exit(exc.exit_code)
    sys.exit(code or 0)


__all__ = ["app", "main"]
