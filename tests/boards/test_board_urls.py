"""Recognising job-board and EDGAR URLs, and the API URL each source stores."""

from __future__ import annotations

import pytest

from tracker.boards import BoardRef, api_url, board_source_url, detect_board
from tracker.config import load_settings
from tracker.errors import UserError

SEC = "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={cik}&type=8-K&dateb=&owner=include&count=40"


@pytest.mark.parametrize(("url", "expected"), [
    ("https://boards.greenhouse.io/quillfeather", BoardRef("greenhouse", "quillfeather")),
    ("https://job-boards.greenhouse.io/quillfeather/jobs/4012000", BoardRef("greenhouse", "quillfeather")),
    ("https://boards.eu.greenhouse.io/quillfeather", BoardRef("greenhouse", "quillfeather")),
    ("https://boards.greenhouse.io/embed/job_board?for=quillfeather&b=x", BoardRef("greenhouse", "quillfeather")),
    ("https://boards-api.greenhouse.io/v1/boards/quillfeather/jobs", BoardRef("greenhouse", "quillfeather")),
    ("https://jobs.lever.co/brambleway", BoardRef("lever", "brambleway")),
    ("https://jobs.eu.lever.co/brambleway/5b0e", BoardRef("lever", "brambleway")),
    ("https://api.lever.co/v0/postings/brambleway?mode=json", BoardRef("lever", "brambleway")),
    ("https://jobs.ashbyhq.com/nimbusward", BoardRef("ashby", "nimbusward")),
    ("https://api.ashbyhq.com/posting-api/job-board/nimbusward", BoardRef("ashby", "nimbusward")),
    ("https://apply.workable.com/tallowmere/", BoardRef("workable", "tallowmere")),
    ("https://apply.workable.com/api/v1/widget/accounts/tallowmere", BoardRef("workable", "tallowmere")),
    ("https://tallowmere.workable.com/", BoardRef("workable", "tallowmere")),
    (SEC.format(cik="9999901") + "&output=atom", BoardRef("edgar", "0009999901")),
    ("https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&cik=0009999901", BoardRef("edgar", "0009999901")),
    ("https://data.sec.gov/submissions/CIK0009999901.json", BoardRef("edgar", "0009999901")),
    ("https://data.sec.gov/api/xbrl/companyfacts/CIK0009999901.json", None),
    # not boards
    ("https://www.workable.com/pricing", None),
    ("https://apply.workable.com/j/TM00000001", None),
    ("https://quillfeather.example/careers", None),
    ("https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&company=corvid", None),
    ("https://greenhouse.example/boards", None),
    ("", None),
])
def test_detect_board(url: str, expected: BoardRef | None) -> None:
    assert detect_board(url) == expected


@pytest.mark.parametrize(("url", "kind", "expected"), [
    ("https://boards.greenhouse.io/quillfeather", None,
     ("greenhouse", "https://boards-api.greenhouse.io/v1/boards/quillfeather/jobs?content=true")),
    ("https://jobs.lever.co/brambleway", "lever", ("lever", "https://api.lever.co/v0/postings/brambleway?mode=json")),
    ("https://jobs.eu.lever.co/brambleway", None,
     ("lever", "https://api.eu.lever.co/v0/postings/brambleway?mode=json")),
    ("https://jobs.ashbyhq.com/nimbusward", None,
     ("ashby", "https://api.ashbyhq.com/posting-api/job-board/nimbusward")),
    ("tallowmere", "workable", ("workable", "https://apply.workable.com/api/v1/widget/accounts/tallowmere")),
    ("9999901", "edgar", ("edgar", "https://data.sec.gov/submissions/CIK0009999901.json")),
    # the Atom feed sits under /cgi-bin, which sec.gov's robots.txt disallows: the JSON API is stored instead
    (SEC.format(cik="9999901") + "&output=atom", None, ("edgar", "https://data.sec.gov/submissions/CIK0009999901.json")),
    # an API elsewhere, with its kind named (a local test server): kept as given
    ("http://127.0.0.1:8000/gh/quillfeather.json", "greenhouse", ("greenhouse", "http://127.0.0.1:8000/gh/quillfeather.json")),
    # not a board and not asked to be one: left to the other kinds
    ("https://quillfeather.example/feed.xml", None, None),
    ("https://quillfeather.example/feed.xml", "rss", None),
])
def test_board_source_url(url: str, kind: str | None, expected: tuple[str, str] | None) -> None:
    assert board_source_url(settings=load_settings(), url=url, kind=kind) == expected


@pytest.mark.parametrize(("url", "kind", "message"), [
    ("https://jobs.lever.co/brambleway", "greenhouse", "is a lever URL, not greenhouse"),
    ("not a slug!", "ashby", "is not a ashby board name"),
    ("CIK-ABC", "edgar", "is not an SEC CIK"),
])
def test_board_source_url_errors(url: str, kind: str, message: str) -> None:
    with pytest.raises(UserError, match=message):
        board_source_url(settings=load_settings(), url=url, kind=kind)


def test_api_urls_come_from_the_settings() -> None:
    settings = load_settings(greenhouse_api_url="http://127.0.0.1:9/gh/{slug}.json")
    assert api_url(settings=settings, kind="greenhouse", slug="acme") == "http://127.0.0.1:9/gh/acme.json"
