"""vCard 2.1, 3.0 and 4.0 (Android, iPhone, macOS, Outlook, Gmail, Thunderbird), parsed card by card with vobject."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import vobject

from tracker.errors import InputError
from tracker.network.formats.base import (
    ParsedFile,
    PersonRecord,
    Skipped,
    canonical_linkedin_url,
    clean_email,
    clean_phone,
    dedupe_keys,
    join_name,
    record_key,
    unique,
)


def looks_like_vcard(text: str) -> bool:
    """True when the first non-blank line opens a vCard."""
    for line in text.splitlines():
        if line.strip():
            return line.strip().upper() == "BEGIN:VCARD"
    return False


def parse_vcard(text: str, *, path: str = "") -> ParsedFile:
    """Parse every card in a .vcf file; a card that cannot be read is skipped with its line number."""
    if not looks_like_vcard(text):
        raise InputError(path, 1, None, "is not a vCard file (it does not start with BEGIN:VCARD)")
    result = ParsedFile("vcard")
    for start, card in _cards(text):
        if isinstance(card, Skipped):
            result.skipped.append(card)
            continue
        try:
            component = vobject.readOne(card)
        except Exception as exc:  # noqa: BLE001 - vobject raises several kinds; the card is skipped either way
            message = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
            message = re.sub(r"^At line \d+: ", "", message)  # vobject counts lines its own way
            result.skipped.append(Skipped(_bad_line(start, card, message), f"vCard cannot be read ({message[:120]})"))
            continue
        outcome = _record(start, component)
        (result.skipped if isinstance(outcome, Skipped) else result.records).append(outcome)
    result.records = dedupe_keys(result.records, result.skipped)
    return result


def _cards(text: str) -> Iterator[tuple[int, str | Skipped]]:
    """Each card's first line number and text, with vCard 2.1 quoted-printable soft breaks joined."""
    lines = text.splitlines()
    start: int | None = None
    buffer: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if start is not None:
                yield start, Skipped(start, "vCard has no END:VCARD before the next BEGIN:VCARD")
            start, buffer = i + 1, [line.strip()]
        elif start is not None:
            # vobject does not join quoted-printable soft line breaks ('=' at the end of a line).
            while "QUOTED-PRINTABLE" in line.split(":", 1)[0].upper() and line.endswith("=") and i + 1 < len(lines):
                i += 1
                nxt = lines[i]
                line = line[:-1] + (nxt[1:] if nxt[:1] in (" ", "\t") else nxt)
            buffer.append(line)
            if upper == "END:VCARD":
                yield start, "\n".join(buffer) + "\n"
                start, buffer = None, []
        i += 1
    if start is not None:
        yield start, Skipped(start, "vCard has no END:VCARD")


def _bad_line(start: int, card: str, message: str) -> int:
    """The file line vobject choked on (its own line numbers are unreliable), else the card's first line."""
    bad = message.split("Failed to parse line:", 1)[-1].strip()
    if bad and bad != message:
        for offset, line in enumerate(card.splitlines()):
            if line.strip() == bad:
                return start + offset
    return start


def _values(component: Any, name: str) -> list[Any]:
    return [child.value for child in component.contents.get(name.lower(), [])]


def _text(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def _record(line: int, card: Any) -> PersonRecord | Skipped:
    names = _values(card, "n")
    n = names[0] if names else None
    first = _text(getattr(n, "given", "")) if n else ""
    last = _text(getattr(n, "family", "")) if n else ""
    middle = _text(getattr(n, "additional", "")) if n else ""
    full = _text((_values(card, "fn") or [""])[0]) or join_name(first, middle, last)
    emails = unique([clean_email(_text(v)) for v in _values(card, "email")])
    if not full:
        if not emails:
            return Skipped(line, "vCard has no name (FN and N are empty) and no email address")
        full = emails[0]
    phones = unique([clean_phone(_text(v).removeprefix("tel:")) for v in _values(card, "tel")])
    links = [_text(v) for v in _values(card, "url") + _values(card, "x-socialprofile")]
    url = next((u for u in (canonical_linkedin_url(link) for link in links) if u), None)
    orgs = _values(card, "org")
    company = _text(orgs[0]) if orgs else ""  # ORG is 'Company;Department': the company comes first
    title = _text((_values(card, "title") or [""])[0])
    location = ""
    for adr in _values(card, "adr"):
        location = ", ".join(v for v in (_text(getattr(adr, "city", "")), _text(getattr(adr, "country", ""))) if v)
        if location:
            break
    uid = _text((_values(card, "uid") or [""])[0])
    key = f"uid:{uid}" if uid else record_key(linkedin_url=url, emails=emails, name=full)
    return PersonRecord(
        source="vcard", line=line, record_key=key, full_name=full, first_name=first, last_name=last,
        emails=emails, phones=phones, linkedin_url=url, company=company, title=title, location=location,
    )
