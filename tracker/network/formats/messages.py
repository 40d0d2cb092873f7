"""LinkedIn messages.csv: who wrote to whom and when; the body is kept only for callers that ask for it."""

from __future__ import annotations

from datetime import UTC, datetime

from tracker.errors import InputError
from tracker.network.formats.base import (
    MessageRecord,
    ParsedFile,
    Skipped,
    canonical_linkedin_url,
    csv_rows,
    find_header,
    is_blank,
    row_dict,
    sniff_delimiter,
)

REQUIRED = ("CONVERSATION ID", "FROM", "TO", "DATE")
EXPECTED = "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT"
_DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%m/%d/%Y, %I:%M %p", "%m/%d/%y, %I:%M %p",
)


def looks_like_header(cells: set[str]) -> bool:
    """True for the header of a LinkedIn messages.csv."""
    return "conversation id" in cells and "from" in cells


def parse_messages(text: str, *, path: str = "") -> ParsedFile:
    """Parse messages.csv into MessageRecords; InputError when the header is not LinkedIn's."""
    rows = csv_rows(text, sniff_delimiter(text), path)
    found = find_header(rows, looks_like_header, limit=5)
    if found is None:
        raise InputError(path, 1, "CONVERSATION ID", f"no LinkedIn messages header row ({EXPECTED}) found")
    header_line, header = found
    names = {h.strip().lower() for h in header}
    for column in REQUIRED:
        if column.lower() not in names:
            raise InputError(path, header_line, column, f"missing from the header (expected {EXPECTED})")
    result = ParsedFile("linkedin-messages")
    for line, row in rows:
        if is_blank(row):
            continue
        cells = row_dict(header, row)
        if isinstance(cells, str):
            result.skipped.append(Skipped(line, cells))
            continue
        outcome = _record(line, cells)
        if outcome is not None:
            (result.skipped if isinstance(outcome, Skipped) else result.records).append(outcome)
    return result


def parse_sent_at(text: str) -> datetime:
    """'2024-03-05 14:22:10 UTC' (and older spellings) as an aware UTC datetime; ValueError if not a date."""
    text = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        return parsed.replace(tzinfo=UTC)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is not a date and time") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _people(names: str, urls: str) -> tuple[tuple[str, str | None], ...]:
    """Pair recipient names with profile URLs by position (both lists are comma-separated)."""
    url_list = [canonical_linkedin_url(u) for u in urls.replace(";", ",").split(",") if u.strip()]
    name_list = [n.strip() for n in names.split(",") if n.strip()]
    if url_list and len(name_list) != len(url_list):
        # A name with a comma in it ('Jane Doe, PhD') breaks the pairing; the URLs are what count.
        name_list = [names.strip()] if len(url_list) == 1 else [""] * len(url_list)
    if not url_list:
        url_list = [None] * len(name_list)
    return tuple(zip(name_list, url_list, strict=True))


def _record(line: int, cells: dict[str, str]) -> MessageRecord | Skipped | None:
    if cells.get("is message draft", "").lower() in {"yes", "true"}:
        return None  # never sent: not an interaction
    conversation = cells.get("conversation id", "")
    if not conversation:
        return Skipped(line, "field 'CONVERSATION ID' is empty")
    try:
        sent_at = parse_sent_at(cells.get("date", ""))
    except ValueError as exc:
        return Skipped(line, f"field 'DATE': {exc}")
    sender = (cells.get("from", ""), canonical_linkedin_url(cells.get("sender profile url", "")))
    recipients = _people(cells.get("to", ""), cells.get("recipient profile urls", ""))
    if not (sender[0] or sender[1]) or not recipients:
        return Skipped(line, "no sender or no recipient")
    return MessageRecord(
        line=line, conversation_id=conversation, sender=sender, recipients=recipients, sent_at=sent_at,
        subject=cells.get("subject", ""), body=cells.get("content", ""),
    )
