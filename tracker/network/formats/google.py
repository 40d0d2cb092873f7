"""Google Contacts CSV, both layouts: the older (Given Name, E-mail 1 - Type) and the current (First Name, Labels)."""

from __future__ import annotations

import re

from tracker.errors import InputError
from tracker.network.formats.base import (
    ParsedFile,
    PersonRecord,
    Skipped,
    canonical_linkedin_url,
    clean_email,
    clean_phone,
    csv_rows,
    dedupe_keys,
    find_header,
    is_blank,
    join_name,
    record_key,
    row_dict,
    sniff_delimiter,
    unique,
)

# Columns only Google writes (folded); one is enough to recognise either layout.
MARKERS = {
    "given name", "family name", "additional name", "organization 1 - name", "e-mail 1 - value",
    "organization name", "middle name", "file as", "labels", "group membership", "phonetic first name",
}
MULTI = " ::: "  # Google's separator for several values in one cell
_NUMBERED = re.compile(r"^(e-mail|phone|website|organization|address) (\d+) - (.+)$")


def looks_like_header(cells: set[str]) -> bool:
    """True for a row with a column only Google Contacts writes."""
    return bool(cells & MARKERS)


def parse_google(text: str, *, path: str = "") -> ParsedFile:
    """Parse a Google Contacts CSV in either layout; InputError when it has no Google header."""
    rows = csv_rows(text, sniff_delimiter(text), path)
    found = find_header(rows, looks_like_header, limit=5)
    if found is None:
        raise InputError(path, 1, "Name", "no Google Contacts header row (Name/First Name, E-mail 1 - Value, ...)")
    _, header = found
    result = ParsedFile("google")
    for line, row in rows:
        if is_blank(row):
            continue
        cells = row_dict(header, row)
        if isinstance(cells, str):
            result.skipped.append(Skipped(line, cells))
            continue
        outcome = _record(line, cells)
        (result.skipped if isinstance(outcome, Skipped) else result.records).append(outcome)
    result.records = dedupe_keys(result.records, result.skipped)
    return result


def _values(cell: str) -> list[str]:
    return [v.strip() for v in cell.split(MULTI) if v.strip()]


def _numbered(cells: dict[str, str], kind: str, part: str) -> list[str]:
    """Every value of e.g. 'E-mail N - Value' for N = 1, 2, ... in column order."""
    found: list[tuple[int, str]] = []
    for key, value in cells.items():
        m = _NUMBERED.match(key)
        if m and m.group(1) == kind and m.group(3) == part and value:
            found.extend((int(m.group(2)), v) for v in _values(value))
    return [v for _, v in sorted(found, key=lambda item: item[0])]


def _first(cells: dict[str, str], *keys: str) -> str:
    for key in keys:
        values = _values(cells.get(key, ""))
        if values:
            return values[0]
    return ""


def _record(line: int, cells: dict[str, str]) -> PersonRecord | Skipped:
    first = _first(cells, "given name", "first name")
    middle = _first(cells, "additional name", "middle name")
    last = _first(cells, "family name", "last name")
    name = _first(cells, "name") or join_name(first, middle, last) or _first(cells, "file as", "nickname")
    raw_emails = _numbered(cells, "e-mail", "value")
    emails = unique([clean_email(e) for e in raw_emails])
    bad = [e for e in raw_emails if clean_email(e) is None]
    if bad:
        return Skipped(line, f"field 'E-mail - Value': '{bad[0]}' is not an email address")
    if not name:
        if not emails:
            return Skipped(line, "no name and no email address")
        name = emails[0]
    phones = unique([clean_phone(p) for p in _numbered(cells, "phone", "value")])
    websites = _numbered(cells, "website", "value")
    url = next((u for u in (canonical_linkedin_url(w) for w in websites) if u), None)
    company = _first(cells, "organization 1 - name", "organization name") or (_numbered(cells, "organization", "name")
                                                                          or [""])[0]
    title = _first(cells, "organization 1 - title", "organization title")
    location = ", ".join(v for v in (_first(cells, "address 1 - city"), _first(cells, "address 1 - country")) if v)
    location = location or _first(cells, "location")
    return PersonRecord(
        source="google", line=line, record_key=record_key(linkedin_url=None, emails=emails, name=name),
        full_name=name, first_name=first, last_name=last, emails=emails, phones=phones, linkedin_url=url,
        company=company, title=title, location=location,
    )
