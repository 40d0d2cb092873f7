"""A real HTTP server on 127.0.0.1 for crawl tests: fixture files plus programmable routes.

Usage (context manager or the `fixture_server` pytest fixture)::

    with FixtureServer(root=Path("tests/files/rss")) as server:
        server.route("/slow", "late", delay=5)
        server.robots("User-agent: *\\nDisallow: /private/")
        url = server.url("/feed.xml")
        ...
        assert server.hits("/article/1.html") == 1

Files under a mounted directory are served with an ETag (content hash) and a Last-Modified date and
answer conditional requests with 304. In text files and in route bodies and headers, ``{{base_url}}``
becomes the server's ``http://127.0.0.1:PORT``, so feeds can link to pages on the same server.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import mimetypes
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

TEXT_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".html", ".htm", ".json", ".txt", ".csv"}
FIXED_LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)  # Tue, 14 Nov 2023 22:13:20 GMT
mimetypes.add_type("application/rss+xml", ".rss")
mimetypes.add_type("application/atom+xml", ".atom")
mimetypes.add_type("application/feed+json", ".jsonfeed")


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (timeouts, slow servers)
    reset: bool = False  # drop the connection with a TCP RST instead of answering
    etag: str | None = None  # enables If-None-Match -> 304
    last_modified: str | None = None  # enables If-Modified-Since -> 304


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the server saw it."""

    method: str
    path: str  # with the query string
    headers: dict[str, str]
    at: float


