"""One settings object: HJM_* environment variables over defaults."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from platformdirs import user_data_dir

APP_NAME = "hidden-job-market"


def default_data_dir() -> Path:
    """The per-user data directory (created on first use)."""
    return Path(os.environ.get("HJM_DATA_DIR") or user_data_dir(APP_NAME, appauthor=False))


def default_page_workers() -> int:
    """Processes a crawl extracts and analyses pages in: one per core, up to four."""
    return min(4, os.cpu_count() or 1)


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Everything configurable, in one place; read by the CLI, the crawlers and the dashboard."""

    data_dir: Path = field(default_factory=default_data_dir)
    database_url: str = ""
    user_agent: str = "hidden-job-market/0.1 (+https://github.com/hidden-job-market/hjm; personal job-search tracker)"
    contact_url: str = "https://github.com/hidden-job-market/hjm"
    allow_private_hosts: bool = False
    download_delay: float = 1.0
    concurrent_requests_per_domain: int = 1
    download_timeout: int = 15
    page_workers: int = field(default_factory=default_page_workers)  # 0: pages are prepared in the crawl's process
    max_response_bytes: int = 5 * 1024 * 1024
    half_life_days: float = 45.0
    news_search_url: str = "https://news.google.com/rss/search?q=%22{query}%22&hl=en-US&gl=US&ceid=US:en"
    # Job boards, EDGAR and discovery (C2): URL templates, so tests can point them at 127.0.0.1.
    greenhouse_api_url: str = "https://boards-api.greenhouse.io/v1/boards/{slug}/jobs?content=true"
    lever_api_url: str = "https://api.lever.co/v0/postings/{slug}?mode=json"
    ashby_api_url: str = "https://api.ashbyhq.com/posting-api/job-board/{slug}"
    workable_api_url: str = "https://apply.workable.com/api/v1/widget/accounts/{slug}"
    # EDGAR's JSON API: sec.gov's robots.txt disallows /cgi-bin (the Atom feed), which a polite crawler obeys.
    edgar_feed_url: str = "https://data.sec.gov/submissions/CIK{cik}.json"
    edgar_archive_url: str = "https://www.sec.gov/Archives/edgar/data/{cik}/{accession}/{document}"
    company_site_url: str = "https://{domain}"
    job_board_max_bytes: int = 32 * 1024 * 1024  # whole boards with descriptions; still capped
    redis_url: str = "redis://127.0.0.1:6379/0"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_tls: bool = False
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = "hjm@localhost"
    webhook_url: str = ""
    digest_email: str = ""  # where the scheduled run e-mails the digest (empty: no e-mail)
    worker_idle_seconds: float = 30.0  # an `hjm worker` exits after the shared queue was idle this long
    worker_lease_seconds: float = 60.0  # a silent worker's requests go back to the queue after this long
    dashboard_port: int = 8501
    dashboard_address: str = "127.0.0.1"

    def __post_init__(self) -> None:
        if not self.database_url:
            object.__setattr__(self, "database_url", _sqlite_url(self.data_dir / "hjm.sqlite3"))

    @property
    def is_sqlite(self) -> bool:
        """True when the database is an embedded SQLite file."""
        return self.database_url.startswith("sqlite")


def load_settings(**overrides: object) -> Settings:
    """Build Settings from HJM_* environment variables, then explicit overrides (None ignored)."""
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = os.environ.get(f"HJM_{f.name.upper()}")
        if raw is None or raw == "":
            continue
        kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
        if kind == "bool":
            values[f.name] = _bool(raw)
        elif kind == "int":
            values[f.name] = int(raw)
        elif kind == "float":
            values[f.name] = float(raw)
        elif kind == "Path":
            values[f.name] = Path(raw)
        else:
            values[f.name] = raw
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)  # type: ignore[arg-type]
