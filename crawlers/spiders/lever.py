"""Lever job boards: every published posting from the public Postings API, as one snapshot."""

from __future__ import annotations

from typing import Any

from crawlers.jobparse import expect, first_text, load_json, parse_when, text
from crawlers.spiders.jobboard import JobBoardSpider
from tracker.jobs import RawPosting

BOARD = "lever"


def parse_postings(body: bytes) -> list[RawPosting]:
    """The open roles in a Lever `postings/{slug}?mode=json` response (a bare JSON list)."""
    data = load_json(body, board=BOARD)
    if isinstance(data, dict) and data.get("ok") is False:
        raise ValueError(f"{BOARD}: {text(data.get('error')) or 'the board answered with an error'}")
    postings = expect(data, list, board=BOARD, what="the response")
    return [p for p in (_posting(item) for item in postings if isinstance(item, dict)) if p is not None]


def _posting(item: dict[str, Any]) -> RawPosting | None:
    external_id = text(item.get("id"))
    if not external_id:
        return None
    categories = item.get("categories") if isinstance(item.get("categories"), dict) else {}
    return RawPosting(external_id=external_id, title=text(item.get("text")),
                      department=_parse_team(categories), location=_parse_location(item, categories),
                      url=first_text(item.get("hostedUrl"), item.get("applyUrl")),
                      published=parse_when(item.get("createdAt")))


def _parse_team(categories: dict[str, Any]) -> str:
    # The team is the finer unit ("Data Platform" inside "Product"): a new team shows there first.
    return first_text(categories.get("team"), categories.get("department"))


def _parse_location(item: dict[str, Any], categories: dict[str, Any]) -> str:
    everywhere = categories.get("allLocations") if isinstance(categories.get("allLocations"), list) else []
    found = first_text(categories.get("location"), *everywhere)
    if found:
        return found
    return "Remote" if text(item.get("workplaceType")).lower() == "remote" else ""


class LeverSpider(JobBoardSpider):
    """One snapshot of open roles per Lever board source."""

    name = BOARD
    parse_postings = staticmethod(parse_postings)
