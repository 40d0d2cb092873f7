"""The `hjm` command line: each command parses, opens a session, calls one library function, prints."""

from __future__ import annotations

import sys

from tracker.cli.apps import app
from tracker.errors import UserError

# Importing the command modules registers their commands on the apps.
from tracker.cli import boards, companies, contacts, core, demo, ops, relationships, signals, sources, who  # noqa: E402,F401,I001


def main() -> None:
    """Entry point: run the app, turning user errors into one line on stderr."""
    try:
        app(standalone_mode=False)
    except UserError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            print("Aborted.", file=sys.stderr)
            sys.exit(1)
        raise


__all__ = ["app", "main"]
