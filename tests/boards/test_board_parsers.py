"""Each job-board parser and the EDGAR parsers against saved responses in tests/files/."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawlers.jobparse import BoardFormatError
from crawlers.spiders import edgar

FILES = Path(__file__).resolve().parents[1] / "files"
BOARDS = ("greenhouse", "lever", "ashby", "workable")


def parse(kind: str, body: bytes):  # noqa: ANN201
    return importlib.import_module(f"crawlers.spiders.{kind}").parse_postings(body)


@pytest.mark.parametrize("kind", BOARDS)
def test_each_board_parses_every_open_role(kind: str) -> None:
    v1 = parse(kind, (FILES / kind / "board_v1.json").read_bytes())
    v2 = parse(kind, (FILES / kind / "board_v2.json").read_bytes())
    assert (len(v1), len(v2)) == (8, 15)
    assert len({p.external_id for p in v2}) == 15
    first = v1[0]
    assert first.title == "Senior Firmware Engineer"
    assert first.location == "Denver, United States"
    assert first.url.startswith("https://")
    assert first.published is not None and first.published.tzinfo is not None
    # v2 keeps six roles of v1 (same ids) and closes two
    assert len({p.external_id for p in v1} & {p.external_id for p in v2}) == 6
    locations = {p.location for p in v2}
    assert {"Remote", "Lisbon, Portugal"} <= locations


@pytest.mark.parametrize(("kind", "department"), [
    ("greenhouse", "Engineering"),  # Greenhouse has departments only
    ("lever", "Embedded Systems"),  # Lever's team is finer than its department
    ("ashby", "Embedded Systems"),
    ("workable", "Engineering"),
])
def test_the_team_field_is_the_finest_unit_the_board_gives(kind: str, department: str) -> None:
    (first, *_) = parse(kind, (FILES / kind / "board_v1.json").read_bytes())
    assert first.department == department


def test_greenhouse_fields() -> None:
    (first, *_) = parse("greenhouse", (FILES / "greenhouse" / "board_v1.json").read_bytes())
    assert first.external_id == "4012000"
    assert first.url == "https://boards.greenhouse.io/quillfeather/jobs/4012000"
    assert first.published == datetime(2026, 1, 1, 14, 0, tzinfo=UTC)  # first_published, -05:00 in UTC


def test_lever_reads_epoch_milliseconds() -> None:
    (first, *_) = parse("lever", (FILES / "lever" / "board_v1.json").read_bytes())
    assert first.published == datetime(2026, 1, 1, tzinfo=UTC)


def test_ashby_skips_unlisted_postings() -> None:
    titles = [p.title for p in parse("ashby", (FILES / "ashby" / "board_v1.json").read_bytes())]
    assert "Internal Transfer Only" not in titles and len(titles) == 8


def test_workable_remote_role_without_a_city() -> None:
    postings = parse("workable", (FILES / "workable" / "board_v1.json").read_bytes())
    remote = [p for p in postings if p.title == "QA Automation Engineer"]
    assert remote and remote[0].location == "Remote"


@pytest.mark.parametrize("kind", BOARDS)
@pytest.mark.parametrize("body", [b"<html>Service Unavailable</html>", b'{"jobs": ', b"\xff\xfe\x00garbage",
                                  b'{"something": "else"}', b"42"])
def test_a_response_that_is_not_the_board_is_a_clear_error(kind: str, body: bytes) -> None:
    with pytest.raises(BoardFormatError, match=kind):
        parse(kind, body)


def test_lever_unknown_board_error_is_reported() -> None:
    with pytest.raises(ValueError, match="Document not found"):
        parse("lever", b'{"ok": false, "error": "Document not found"}')


@pytest.mark.parametrize("kind", BOARDS)
def test_jobs_without_ids_and_odd_values_are_skipped_not_fatal(kind: str) -> None:
    bodies = {
        "greenhouse": b'{"jobs": [{"title": "No id"}, {"id": 7, "title": "  Seven ", "location": null,'
                      b' "departments": null}, "junk"]}',
        "lever": b'[{"text": "No id"}, {"id": "7", "text": "  Seven ", "categories": null}, 3]',
        "ashby": b'{"jobs": [{"title": "No id"}, {"id": "7", "title": "  Seven ", "location": null}, null]}',
        "workable": b'{"jobs": [{"title": "No id"}, {"shortcode": "7", "title": "  Seven ", "city": null}, []]}',
    }
    (only,) = parse(kind, bodies[kind])
    assert (only.external_id, only.title, only.location) == ("7", "Seven", "")


# --- EDGAR ----------------------------------------------------------------------------------------

FEED = (FILES / "edgar" / "feed.atom").read_bytes()
ARCHIVE = FILES / "edgar" / "Archives" / "edgar" / "data" / "9999901"


def test_edgar_feed_lists_every_filing_with_its_items() -> None:
    filings = edgar.parse_feed(FEED, base_url="https://sec.example/cgi-bin/browse-edgar")
    assert [f.accession for f in filings] == [
        "0009999901-26-000012", "0009999901-26-000009", "0009999901-26-000007", "0009999901-26-000004",
        "0009999901-26-000002", "0009999901-24-000020"]
    first = filings[0]
    assert first.items == ("5.02", "9.01") and first.form == "8-K"
    assert first.filed == datetime(2026, 3, 2, 21, 31, 7, tzinfo=UTC)
    assert first.company_name == "CORVID HARBOR SYSTEMS INC" and first.cik == "0009999901"
    assert [edgar.relevant(f) for f in filings] == [True, True, False, True, True, True]
    assert filings[4].form == "8-K/A"


def test_edgar_items_fall_back_to_the_summary() -> None:
    body = FEED.replace(b"<items-desc>items 5.02 and 9.01</items-desc>", b"")
    first = edgar.parse_feed(body, base_url="https://sec.example/")[0]
    assert first.items == ("5.02", "9.01")


@pytest.mark.parametrize("body", [b"not xml at all <<<", b"<html><body>blocked</body></html>",
                                  b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>'])
def test_edgar_rejects_what_is_not_its_atom_feed(body: bytes) -> None:
    with pytest.raises(edgar.FeedFormatError):
        edgar.parse_feed(body, base_url="https://sec.example/")


def test_edgar_feed_refuses_entity_declarations() -> None:
    body = (b'<?xml version="1.0"?><!DOCTYPE f [<!ENTITY x "EXPANDED"><!ENTITY y SYSTEM "file:///etc/passwd">]>'
            b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><content><accession-number>1-2-3&x;&y;'
            b'</accession-number><items-desc>items 5.02</items-desc></content></entry></feed>')
    with pytest.raises(ValueError, match="declares XML entities"):
        edgar.parse_feed(body, base_url="https://sec.example/")


def test_edgar_index_page_gives_the_primary_document() -> None:
    folder = ARCHIVE / "000999990126000012"
    base = "https://sec.example/Archives/edgar/data/9999901/000999990126000012/0009999901-26-000012-index.htm"
    url = edgar.parse_index((folder / "0009999901-26-000012-index.htm").read_bytes(), base_url=base)
    # the inline-XBRL viewer prefix is removed
    assert url == "https://sec.example/Archives/edgar/data/9999901/000999990126000012/chs-20260302.htm"
    assert edgar.parse_index(b"<html><p>no table</p></html>", base_url=base) is None


def test_edgar_document_text_keeps_item_headings_on_their_own_lines() -> None:
    text = edgar.parse_document((ARCHIVE / "000999990126000009" / "chs-20260210.htm").read_bytes())
    assert "Item 2.05. Costs Associated with Exit or Disposal Activities." in text.splitlines()
    assert "approximately 180 employees" in text


def test_edgar_submissions_json_lists_filings_with_their_documents() -> None:
    archive = "https://sec.example/Archives/edgar/data/{cik}/{accession}/{document}"
    body = (FILES / "edgar" / "submissions.json").read_bytes()
    filings = edgar.parse_listing(body, base_url="https://data.sec.example/", archive_url=archive)
    assert len(filings) == 7
    first = filings[0]
    assert (first.accession, first.form, first.items) == ("0009999901-26-000012", "8-K", ("5.02", "9.01"))
    assert first.document_url == ("https://sec.example/Archives/edgar/data/9999901/000999990126000012/"
                                  "chs-20260302.htm")
    assert first.filed == datetime(2026, 3, 2, 16, 31, 7, tzinfo=UTC)
    assert first.cik == "0009999901" and first.company_name == "Corvid Harbor Systems Inc"
    assert [edgar.relevant(f) for f in filings] == [True, True, False, False, True, True, True]  # 10-Q, 2.02


@pytest.mark.parametrize("body", [b'{"cik": "1", "filings": {}}', b'{"cik": "1", "filings": {"recent": []}}',
                                  b'{"truncated": '])
def test_edgar_submissions_that_are_not_the_api_fail_clearly(body: bytes) -> None:
    with pytest.raises(BoardFormatError, match="edgar"):
        edgar.parse_listing(body, base_url="https://data.sec.example/", archive_url="{cik}{accession}{document}")


def test_edgar_submissions_tolerate_ragged_columns() -> None:
    body = (b'{"cik": "42", "filings": {"recent": {"accessionNumber": ["0000000042-26-000001", ""],'
            b' "form": ["8-K"], "items": ["5.02"]}}}')
    (only,) = edgar.parse_listing(body, base_url="https://x.example/", archive_url="{cik}/{accession}/{document}")
    assert only.items == ("5.02",) and only.document_url == "" and only.filed.year == 1970
