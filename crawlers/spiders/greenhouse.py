"""Greenhouse job boards: every open role from the public Job Board API, as one snapshot."""

from __future__ import annotations

from typing import Any

from crawlers.jobparse import expect, first_text, load_json, parse_when, text
from crawlers.spiders.jobboard import JobBoardSpider
from tracker.jobs import RawPosting

BOARD = "greenhouse"


def parse_postings(body: bytes) -> list[RawPosting]:
    """The open roles in a Greenhouse `jobs?content=true` response."""
    data = expect(load_json(body, board=BOARD), dict, board=BOARD, what="the response")
    jobs = expect(data.get("jobs"), list, board=BOARD, what="'jobs'")
    return [p for p in (_posting(job) for job in jobs if isinstance(job, dict)) if p is not None]


def _posting(job: dict[str, Any]) -> RawPosting | None:
    external_id = text(job.get("id"))
    if not external_id:
        return None
    return RawPosting(external_id=external_id, title=text(job.get("title")), department=_parse_department(job),
                      location=_parse_location(job), url=text(job.get("absolute_url")),
                      published=parse_when(job.get("first_published") or job.get("updated_at")))


def _parse_department(job: dict[str, Any]) -> str:
    # Departments come only with ?content=true; a job may sit in a child and its parent: take the child.
    departments = [d for d in job.get("departments") or [] if isinstance(d, dict) and text(d.get("name"))]
    children = [d for d in departments if not d.get("child_ids")]
    return text((children or departments or [{}])[0].get("name"))


def _parse_location(job: dict[str, Any]) -> str:
    location = job.get("location")
    name = text(location.get("name")) if isinstance(location, dict) else ""
    if name:
        return name
    offices = [o for o in job.get("offices") or [] if isinstance(o, dict)]
    return first_text(*(o.get("location") or o.get("name") for o in offices))


class GreenhouseSpider(JobBoardSpider):
    """One snapshot of open roles per Greenhouse board source."""

    name = BOARD
    parse_postings = staticmethod(parse_postings)
