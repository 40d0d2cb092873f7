"""What every contacts parser shares: records, decoding, CSV rows with line numbers, small cleaners."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from tracker.errors import InputError, UserError
from tracker.names import fold, normalize_person_name


@dataclass(frozen=True)
class PersonRecord:
    """One person as one source file describes them (a CSV row or a vCard)."""

    source: str  # linkedin, google, vcard
    line: int
    record_key: str  # stable identity of the record within its source
    full_name: str
    first_name: str = ""
    last_name: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    linkedin_url: str | None = None
    company: str = ""
    title: str = ""
    location: str = ""
    connected_on: date | None = None

    def data(self) -> dict[str, Any]:
        """The record as plain JSON values, as stored in ContactRecord.data."""
        return {
            "full_name": self.full_name, "first_name": self.first_name, "last_name": self.last_name,
            "emails": list(self.emails), "phones": list(self.phones), "linkedin_url": self.linkedin_url,
            "company": self.company, "title": self.title, "location": self.location,
            "connected_on": self.connected_on.isoformat() if self.connected_on else None,
        }


@dataclass(frozen=True)
class MessageRecord:
    """One LinkedIn message: who wrote to whom, when (the body only when asked for)."""

    line: int
    conversation_id: str
    sender: tuple[str, str | None]  # (name, canonical profile URL)
    recipients: tuple[tuple[str, str | None], ...]
    sent_at: datetime
    subject: str = ""
    body: str = ""


@dataclass(frozen=True)
class Skipped:
    """A row that was left out, with its line number and why."""

    line: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        """A plain dict for JSON output."""
        return {"line": self.line, "reason": self.reason}


@dataclass
class ParsedFile:
    """The outcome of parsing one file: its format, the good records, the skipped rows."""

    fmt: str
    records: list[Any] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def read_text(path: str | Path) -> str:
    """A file's text, whatever Excel did to it: BOM, UTF-16, cp1252 or latin-1, CR-only line ends."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise UserError(f"{path}: no such file") from exc
    except IsADirectoryError as exc:
        raise UserError(f"{path}: is a folder, not a file") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("cp1252")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")  # never fails: every byte is a character
    if "\r" in text and "\n" not in text:
        text = text.replace("\r", "\n")
    return text.lstrip("\ufeff")


