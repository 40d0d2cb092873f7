"""SQLModel tables: the whole schema of the tracker, in one place."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timezone-aware now in UTC (the one clock default for timestamps)."""
    return datetime.now(UTC)


def _json(default: Any = None) -> Any:
    factory = (lambda: list(default)) if isinstance(default, list) else (lambda: dict(default or {}))
    return Field(default_factory=factory, sa_column=Column(JSON, nullable=False))


# --- companies -----------------------------------------------------------------------------------


class Company(SQLModel, table=True):
    """A company on the user's watchlist."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)
    normalized_name: str = Field(index=True)
    domain: str | None = Field(default=None, index=True)
    aliases: list[str] = _json([])
    tickers: list[str] = _json([])  # e.g. ["NASDAQ:WORK"]
    keywords: list[str] = _json([])  # industry words that confirm a mention in context
    cik: str | None = Field(default=None, index=True)  # SEC EDGAR id, for public companies
    stage: str = Field(default="watching", index=True)  # pipeline stage, see tracker.pipeline
    notes: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class PipelineEvent(SQLModel, table=True):
    """One move of a company along the user's pipeline (with a note)."""

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    stage: str
    note: str = ""
    at: datetime = Field(default_factory=utcnow)


class EmployerMatch(SQLModel, table=True):
    """A remembered decision that an employer string is (or is not) a target company."""

    __table_args__ = (UniqueConstraint("employer_key", "company_id"),)
    id: int | None = Field(default=None, primary_key=True)
    employer_key: str = Field(index=True)  # normalised employer string
    employer_name: str  # as first seen
    company_id: int = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    score: float = 0.0
    method: str = ""  # exact, alias, domain, fuzzy
    status: str = Field(default="suggested", index=True)  # auto, suggested, confirmed, rejected
    decided_at: datetime | None = None


# --- people --------------------------------------------------------------------------------------


class Contact(SQLModel, table=True):
    """One person in the user's network (merged across every source record)."""

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(index=True)
    first_name: str = ""
    last_name: str = ""
    normalized_name: str = Field(index=True)
    emails: list[str] = _json([])
    phones: list[str] = _json([])
    linkedin_url: str | None = Field(default=None, index=True)
    headline: str = ""  # current position as last seen
    location: str = ""
    connected_on: date | None = None
    closeness: int | None = None  # 1..5, set by the user
    tags: list[str] = _json([])  # mentor, former colleague, classmate, recruiter, friend, ...
    cadence_days: int | None = None  # keep-in-touch cadence for this person
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class ContactRecord(SQLModel, table=True):
    """One source record (a CSV row, a vCard) as imported; a contact keeps all of its records."""

    __table_args__ = (UniqueConstraint("source", "record_key"),)
    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    source: str = Field(index=True)  # linkedin, google, vcard
    record_key: str  # stable identity of the record within its source
    data: dict[str, Any] = _json({})
    content_hash: str = ""
    file_name: str = ""
    first_seen: datetime = Field(default_factory=utcnow)
    last_seen: datetime = Field(default_factory=utcnow)


class Employment(SQLModel, table=True):
    """A contact at an employer, current or former; linked to a target company when matched."""

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True, ondelete="SET NULL")
    employer_name: str = Field(index=True)
    employer_key: str = Field(default="", index=True)
    title: str = ""
    is_current: bool = Field(default=True, index=True)
    started_on: date | None = None
    ended_on: date | None = None
    source: str = ""
    created_at: datetime = Field(default_factory=utcnow)


class Interaction(SQLModel, table=True):
    """Something that happened between the user and a contact."""

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    occurred_at: datetime = Field(index=True)
    kind: str = Field(index=True)  # meeting, call, email, message, event, helped, outreach
    direction: str = ""  # sent, received, both
    note: str = ""
    source: str = "manual"  # manual, linkedin-messages, outreach
    external_key: str | None = Field(default=None, unique=True)  # dedup for imported messages
    company_id: int | None = Field(default=None, foreign_key="company.id", ondelete="SET NULL")
    signal_id: int | None = Field(default=None, foreign_key="signal.id", ondelete="SET NULL")


class FollowUp(SQLModel, table=True):
    """A follow-up the user promised themselves (e.g. after outreach)."""

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", index=True, ondelete="CASCADE")
    due_on: date = Field(index=True)
    reason: str = ""
    company_id: int | None = Field(default=None, foreign_key="company.id", ondelete="SET NULL")
    interaction_id: int | None = Field(default=None, foreign_key="interaction.id", ondelete="SET NULL")
    done_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class UserSetting(SQLModel, table=True):
    """A user preference stored as JSON: profile, weights, half-life, cadences."""

    key: str = Field(primary_key=True)
    value: Any = Field(default=None, sa_column=Column(JSON))
    updated_at: datetime = Field(default_factory=utcnow)


# --- sources and articles ------------------------------------------------------------------------


