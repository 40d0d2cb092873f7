"""Reusable test helpers (the local HTTP fixture server)."""

from .fixture_server import FixtureServer, RecordedRequest, Route, fixture_server

__all__ = ["FixtureServer", "RecordedRequest", "Route", "fixture_server"]
