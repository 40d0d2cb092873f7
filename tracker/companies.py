"""The watchlist: add, import from CSV, find and list target companies."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlmodel import Session, select

from tracker.errors import InputError, UserError
from tracker.models import Company
from tracker.names import normalize_company_name

WATCHLIST_COLUMNS = ("name", "domain", "aliases")


@dataclass(frozen=True)
class WatchlistEntry:
    """One company as read from a watchlist CSV."""

    name: str
    domain: str | None = None
    aliases: tuple[str, ...] = ()
    tickers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    cik: str | None = None


@dataclass
class ImportSummary:
    """What an import did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """A plain dict for JSON output."""
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "skipped": self.skipped}


def clean_domain(domain: str | None) -> str | None:
    """'https://www.Example.com/about' -> 'example.com'."""
    if not domain:
        return None
    d = domain.strip().lower()
    for prefix in ("https://", "http://"):
        if d.startswith(prefix):
            d = d[len(prefix):]
    d = d.split("/", 1)[0].split(":", 1)[0]
    if d.startswith("www."):
        d = d[4:]
    return d or None


def _split_list(value: str | None) -> tuple[str, ...]:
    return tuple(a.strip() for a in (value or "").split(";") if a.strip())


def read_watchlist(path: str | Path) -> list[WatchlistEntry]:
    """Parse a watchlist CSV (name,domain,aliases[,tickers,keywords,cik]; lists split by ';')."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError as exc:
        raise UserError(f"{path}: no such file") from exc
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252", errors="replace")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "name" not in header:
        found = ", ".join(header) or "nothing"
        raise InputError(str(path), 1, "name", f"the header must include 'name' (found: {found})")
    reader.fieldnames = header
    entries: list[WatchlistEntry] = []
    seen: set[str] = set()
    for row in reader:
        line = reader.line_num
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        name = (row.get("name") or "").strip()
        if not name:
            raise InputError(str(path), line, "name", "is empty")
        key = normalize_company_name(name)
        if not key:
            raise InputError(str(path), line, "name", f"'{name}' has no letters or digits")
        if key in seen:
            raise InputError(str(path), line, "name", f"'{name}' appears twice in the file")
        seen.add(key)
        entries.append(WatchlistEntry(
            name=name, domain=clean_domain(row.get("domain")), aliases=_split_list(row.get("aliases")),
            tickers=_split_list(row.get("tickers")), keywords=_split_list(row.get("keywords")),
            cik=(row.get("cik") or "").strip() or None,
        ))
    return entries


def find_company(*, session: Session, name_or_id: str) -> Company:
    """The company with this id, name, alias or domain; a clear error when there is none."""
    if name_or_id.isdigit():
        company = session.get(Company, int(name_or_id))
        if company:
            return company
    key = normalize_company_name(name_or_id)
    company = session.exec(select(Company).where(Company.normalized_name == key)).first()
    if company:
        return company
    domain = clean_domain(name_or_id)
    for candidate in session.exec(select(Company)).all():
        if domain and candidate.domain == domain:
            return candidate
        if key in {normalize_company_name(a) for a in candidate.aliases}:
            return candidate
    raise UserError(f"no company named '{name_or_id}' on the watchlist (see `hjm companies list`)")


def upsert_company(*, session: Session, entry: WatchlistEntry) -> tuple[Company, str]:
    """Create or update a company by normalised name; returns it and 'created', 'updated' or 'unchanged'."""
    key = normalize_company_name(entry.name)
    company = session.exec(select(Company).where(Company.normalized_name == key)).first()
    values = {
        "domain": entry.domain, "aliases": sorted(set(entry.aliases)), "tickers": sorted(set(entry.tickers)),
        "keywords": sorted(set(entry.keywords)), "cik": entry.cik,
    }
    if company is None:
        company = Company(name=entry.name, normalized_name=key, **values)
        session.add(company)
        session.flush()
        return company, "created"
    changed = False
    for attr, value in values.items():
        current = getattr(company, attr)
        if isinstance(value, list):
            merged = sorted(set(current) | set(value))
            if merged != current:
                setattr(company, attr, merged)
                changed = True
        elif value is not None and value != current:
            setattr(company, attr, value)
            changed = True
    if changed:
        session.add(company)
        session.flush()
    return company, "updated" if changed else "unchanged"


def import_watchlist(*, session: Session, path: str | Path) -> ImportSummary:
    """Import a watchlist CSV in the caller's transaction; re-importing changes nothing."""
    summary = ImportSummary()
    for entry in read_watchlist(path):
        _, outcome = upsert_company(session=session, entry=entry)
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


def list_companies(*, session: Session) -> list[Company]:
    """All watchlist companies by name."""
    return list(session.exec(select(Company).order_by(Company.name)).all())
