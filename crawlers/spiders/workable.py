"""Workable job boards: every published job from the public widget API, as one snapshot."""

from __future__ import annotations

from typing import Any

from crawlers.jobparse import expect, first_text, load_json, parse_when, place, text
from crawlers.spiders.jobboard import JobBoardSpider
from tracker.jobs import RawPosting

BOARD = "workable"


def parse_postings(body: bytes) -> list[RawPosting]:
    """The open roles in a Workable `widget/accounts/{slug}` response."""
    data = expect(load_json(body, board=BOARD), dict, board=BOARD, what="the response")
    jobs = expect(data.get("jobs"), list, board=BOARD, what="'jobs'")
    return [p for p in (_posting(job) for job in jobs if isinstance(job, dict)) if p is not None]


def _posting(job: dict[str, Any]) -> RawPosting | None:
    external_id = first_text(job.get("shortcode"), job.get("id"))
    if not external_id:
        return None
    return RawPosting(external_id=external_id, title=text(job.get("title")), department=text(job.get("department")),
                      location=_parse_location(job), url=first_text(job.get("url"), job.get("shortlink")),
                      published=parse_when(job.get("published_on") or job.get("created_at")))


def _parse_location(job: dict[str, Any]) -> str:
    remote = bool(job.get("telecommuting"))
    found = place(job.get("city"), job.get("state"), job.get("country"))
    if found:
        return found
    for loc in job.get("locations") or []:
        if isinstance(loc, dict) and not loc.get("hidden"):
            if found := place(loc.get("city"), loc.get("region"), loc.get("country")):
                return found
    return "Remote" if remote else ""


class WorkableSpider(JobBoardSpider):
    """One snapshot of open roles per Workable board source."""

    name = BOARD
    parse_postings = staticmethod(parse_postings)
