"""The user's network: importing exports, one person per contact, job changes, relationships."""

from __future__ import annotations

from importlib import import_module
from typing import Any

# Lazy re-exports: importing `tracker.network.employers` (or any sibling) must not pull in the
# importer and everything it needs, so the public names resolve on first use.
_EXPORTS = {
    "import_contacts": "tracker.network.importer",
    "ContactImportSummary": "tracker.network.importer",
    "merge_contacts": "tracker.network.merge",
    "split_contact": "tracker.network.merge",
    "forget_contact": "tracker.network.forget",
    "list_contacts": "tracker.network.listing",
    "contact_detail": "tracker.network.listing",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Resolve a public name from the module that defines it."""
    if name not in _EXPORTS:
        raise AttributeError(f"module 'tracker.network' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
