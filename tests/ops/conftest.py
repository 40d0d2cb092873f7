"""Fixtures for the operations tests: empty databases, a second database, SMTP and webhook servers."""

from __future__ import annotations

import json
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from sqlalchemy import text

from tracker.db import get_engine, make_engine


def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(scope="session")
def second_postgres_url(postgres_server_url: str) -> Iterator[str]:
    """Another throwaway PostgreSQL database (restores need a source and a target)."""
    import psycopg

    admin_url = postgres_server_url.rsplit("/", 1)[0] + "/postgres"
    name = f"hjm_test_{os.getpid()}_{uuid.uuid4().hex[:6]}_b"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield postgres_server_url.rsplit("/", 1)[0] + f"/{name}"
    get_engine.cache_clear()
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_db_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """A database with no tables at all (migrations create them): SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        url = request.getfixturevalue("postgres_server_url")
        _reset_postgres(url)
        yield url
    get_engine.cache_clear()


@pytest.fixture
def restore_url(db_url: str, request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # noqa: ANN001
    """An empty database (no tables) of the same kind as db_url, to restore a backup into."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    else:
        url = request.getfixturevalue("second_postgres_url")
        _reset_postgres(url)
        yield url
    get_engine.cache_clear()


def create_schema(url: str, monkeypatch: pytest.MonkeyPatch | None = None) -> str:
    """Create the current schema from the models (as the shared fixtures do); tell the CLI it is current."""
    from sqlmodel import SQLModel

    import tracker.cli.common as common

    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    engine.dispose()
    if monkeypatch is not None:
        monkeypatch.setattr(common, "_migrated", common._migrated | {url})
    return url


@pytest.fixture
def cli_db(db_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """db_url for CLI calls: its tables come from the models, so the CLI must not run migrations on it."""
    return create_schema(db_url, monkeypatch)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it receives."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content
                              or envelope.content))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server() -> Iterator[tuple[str, int, Inbox]]:
    """A real SMTP server (aiosmtpd) on a free loopback port: (host, port, inbox)."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield "127.0.0.1", controller.port, inbox
    finally:
        controller.stop()


class _Hook(BaseHTTPRequestHandler):
    received: list[dict] = []
    status = 200

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        self.received.append({"path": self.path, "content_type": self.headers.get("Content-Type"),
                              "json": json.loads(body)})
        self.send_response(self.status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def webhook_server() -> Iterator[tuple[str, list[dict], type]]:
    """A local HTTP endpoint that records JSON POSTs: (url, received, handler class to set .status)."""
    handler = type("Hook", (_Hook,), {"received": [], "status": 200})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/hooks/digest", handler.received, handler
    finally:
        httpd.shutdown()
        httpd.server_close()