def csv_rows(text: str, delimiter: str = ",", path: str = "") -> Iterator[tuple[int, list[str]]]:
    """CSV rows with the line number each starts on (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(path, reader.line_num, None, f"is not valid CSV ({exc})") from exc
        yield start, row
        start = reader.line_num + 1


def sniff_delimiter(text: str) -> str:
    """',' unless the file was saved by a European Excel (';') or as tab-separated text."""
    head = text[:4096]
    counts = {d: head.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: (counts[d], d == ","))


@lru_cache(maxsize=4096)  # called for every cell of every row with the same few header names
def header_key(cell: str) -> str:
    """A header cell as compared: folded, no stray quotes or spaces."""
    return fold(cell.strip().strip('"'))


def find_header(
    rows: Iterator[tuple[int, list[str]]], is_header: Callable[[set[str]], bool], limit: int = 50
) -> tuple[int, list[str]] | None:
    """The first row (by content, within `limit` non-blank rows) that `is_header` accepts."""
    seen = 0
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if is_header({header_key(c) for c in row}):
            return line, row
        seen += 1
        if seen >= limit:
            return None
    return None


def is_blank(row: Sequence[str]) -> bool:
    """True for an empty row or one of empty cells (Excel leaves those behind)."""
    return not any(cell.strip() for cell in row)


def row_dict(header: Sequence[str], row: Sequence[str]) -> dict[str, str] | str:
    """The row keyed by folded header names, or the reason it does not fit the header."""
    if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
        return f"has {len(row)} fields, the header has {len(header)}"
    cells = list(row[: len(header)]) + [""] * max(0, len(header) - len(row))
    return {header_key(h): c.strip() for h, c in zip(header, cells, strict=True)}


_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def clean_email(value: str) -> str | None:
    """A lower-cased email address, or None when the text is not one."""
    value = value.strip().strip("<>").strip()
    if value.lower().startswith("mailto:"):
        value = value[7:]
    return value.lower() if _EMAIL.match(value) else None


def clean_phone(value: str) -> str | None:
    """A phone number with only its digits and a leading '+', or None when there are too few digits."""
    digits = re.sub(r"[^\d+]", "", value.strip())
    digits = digits[0] + digits[1:].replace("+", "") if digits else ""
    return digits if sum(ch.isdigit() for ch in digits) >= 5 else None


_PLAIN_PROFILE = re.compile(r"^https?://(?:www\.)?linkedin\.com/in/([A-Za-z0-9_-]+)/?$")


def canonical_linkedin_url(value: str | None) -> str | None:
    """'http://linkedin.com/in/Jane-Doe/?x=1' -> 'https://www.linkedin.com/in/jane-doe'; None if not a profile."""
    if not value:
        return None
    value = value.strip()
    plain = _PLAIN_PROFILE.match(value)
    if plain:  # what every Connections.csv row holds: no need for the general parse
        return "https://www.linkedin.com/in/" + plain.group(1).lower()
    if "://" not in value:
        value = "https://" + value
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return None
    segments = [s for s in unquote(parts.path).split("/") if s]
    if len(segments) < 2 or segments[0].lower() not in {"in", "pub"}:
        return None
    slug = "/".join(segments[1:]).lower() if segments[0].lower() == "pub" else segments[1].lower()
    return f"https://www.linkedin.com/{segments[0].lower()}/{slug}"


def unique(values: Sequence[str | None]) -> tuple[str, ...]:
    """The non-empty values in first-seen order, without repeats."""
    return tuple(dict.fromkeys(v for v in values if v))


def record_key(*, linkedin_url: str | None, emails: Sequence[str], name: str, extra: str = "") -> str:
    """A record's identity within its source: profile URL, else first email, else name (+ extra)."""
    if linkedin_url:
        return "url:" + linkedin_url.split("linkedin.com/", 1)[1]
    if emails:
        return "email:" + emails[0]
    return "name:" + normalize_person_name(name) + (f"|{extra}" if extra else "")


def dedupe_keys(records: list[PersonRecord], skipped: list[Skipped]) -> list[PersonRecord]:
    """Drop a second record with the same key in one file, reporting it as a duplicate."""
    first: dict[str, int] = {}
    kept: list[PersonRecord] = []
    for rec in records:
        if rec.record_key in first:
            skipped.append(Skipped(rec.line, f"duplicate of line {first[rec.record_key]} ({rec.full_name})"))
            continue
        first[rec.record_key] = rec.line
        kept.append(rec)
    return kept


def join_name(*parts: str) -> str:
    """Name parts joined by single spaces."""
    return " ".join(p.strip() for p in parts if p and p.strip())


_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%d-%b-%y", "%d-%b-%Y", "%m/%d/%y", "%m/%d/%Y", "%Y-%m-%d", "%b %d, %Y")


@lru_cache(maxsize=65536)  # exports repeat the same dates; strptime is slow
def parse_date(text: str) -> date | None:
    """A date as exports write it ('07 Feb 2026', '23-Apr-23', '1/8/18, 6:14 PM', '2026-02-07'); ValueError if not."""
    text = text.strip()
    if not text:
        return None
    candidates = [text]
    if "," in text and ":" in text:  # '1/8/18, 6:14 PM': the time is of no use
        candidates.append(text.rsplit(",", 1)[0].strip())
    if " " in text and ":" in text.split(" ", 1)[1]:  # '2026-02-07 10:00:00'
        candidates.append(text.split(" ", 1)[0])
    for candidate in candidates:
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
    raise ValueError(f"'{text}' is not a date")