class Source(SQLModel, table=True):
    """A feed, page, job board or filings feed to crawl, optionally tied to a company."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)
    kind: str = Field(index=True)  # rss, sitemap, newsroom, news_search, greenhouse, lever, ashby, workable, edgar
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True, ondelete="CASCADE")
    enabled: bool = True
    etag: str | None = None
    last_modified: str | None = None
    last_crawled_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    last_error_at: datetime | None = None
    consecutive_failures: int = 0
    items_found: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class Story(SQLModel, table=True):
    """A group of near-duplicate articles: one event, however many outlets ran it."""

    id: int | None = Field(default=None, primary_key=True)
    title: str = ""
    first_seen: datetime = Field(default_factory=utcnow)


class Article(SQLModel, table=True):
    """One fetched news item, unique by canonical URL."""

    id: int | None = Field(default=None, primary_key=True)
    url: str = Field(unique=True)  # canonical URL
    title: str = ""
    text: str = ""
    summary: str = ""
    published_at: datetime | None = Field(default=None, index=True)
    fetched_at: datetime = Field(default_factory=utcnow, index=True)
    content_hash: str = Field(default="", index=True)
    minhash: bytes | None = None  # signature for near-duplicate detection
    feed_only: bool = False  # stored from the feed's title and summary; the page could not be had
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True, ondelete="SET NULL")
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True, ondelete="SET NULL")


class ArticleBand(SQLModel, table=True):
    """One LSH band of an article's MinHash: articles sharing a band are near-duplicate candidates."""

    band: str = Field(primary_key=True)  # "<band index>:<hash of the band's values>"
    article_id: int = Field(foreign_key="article.id", primary_key=True, index=True, ondelete="CASCADE")


class ArticleCompany(SQLModel, table=True):
    """A company mentioned in an article, with the linker's confidence."""

    article_id: int = Field(foreign_key="article.id", primary_key=True, ondelete="CASCADE")
    company_id: int = Field(foreign_key="company.id", primary_key=True, index=True, ondelete="CASCADE")
    confidence: float = 0.0


class Signal(SQLModel, table=True):
    """An event at a company that says a team may grow (or shrink)."""

    # (company, date): a company's recent signals without reading its older ones (who-to-ask, timelines).
    __table_args__ = (UniqueConstraint("dedup_key"), Index("ix_signal_company_occurred", "company_id", "occurred_at"))
    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True, ondelete="CASCADE")
    kind: str = Field(index=True)
    confidence: float = 0.0
    evidence: str = ""
    facts: dict[str, Any] = _json({})
    article_id: int | None = Field(default=None, foreign_key="article.id", index=True, ondelete="SET NULL")
    story_id: int | None = Field(default=None, foreign_key="story.id", index=True, ondelete="SET NULL")
    contact_id: int | None = Field(default=None, foreign_key="contact.id", index=True, ondelete="CASCADE")
    occurred_at: datetime = Field(index=True)  # the article's publication date (or the event's date)
    detected_at: datetime = Field(default_factory=utcnow, index=True)
    dedup_key: str  # one signal per (company, story, kind) or per job-board/network event
    wrong: bool = Field(default=False, index=True)
    corrected_kind: str | None = None


class SignalFeedback(SQLModel, table=True):
    """A user's correction of a signal, kept as labelled data."""

    id: int | None = Field(default=None, primary_key=True)
    signal_id: int | None = Field(default=None, foreign_key="signal.id", ondelete="SET NULL")
    kind: str
    corrected_kind: str | None = None
    text: str = ""  # the evidence sentence, kept even if the signal goes
    company: str = ""
    at: datetime = Field(default_factory=utcnow)


class JobPosting(SQLModel, table=True):
    """An open role seen on a company's job board (successive crawls extend last_seen)."""

    __table_args__ = (UniqueConstraint("source_id", "external_id"),)
    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True, ondelete="CASCADE")
    external_id: str
    title: str = ""
    department: str = ""
    location: str = ""
    url: str = ""
    first_seen: datetime = Field(default_factory=utcnow)
    last_seen: datetime = Field(default_factory=utcnow)
    closed_at: datetime | None = None


class JobSnapshot(SQLModel, table=True):
    """The count of open roles on one job board at one crawl."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: int = Field(foreign_key="source.id", index=True, ondelete="CASCADE")
    taken_at: datetime = Field(default_factory=utcnow, index=True)
    open_roles: int = 0
    departments: dict[str, int] = _json({})
    locations: dict[str, int] = _json({})


# --- runs ----------------------------------------------------------------------------------------


class CrawlRun(SQLModel, table=True):
    """One crawl, with its statistics."""

    id: int | None = Field(default=None, primary_key=True)
    started_at: datetime = Field(default_factory=utcnow, index=True)
    finished_at: datetime | None = None
    status: str = "running"  # running, finished, failed, interrupted
    trigger: str = "cli"  # cli, schedule, dashboard, demo, worker
    stats: dict[str, Any] = _json({})


class Lock(SQLModel, table=True):
    """A named lock held in the database, so two crawls never overlap."""

    name: str = Field(primary_key=True)
    holder: str
    acquired_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
