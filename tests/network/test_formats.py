"""Parsers of every contacts export variant: records, skipped rows with line numbers, refusals, detection."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tracker.errors import InputError, UserError
from tracker.network.formats import detect_format, parse_file, read_text
from tracker.network.formats.base import canonical_linkedin_url, clean_email, clean_phone, parse_date
from tracker.network.formats.messages import parse_sent_at

FILES = Path(__file__).parent.parent / "files" / "contacts"


@pytest.mark.parametrize(
    ("name", "fmt", "names", "skipped_lines"),
    [
        ("linkedin_current.csv", "linkedin", ["Ada Quillfeather", "Bram Oakhurst", "Cleo Marchetti", "Gus Bellamy"],
         [9, 10, 11, 12, 14]),
        ("linkedin_current_later.csv", "linkedin",
         ["Ada Quillfeather", "Bram Oakhurst", "Gus Bellamy", "Hana Ostrowska"], []),
        ("linkedin_old_2023.csv", "linkedin", ["Ada Quillfeather", "Bram Oakhurst", "Ivo Lindqvist"], [5]),
        ("linkedin_old_2018.csv", "linkedin", ["Kit Ambrose", "Lena Brightwater"], []),
        ("linkedin_excel_bom.csv", "linkedin", ["Zoë Kowalczyk", "Mateo Ibáñez"], []),
        ("linkedin_excel_cp1252.csv", "linkedin", ["Renée Müller", "Søren Dahl"], []),
        ("google_old.csv", "google", ["Ada Quillfeather", "Nell Fairweather"], [4, 5]),
        ("google_new.csv", "google", ["Bram Oakhurst", "Cleo Marchetti", "Pia Rose Castellanos"], []),
        ("contacts_android_21.vcf", "vcard", ["Renée Müller", "Nell Fairweather"], [22, 27]),
        ("contacts_iphone_30.vcf", "vcard", ["Bram Oakhurst", "Ada Quillfeather"], [31]),
        ("contacts_v40.vcf", "vcard", ["Quentin Ashdown", "Cleo Marchetti"], []),
    ],
)
def test_people_files(name: str, fmt: str, names: list[str], skipped_lines: list[int]) -> None:
    parsed = parse_file(FILES / name)
    assert parsed.fmt == fmt
    assert [r.full_name for r in parsed.records] == names
    assert sorted(s.line for s in parsed.skipped) == skipped_lines
    assert all(s.reason for s in parsed.skipped)
    assert len({r.record_key for r in parsed.records}) == len(parsed.records)


@pytest.mark.parametrize(
    ("name", "full_name", "field", "expected"),
    [
        ("linkedin_current.csv", "Ada Quillfeather", "linkedin_url", "https://www.linkedin.com/in/ada-quillfeather-fict"),
        ("linkedin_current.csv", "Ada Quillfeather", "connected_on", date(2023, 2, 7)),
        ("linkedin_current.csv", "Cleo Marchetti", "company", "Terrasurvey Partners, LLC"),
        ("linkedin_current.csv", "Bram Oakhurst", "title", "Remote Sensing Lead"),
        ("linkedin_old_2023.csv", "Ivo Lindqvist", "connected_on", date(2023, 4, 23)),
        ("linkedin_old_2023.csv", "Ivo Lindqvist", "linkedin_url", None),
        ("linkedin_old_2018.csv", "Kit Ambrose", "connected_on", date(2018, 1, 8)),
        ("linkedin_old_2018.csv", "Kit Ambrose", "emails", ("kit.ambrose@mail.example",)),
        ("linkedin_excel_cp1252.csv", "Renée Müller", "title", "Surveyor – Field"),
        ("linkedin_excel_bom.csv", "Zoë Kowalczyk", "first_name", "Zoë"),
        ("google_old.csv", "Ada Quillfeather", "emails", ("ada@meridiangeo.example", "ada.q@mail.example")),
        ("google_old.csv", "Nell Fairweather", "phones", ("+61400333444", "+61890000000")),
        ("google_old.csv", "Ada Quillfeather", "linkedin_url", "https://www.linkedin.com/in/ada-quillfeather-fict"),
        ("google_old.csv", "Ada Quillfeather", "company", "Meridian Geo Ltd"),
        ("google_new.csv", "Bram Oakhurst", "linkedin_url", "https://www.linkedin.com/in/bram-oakhurst-fict"),
        ("google_new.csv", "Bram Oakhurst", "location", "Perth, Australia"),
        ("google_new.csv", "Cleo Marchetti", "emails", ("cleo@mail.example", "cleo@terrasurvey.example")),
        ("google_new.csv", "Cleo Marchetti", "title", "Survey Manager"),
        ("contacts_android_21.vcf", "Renée Müller", "company", "Terrasurvey Partners"),
        ("contacts_android_21.vcf", "Renée Müller", "last_name", "Müller"),
        ("contacts_android_21.vcf", "Renée Müller", "phones", ("+61400123456",)),
        ("contacts_iphone_30.vcf", "Bram Oakhurst", "emails", ("bram.oakhurst@mail.example",)),
        ("contacts_iphone_30.vcf", "Bram Oakhurst", "linkedin_url", "https://www.linkedin.com/in/bram-oakhurst-fict"),
        ("contacts_iphone_30.vcf", "Bram Oakhurst", "record_key", "uid:5C1A2B3C-0000-4000-8000-FICTIONAL001"),
        ("contacts_iphone_30.vcf", "Ada Quillfeather", "location", "Perth, Australia"),
        ("contacts_v40.vcf", "Quentin Ashdown", "phones", ("+61400246810",)),
        ("contacts_v40.vcf", "Quentin Ashdown", "company", "Northwind Survey"),
    ],
)
def test_record_fields(name: str, full_name: str, field: str, expected: object) -> None:
    record = next(r for r in parse_file(FILES / name).records if r.full_name == full_name)
    assert getattr(record, field) == expected


@pytest.mark.parametrize(
    ("name", "line", "reason_part"),
    [
        ("linkedin_current.csv", 9, "'Connected On': 'someday' is not a date"),
        ("linkedin_current.csv", 10, "has 8 fields, the header has 7"),
        ("linkedin_current.csv", 11, "no name"),
        ("linkedin_current.csv", 12, "not a LinkedIn profile address"),
        ("linkedin_current.csv", 14, "duplicate of line 5"),
        ("linkedin_old_2023.csv", 5, "'not-an-address' is not an email address"),
        ("google_old.csv", 4, "no name and no email address"),
        ("contacts_android_21.vcf", 27, "no END:VCARD"),
        ("contacts_iphone_30.vcf", 31, "Failed to parse line"),
        ("messages.csv", 9, "'last tuesday' is not a date"),
    ],
)
def test_skipped_reasons(name: str, line: int, reason_part: str) -> None:
    skipped = {s.line: s.reason for s in parse_file(FILES / name).skipped}
    assert reason_part in skipped[line]


def test_messages_file() -> None:
    parsed = parse_file(FILES / "messages.csv")
    assert parsed.fmt == "linkedin-messages"
    # the draft (line 7) is no interaction; the bad date (line 9) is skipped
    assert [m.line for m in parsed.records] == [2, 3, 4, 5, 6, 8]
    group = parsed.records[-1]
    assert [name for name, _ in group.recipients] == ["Cleo Marchetti", "Gus Bellamy"]
    assert group.recipients[1][1] == "https://www.linkedin.com/in/gus-bellamy-fict"
    assert parsed.records[0].sent_at == datetime(2026, 1, 10, 9, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "fmt", "line", "field", "message_part"),
    [
        ("linkedin_wrong_header.csv", "auto", 4, "Company", "missing from the header"),
        ("linkedin_wrong_header.csv", "linkedin", 4, "Company", "got First Name,Last Name,URL,Email Address,Employer"),
        ("google_old.csv", "linkedin", 1, "First Name", "no LinkedIn Connections header row"),
        ("linkedin_current.csv", "vcard", 1, None, "is not a vCard file"),
        ("contacts_v40.vcf", "google", 1, "Name", "no Google Contacts header row"),
        ("linkedin_current.csv", "linkedin-messages", 1, "CONVERSATION ID", "no LinkedIn messages header row"),
        ("not_contacts.csv", "auto", 1, None, "is not a contacts export this tool knows"),
    ],
)
def test_refused_whole(name: str, fmt: str, line: int, field: str | None, message_part: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_file(FILES / name, fmt)
    error = caught.value
    assert (error.line, error.field) == (line, field)
    assert error.path.endswith(name)
    assert message_part in str(error)
    assert "\n" not in str(error)
    assert str(error).startswith(str(FILES / name))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:A B\nEND:VCARD\n", "vcard"),
        ("\n\nbegin:vcard\nEND:VCARD\n", "vcard"),
        ("Notes:\n\"A sentence, with a comma.\"\n\n"
         "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n", "linkedin"),
        ("First Name,Last Name,Email Address,Company,Position,Connected On\n", "linkedin"),
        ("First Name;Last Name;Email Address;Company;Position;Connected On\n", "linkedin"),
        ("First Name,Middle Name,Last Name,Organization Name,E-mail 1 - Label,E-mail 1 - Value\n", "google"),
        ("Name,Given Name,Additional Name,Family Name,E-mail 1 - Type,E-mail 1 - Value\n", "google"),
        ("CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,DATE\n", "linkedin-messages"),
    ],
)
def test_detect_format(text: str, expected: str) -> None:
    assert detect_format(text) == expected


def test_unknown_format_name() -> None:
    with pytest.raises(UserError, match="unknown format 'outlook'"):
        parse_file(FILES / "linkedin_current.csv", "outlook")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"\xef\xbb\xbfFirst Name\r\n", "First Name\r\n"),
        ("Zoë".encode("utf-16"), "Zoë"),
        ("Renée – x".encode("cp1252"), "Renée – x"),
        (b"caf\xe9 \x81", "café \x81"),  # 0x81 is not cp1252: latin-1 takes every byte
        (b"a,b\rc,d\r", "a,b\nc,d\n"),  # old Mac line ends
    ],
)
def test_read_text(tmp_path: Path, raw: bytes, expected: str) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(raw)
    assert read_text(path) == expected


def test_read_text_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        read_text(tmp_path / "missing.csv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("07 Feb 2026", date(2026, 2, 7)),
        ("7 Feb 2026", date(2026, 2, 7)),
        ("23-Apr-23", date(2023, 4, 23)),
        ("1/8/18, 6:14 PM", date(2018, 1, 8)),
        ("12/24/2017", date(2017, 12, 24)),
        ("2026-02-07", date(2026, 2, 7)),
        ("2026-02-07 10:00:00", date(2026, 2, 7)),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["someday", "31 Feb 2026", "13/45/18, 6:14 PM"])
def test_parse_date_refuses(text: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05 14:22:10 UTC", datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)),
        ("2024-03-05 14:22:10", datetime(2024, 3, 5, 14, 22, 10, tzinfo=UTC)),
        ("2024-03-05T14:22:10+02:00", datetime(2024, 3, 5, 12, 22, 10, tzinfo=UTC)),
    ],
)
def test_parse_sent_at(text: str, expected: datetime) -> None:
    assert parse_sent_at(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.linkedin.com/in/Jane-Doe-123/", "https://www.linkedin.com/in/jane-doe-123"),
        ("http://linkedin.com/in/jane-doe?trk=x", "https://www.linkedin.com/in/jane-doe"),
        ("www.linkedin.com/in/jane-doe", "https://www.linkedin.com/in/jane-doe"),
        ("https://au.linkedin.com/in/jane%C3%A9", "https://www.linkedin.com/in/janeé"),
        ("https://www.linkedin.com/company/orbital", None),
        ("https://www.example.test/in/jane", None),
        ("https://notlinkedin.com/in/jane", None),
        ("", None),
    ],
)
def test_canonical_linkedin_url(text: str, expected: str | None) -> None:
    assert canonical_linkedin_url(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ada@MeridianGeo.example", "ada@meridiangeo.example"),
        ("<ada@x.example>", "ada@x.example"),
        ("mailto:ada@x.example", "ada@x.example"),
        ("ada at x dot example", None),
        ("ada@localhost", None),
    ],
)
def test_clean_email(text: str, expected: str | None) -> None:
    assert clean_email(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("+61 400 111 222", "+61400111222"), ("(08) 9000-0000", "0890000000"), ("tel:+1-555-0100", "+15550100"),
     ("ext 12", None)],
)
def test_clean_phone(text: str, expected: str | None) -> None:
    assert clean_phone(text.removeprefix("tel:")) == expected
