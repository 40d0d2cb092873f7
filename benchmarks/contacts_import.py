"""Importing a 30,000-row LinkedIn Connections.csv: first import, unchanged re-import, a newer export.

`python -m benchmarks.contacts_import [DATABASE_URL]` (default: a temporary SQLite file) writes a generated,
clearly fictional Connections.csv in the current export format, imports it into an empty database with a
1,000-company watchlist, imports it again unchanged, then imports a newer export in which 5% of the people
changed jobs. Targets: under 10 s for the first import, under 5 s for the unchanged one. It rewrites its own
section of docs/benchmarks.md.
"""

from __future__ import annotations

import csv
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlmodel import Session, SQLModel, func, select

from benchmarks.report import machine, write_section
from benchmarks.seed import _ADJ, _FIRST, _LAST, _NOUN, _TITLES, company_names
from tracker.companies import WatchlistEntry, upsert_company
from tracker.db import make_engine
from tracker.models import Contact, ContactRecord, Employment, Signal
from tracker.network.importer import ContactImportSummary, import_contacts

ROWS = 30_000
COMPANIES = 1_000
MOVERS = 0.05
NOW = datetime(2026, 11, 1, tzinfo=UTC)
SECTION = "## Contacts import"
HEADER = ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
PREAMBLE = ('Notes:\n"When exporting your connection data, you may notice that some of the email addresses are '
            'missing. You will only see email addresses for connections who have allowed it."\n\n')


def employers(rng: random.Random, targets: list[str]) -> list[str]:
    """Employer strings as profiles show them: a quarter at target companies (some messy), the rest elsewhere."""
    others = [f"{a} {n} {s}" for a in _ADJ for n in _NOUN for s in ("Group", "Consulting", "Pty Ltd")]
    rng.shuffle(others)
    messy = [f"{t} Pty Ltd" for t in targets[:200]] + [f"{t} via Qualitest Group" for t in targets[200:300]]
    return targets + messy + others[:4000]


def write_export(path: Path, rows: list[list[str]]) -> None:
    """A Connections.csv in LinkedIn's current format (Notes preamble, URL column)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        handle.write(PREAMBLE)
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)


def generate(rng: random.Random, targets: list[str]) -> list[list[str]]:
    """ROWS fictional connections with unique profile URLs."""
    pool = employers(rng, targets)
    start = date(2008, 1, 1)
    rows = []
    for i in range(ROWS):
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        slug = f"{first}-{last}-{i:05d}-fict".lower()
        email = f"{slug}@mail.example" if rng.random() < 0.1 else ""
        employer = rng.choice(pool) if rng.random() < 0.95 else ""
        connected = start + timedelta(days=rng.randrange(6500))
        rows.append([first, last, f"https://www.linkedin.com/in/{slug}", email, employer, rng.choice(_TITLES),
                     connected.strftime("%d %b %Y")])
    return rows


def _timed_import(url: str, path: Path, now: datetime) -> tuple[float, float, ContactImportSummary]:
    """Wall-clock and CPU seconds of one import, with its commit (CPU time shows a busy machine's share)."""
    engine = make_engine(url)
    started, cpu = time.perf_counter(), time.process_time()
    with Session(engine) as session:
        summary = import_contacts(session=session, path=path, now=now)
        session.commit()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    engine.dispose()
    return elapsed, cpu, summary


def run(url: str, folder: Path) -> dict[str, object]:
    """Generate the exports, then time the three imports; returns the measurements."""
    rng = random.Random(7)
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    targets = company_names(COMPANIES, rng)
    with Session(engine) as session:
        for name in targets:
            upsert_company(session=session, entry=WatchlistEntry(name=name))
        session.commit()
    rows = generate(rng, targets)
    first, later = folder / "Connections.csv", folder / "Connections_later.csv"
    write_export(first, rows)
    moved = 0
    for row in rows:
        if rng.random() < MOVERS:
            row[4], moved = rng.choice(targets), moved + 1
    write_export(later, rows)
    results: dict[str, object] = {"size_mb": first.stat().st_size / 1e6, "moved": moved}
    results["first_s"], results["first_cpu"], results["first"] = _timed_import(url, first, NOW)
    results["again_s"], results["again_cpu"], results["again"] = _timed_import(url, first, NOW + timedelta(days=1))
    results["later_s"], results["later_cpu"], results["later"] = _timed_import(url, later, NOW + timedelta(days=30))
    with Session(engine) as session:
        for model in (Contact, ContactRecord, Employment, Signal):
            results[model.__name__] = session.exec(select(func.count()).select_from(model)).one()
        results["linked"] = session.exec(select(func.count()).select_from(Employment)
                                         .where(Employment.company_id.is_not(None))).one()
    engine.dispose()
    return results


def _section(r: dict[str, object], url: str) -> str:
    """The section's body (everything under its heading)."""
    first, again, later = r["first"], r["again"], r["later"]
    assert isinstance(first, ContactImportSummary) and isinstance(again, ContactImportSummary)
    assert isinstance(later, ContactImportSummary)
    return "\n".join([
        f"`python -m benchmarks.contacts_import` on {url.split(':', 1)[0]}; {machine()}. A generated, fictional "
        f"{ROWS:,}-row Connections.csv ({r['size_mb']:.1f} MB, current format) into an empty database with a "
        f"{COMPANIES:,}-company watchlist; each import is one transaction, timed with its commit.", "",
        "| import | wall time | CPU time | target | outcome |", "|---|---|---|---|---|",
        f"| first import | {r['first_s']:.2f} s | {r['first_cpu']:.2f} s | < 10 s | {first.created:,} created, "
        f"{r['linked']:,} employments linked to targets (after all three) |",
        f"| same file again | {r['again_s']:.2f} s | {r['again_cpu']:.2f} s | < 5 s | {again.unchanged:,} "
        f"unchanged, {again.created + again.updated} written |",
        f"| newer export, {r['moved']:,} people moved to a target | {r['later_s']:.2f} s | {r['later_cpu']:.2f} s "
        f"| | {later.updated:,} updated, {later.job_changes:,} job changes, {later.signals:,} new signals |", "",
        f"Rows in the end: {r['Contact']:,} contacts, {r['ContactRecord']:,} records, {r['Employment']:,} "
        f"employments, {r['Signal']:,} signals. Existing records are loaded in one query and compared by content "
        "hash; new contacts, records and employments are written with bulk inserts.", "",
    ])


def main(argv: list[str]) -> int:
    """Run on the given (empty) database URL or a fresh temporary SQLite file; non-zero if a target is missed."""
    with tempfile.TemporaryDirectory() as tmp:
        url = argv[0] if argv else f"sqlite:///{tmp}/bench.sqlite3"
        results = run(url, Path(tmp))
        body = _section(results, url)
        print(f"{SECTION}\n\n{body}")
        write_section(SECTION, body)
    first_s, again_s = results["first_s"], results["again_s"]
    assert isinstance(first_s, float) and isinstance(again_s, float)
    return 0 if first_s < 10 and again_s < 5 else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
