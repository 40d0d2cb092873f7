"""Items of the job-board and EDGAR spiders: raw facts only (a board's open roles, one filing)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.filings import RawFiling
from tracker.jobs import RawPosting


@dataclass
class JobBoardItem:
    """Every open role on a job board at one fetch; `unchanged` when the board answered 304."""

    source: int  # Source.id
    fetched_at: datetime
    postings: tuple[RawPosting, ...] = ()
    unchanged: bool = False


@dataclass
class FilingItem:
    """One SEC filing, with its primary document's text when it could be fetched."""

    source: int  # Source.id
    fetched_at: datetime
    filing: RawFiling
