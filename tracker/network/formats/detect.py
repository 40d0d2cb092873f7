"""Which export a file is, and the one entry point that reads and parses it."""

from __future__ import annotations

from pathlib import Path

from tracker.errors import InputError, UserError
from tracker.network.formats import google, linkedin, messages, vcard
from tracker.network.formats.base import ParsedFile, csv_rows, find_header, header_key, read_text, sniff_delimiter

FORMATS = ("linkedin", "google", "vcard", "linkedin-messages")
PARSERS = {
    "linkedin": linkedin.parse_linkedin,
    "google": google.parse_google,
    "vcard": vcard.parse_vcard,
    "linkedin-messages": messages.parse_messages,
}
_CSV_CHECKS = (
    ("linkedin-messages", messages.looks_like_header),
    ("google", google.looks_like_header),
    ("linkedin", linkedin.looks_like_header),
)


def detect_format(text: str, *, path: str = "") -> str:
    """The format of an export by its content; InputError naming the first line when it is none we know."""
    if vcard.looks_like_vcard(text):
        return "vcard"
    try:
        found = find_header(csv_rows(text, sniff_delimiter(text), path),
                            lambda cells: any(check(cells) for _, check in _CSV_CHECKS), limit=10)
    except InputError:
        found = None
    if found is not None:
        cells = {header_key(c) for c in found[1]}
        return next(name for name, check in _CSV_CHECKS if check(cells))
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    raise InputError(path, 1, None, "is not a contacts export this tool knows (LinkedIn Connections.csv, Google "
                     f"Contacts CSV, vCard, LinkedIn messages.csv); it starts with '{first[:60]}'")


def parse_file(path: str | Path, fmt: str = "auto") -> ParsedFile:
    """Read a file and parse it as `fmt` (or the detected format); the whole file is refused on a bad header."""
    if fmt != "auto" and fmt not in FORMATS:
        raise UserError(f"unknown format '{fmt}' (choose auto, {', '.join(FORMATS)})")
    text = read_text(path)
    name = str(path)
    if not text.strip():
        raise InputError(name, None, None, "is empty")
    if "\x00" in text:
        raise InputError(name, None, None, "is a binary file, not a contacts export")
    chosen = detect_format(text, path=name) if fmt == "auto" else fmt
    return PARSERS[chosen](text, path=name)
