"""LinkedIn Connections.csv, every variant: current (Notes preamble, URL column), older, Excel re-saves."""

from __future__ import annotations

from tracker.errors import InputError
from tracker.network.formats.base import (
    ParsedFile,
    PersonRecord,
    Skipped,
    canonical_linkedin_url,
    clean_email,
    csv_rows,
    dedupe_keys,
    find_header,
    is_blank,
    join_name,
    parse_date,
    record_key,
    row_dict,
    sniff_delimiter,
)

# Header names as LinkedIn has spelled them over the years (folded), mapped to our field names.
COLUMNS = {
    "first name": "first_name", "last name": "last_name", "url": "url", "profile url": "url",
    "email address": "email", "e-mail address": "email", "email": "email", "company": "company",
    "position": "position", "connected on": "connected_on",
}
REQUIRED = ("First Name", "Last Name", "Company", "Position")
EXPECTED = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"


def looks_like_header(cells: set[str]) -> bool:
    """True for a row naming at least two of LinkedIn's Connections columns."""
    return len(cells & COLUMNS.keys()) >= 2


def parse_linkedin(text: str, *, path: str = "") -> ParsedFile:
    """Parse a Connections.csv; InputError when it has no usable header, bad rows are skipped."""
    delimiter = sniff_delimiter(text)
    rows = csv_rows(text, delimiter, path)
    found = find_header(rows, looks_like_header)
    if found is None:
        raise InputError(path, 1, "First Name", f"no LinkedIn Connections header row ({EXPECTED}) found")
    header_line, header = found
    names = {h.strip().lower() for h in header}
    for column in REQUIRED:
        if column.lower() not in names:
            got = ",".join(h.strip() for h in header)
            raise InputError(path, header_line, column, f"missing from the header (expected {EXPECTED}; got {got})")
    result = ParsedFile("linkedin")
    for line, row in rows:
        if is_blank(row):
            continue
        cells = row_dict(header, row)
        if isinstance(cells, str):
            result.skipped.append(Skipped(line, cells))
            continue
        fields = {COLUMNS[k]: v for k, v in cells.items() if k in COLUMNS}
        outcome = _record(line, fields)
        (result.skipped if isinstance(outcome, Skipped) else result.records).append(outcome)
    result.records = dedupe_keys(result.records, result.skipped)
    return result


def _record(line: int, fields: dict[str, str]) -> PersonRecord | Skipped:
    first, last = fields.get("first_name", ""), fields.get("last_name", "")
    name = join_name(first, last)
    if not name:
        # LinkedIn writes rows of empty names for members who have left or hidden themselves.
        return Skipped(line, "no name (First Name and Last Name are empty)")
    raw_url = fields.get("url", "")
    url = canonical_linkedin_url(raw_url)
    if raw_url and url is None:
        return Skipped(line, f"field 'URL': '{raw_url}' is not a LinkedIn profile address")
    raw_email = fields.get("email", "")
    email = clean_email(raw_email) if raw_email else None
    if raw_email and email is None:
        return Skipped(line, f"field 'Email Address': '{raw_email}' is not an email address")
    try:
        connected = parse_date(fields.get("connected_on", ""))
    except ValueError as exc:
        return Skipped(line, f"field 'Connected On': {exc}")
    extra = connected.isoformat() if connected else ""
    return PersonRecord(
        source="linkedin", line=line, record_key=record_key(linkedin_url=url, emails=(), name=name, extra=extra),
        full_name=name, first_name=first, last_name=last, emails=(email,) if email else (), linkedin_url=url,
        company=fields.get("company", ""), title=fields.get("position", ""), connected_on=connected,
    )
