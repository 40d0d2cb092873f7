"""Ashby job boards: every listed posting from the public posting API, as one snapshot."""

from __future__ import annotations

from typing import Any

from crawlers.jobparse import expect, first_text, load_json, parse_when, place, text
from crawlers.spiders.jobboard import JobBoardSpider
from tracker.jobs import RawPosting

BOARD = "ashby"


def parse_postings(body: bytes) -> list[RawPosting]:
    """The open roles in an Ashby `posting-api/job-board/{slug}` response; unlisted postings are skipped."""
    data = expect(load_json(body, board=BOARD), dict, board=BOARD, what="the response")
    jobs = expect(data.get("jobs"), list, board=BOARD, what="'jobs'")
    return [p for p in (_posting(job) for job in jobs if isinstance(job, dict)) if p is not None]


def _posting(job: dict[str, Any]) -> RawPosting | None:
    if job.get("isListed") is False:
        return None  # reachable by link only: not a public opening
    url = first_text(job.get("jobUrl"), job.get("applyUrl"))
    external_id = first_text(job.get("id"), url.rstrip("/").rsplit("/", 1)[-1] if url else "")
    if not external_id:
        return None
    return RawPosting(external_id=external_id, title=text(job.get("title")),
                      department=first_text(job.get("team"), job.get("department")),
                      location=_parse_location(job), url=url, published=parse_when(job.get("publishedAt")))


def _parse_location(job: dict[str, Any]) -> str:
    found = text(job.get("location"))
    if found:
        return found
    address = job.get("address") if isinstance(job.get("address"), dict) else {}
    postal = address.get("postalAddress") if isinstance(address.get("postalAddress"), dict) else {}
    return place(postal.get("addressLocality"), postal.get("addressRegion"), postal.get("addressCountry"),
                 remote=bool(job.get("isRemote")))


class AshbySpider(JobBoardSpider):
    """One snapshot of open roles per Ashby board source."""

    name = BOARD
    parse_postings = staticmethod(parse_postings)