class FixtureServer:
    """A threaded HTTP/1.1 server on a free loopback port; a context manager."""

    def __init__(self, root: Path | str | None = None) -> None:
        self._mounts: list[tuple[str, Path]] = []
        self._routes: dict[str, Route] = {}
        self._sequences: dict[str, list[Route]] = {}
        self._log: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        if root is not None:
            self.mount(root)

    # --- lifecycle -------------------------------------------------------------------------------

    def start(self) -> FixtureServer:
        """Bind a free port on 127.0.0.1 and serve in a background thread."""
        handler = type("Handler", (_Handler,), {"server_ref": self})
        self._httpd = _QuietServer(("127.0.0.1", 0), handler)
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False  # a handler sleeping in `delay` must not hold up stop()
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="fixture-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FixtureServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        """The bound port."""
        assert self._httpd is not None, "server not started"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        """Absolute URL of a path on this server."""
        return self.base_url + (path if path.startswith("/") else "/" + path)

    # --- content ---------------------------------------------------------------------------------

    def mount(self, directory: Path | str, prefix: str = "/") -> None:
        """Serve the files of a directory under a URL prefix."""
        self._mounts.append(("/" + prefix.strip("/"), Path(directory)))

    def route(self, path: str, body: bytes | str = b"", *, status: int = 200, content_type: str | None = None,
              headers: dict[str, str] | None = None, delay: float = 0.0, reset: bool = False,
              etag: str | None = None, last_modified: str | None = None) -> Route:
        """Answer `path` (optionally with its query string) with a programmed response."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        ctype = content_type or _guess_type(path)
        route = Route(body=body, status=status, content_type=ctype, headers=dict(headers or {}), delay=delay,
                      reset=reset, etag=etag, last_modified=last_modified)
        with self._lock:
            self._routes[path] = route
        return route

    def sequence(self, path: str, *routes: Route) -> None:
        """Answer `path` with each route in turn (the last one repeats): e.g. a 429, then the page."""
        with self._lock:
            self._sequences[path] = list(routes)

    def redirect(self, path: str, to: str, status: int = 302) -> Route:
        """Redirect `path` to another path or URL."""
        return self.route(path, b"", status=status, headers={"Location": to})

    def robots(self, text: str) -> Route:
        """Serve /robots.txt."""
        return self.route("/robots.txt", text, content_type="text/plain")

    def gzip_bomb(self, path: str, *, size: int = 64 * 1024 * 1024, content_type: str | None = None) -> Route:
        """A small gzip body that inflates to `size` bytes of zeros (Content-Encoding: gzip)."""
        return self.route(path, _gzip_zeros(size), content_type=content_type or _guess_type(path),
                          headers={"Content-Encoding": "gzip"})

    def expand(self, text: str) -> str:
        """Replace {{base_url}} with this server's base URL."""
        return text.replace("{{base_url}}", self.base_url) if self._httpd is not None else text

    # --- request log -----------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, oldest first."""
        with self._lock:
            return list(self._log)

    def paths(self) -> list[str]:
        """The requested paths (with query strings), oldest first."""
        return [r.path for r in self.requests]

    def hits(self, path: str) -> int:
        """How many times a path (exact, or without its query string) was requested."""
        return sum(1 for r in self.requests if r.path == path or r.path.split("?", 1)[0] == path)

    def clear_log(self) -> None:
        """Forget the requests seen so far."""
        with self._lock:
            self._log.clear()

    # --- internals -------------------------------------------------------------------------------

    def _record(self, method: str, path: str, headers: dict[str, str]) -> None:
        with self._lock:
            self._log.append(RecordedRequest(method, path, headers, time.time()))

    def _lookup(self, raw_path: str) -> Route | None:
        path = urlsplit(raw_path).path
        with self._lock:
            queue = self._sequences.get(raw_path) or self._sequences.get(path)
            route = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else None
            route = route or self._routes.get(raw_path) or self._routes.get(path)
        if route is None:
            return self._file_route(path)
        if b"{{base_url}}" in route.body or any("{{base_url}}" in v for v in route.headers.values()):
            # expanded at answer time so routes can be set up before the port is known
            base = self.base_url
            route = replace(route, body=route.body.replace(b"{{base_url}}", base.encode()),
                            headers={k: v.replace("{{base_url}}", base) for k, v in route.headers.items()})
        return route

    def _file_route(self, path: str) -> Route | None:
        for prefix, directory in reversed(self._mounts):
            if prefix != "/" and not (path == prefix or path.startswith(prefix + "/")):
                continue
            relative = path[len(prefix):].lstrip("/") if prefix != "/" else path.lstrip("/")
            candidate = (directory / relative).resolve()
            if candidate.is_dir():
                candidate = candidate / "index.html"
            if directory.resolve() not in candidate.parents or not candidate.is_file():
                continue
            body = candidate.read_bytes()
            if candidate.suffix.lower() in TEXT_SUFFIXES and b"{{base_url}}" in body:
                body = body.replace(b"{{base_url}}", self.base_url.encode())
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            return Route(body=body, content_type=_guess_type(candidate.name), etag=etag,
                         last_modified=FIXED_LAST_MODIFIED)
        return None


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up early (a timeout, a size cap) is expected here, not an error to print."""

    def handle_error(self, request: object, client_address: object) -> None:
        """Ignore clients that went away; report anything else."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    server_ref: FixtureServer
    protocol_version = "HTTP/1.1"  # keep-alive, like real servers

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silence the per-request stderr log (the server keeps its own)."""

    def do_HEAD(self) -> None:  # noqa: N802
        """Answer HEAD like GET without a body."""
        self._answer(send_body=False)

    def do_GET(self) -> None:  # noqa: N802
        """Answer GET from the routes, then the mounted files, else 404."""
        self._answer(send_body=True)

    def _answer(self, *, send_body: bool) -> None:
        server = self.server_ref
        server._record(self.command, self.path, {k.lower(): v for k, v in self.headers.items()})
        route = server._lookup(self.path)
        if route is None:
            route = Route(body=b"not found", status=404, content_type="text/plain")
        if route.delay:
            time.sleep(route.delay)
        if route.reset:
            # SO_LINGER with a zero timeout makes close() send RST: "connection reset by peer".
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()
            return
        if self._not_modified(route):
            self.send_response(304)
            self._validators(route)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(route.body)))
        self._validators(route)
        for name, value in route.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(route.body)

    def _validators(self, route: Route) -> None:
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)

    def _not_modified(self, route: Route) -> bool:
        if route.status != 200:
            return False
        inm = self.headers.get("If-None-Match")
        if inm and route.etag:
            return route.etag in [tag.strip() for tag in inm.split(",")] or inm.strip() == "*"
        ims = self.headers.get("If-Modified-Since")
        if ims and route.last_modified:
            try:
                return parsedate_to_datetime(ims) >= parsedate_to_datetime(route.last_modified)
            except (TypeError, ValueError):
                return False
        return False


def _guess_type(path: str) -> str:
    # HTML and XML go out without a charset, like most static servers: documents declare their own.
    name = urlsplit(path).path.rsplit("/", 1)[-1]
    guessed = mimetypes.guess_type(name)[0] or "text/html"
    if guessed in ("text/plain", "text/csv", "application/json", "application/feed+json"):
        return guessed + "; charset=utf-8"
    return guessed


_BOMB_CACHE: dict[int, bytes] = {}


def _gzip_zeros(size: int) -> bytes:
    if size not in _BOMB_CACHE:
        out = io.BytesIO()
        chunk = b"\0" * (1024 * 1024)
        with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as gz:
            left = size
            while left > 0:
                gz.write(chunk[: min(left, len(chunk))])
                left -= len(chunk)
        _BOMB_CACHE[size] = out.getvalue()
    return _BOMB_CACHE[size]


@pytest.fixture
def fixture_server() -> Iterator[FixtureServer]:
    """A started FixtureServer with nothing mounted; mount() fixture folders and add routes in the test."""
    with FixtureServer() as server:
        yield server
