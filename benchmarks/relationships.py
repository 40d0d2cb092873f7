"""Relationship strength, follow-ups and employer matching on a 30,000-contact network.

`python -m benchmarks.relationships [DATABASE_URL]` (default: a temporary SQLite file) seeds a fictional
network with benchmarks.seed, makes a third of the employer strings messy, then times the bulk calls the
CLI, the dashboard and who-to-ask make. It rewrites its own section of docs/benchmarks.md.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, datetime

from sqlalchemy import update
from sqlmodel import Session, select

from benchmarks.report import machine, write_section
from benchmarks.seed import seed_large
from tracker.db import make_engine
from tracker.models import Employment
from tracker.network.employers import load_employer_matcher, rematch_employments
from tracker.network.followups import due_followups, set_cadence
from tracker.network.strength import strengths

NOW = datetime(2026, 11, 1, tzinfo=UTC)
SECTION = "## Relationships: strength, follow-ups, employer matching"
_MESS = (lambda n, r: f"{n} Pty Ltd", lambda n, r: f"{n} via Qualitest Group", lambda n, r: f"{n} (contract)",
         lambda n, r: f"Contractor at {n}", lambda n, r: n.upper(), lambda n, r: f"{n} Australia",
         lambda n, r: n[:-1] + r.choice("aeiouxz") if len(n) > 8 else n)


def _timed(fn, repeat: int = 3) -> tuple[float, object]:  # noqa: ANN001
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - started)
    return best, result


def _messy_employers(session: Session) -> int:
    """Rewrite a third of the linked employer strings as people really type them, and unlink everything."""
    rng = random.Random(1)
    rows = session.exec(select(Employment.id, Employment.employer_name)).all()
    changes = [{"id": i, "employer_name": rng.choice(_MESS)(name, rng), "company_id": None}
               for i, name in rows if rng.random() < 0.33]
    session.execute(update(Employment), changes)
    session.execute(update(Employment).values(company_id=None))
    session.commit()
    return len(changes)


def run(url: str) -> dict[str, object]:
    """Seed, then time each bulk operation; returns the measurements."""
    seeded = seed_large(url, companies=1000, contacts=30000, signals=1000, interactions=60000, now=NOW)
    results: dict[str, object] = {"seeded": seeded}
    engine = make_engine(url)
    with Session(engine) as session:
        results["messy_employers"] = _messy_employers(session)
        t, changed = _timed(lambda: rematch_employments(session=session), repeat=1)
        results["rematch_cold_s"], results["rematch_changed"] = t, changed
        session.commit()
        t, changed = _timed(lambda: rematch_employments(session=session), repeat=1)
        results["rematch_warm_s"], results["rematch_warm_changed"] = t, changed
        session.rollback()
        matcher = load_employer_matcher(session=session)
        names = [f"Unseen {n} Holdings" for n in range(20000)]
        t, _ = _timed(lambda: [matcher.match(n) for n in names], repeat=1)
        results["match_per_unique_ms"] = 1000 * t / len(names)
        t, scores = _timed(lambda: strengths(session=session, now=NOW))
        results["strengths_all_s"] = t
        values = sorted(s.score for s in scores.values())
        results["share_below_20"] = sum(v < 20 for v in values) / len(values)
        results["median"], results["p99"] = values[len(values) // 2], values[int(len(values) * 0.99)]
        ids = list(scores)[:500]
        t, _ = _timed(lambda: strengths(session=session, contact_ids=ids, now=NOW))
        results["strengths_500_ms"] = 1000 * t
        set_cadence(session=session, tag="inner circle", days=60)
        set_cadence(session=session, days=365)
        t, due = _timed(lambda: due_followups(session=session, now=NOW))
        results["followups_s"], results["followups_due"] = t, len(due)
        session.rollback()
    engine.dispose()
    return results


def _section(r: dict[str, object], url: str) -> str:
    """The section's body (everything under its heading)."""
    seeded = r["seeded"]
    assert isinstance(seeded, dict)
    return "\n".join([
        f"`python -m benchmarks.relationships` on {url.split(':', 1)[0]}; {machine()}. "
        f"Network: {seeded['contacts']:,} contacts, "
        f"{seeded['employments']:,} employments, {seeded['interactions']:,} interactions, "
        f"{seeded['companies']:,} target companies; {r['messy_employers']:,} employer strings made messy "
        "(suffixes, 'via' agencies, '(contract)', typos, upper case).", "",
        "| operation | time |", "|---|---|",
        f"| `strengths()` for all 30,000 contacts (2 queries) | {r['strengths_all_s']:.2f} s |",
        f"| `strengths()` for 500 contacts | {r['strengths_500_ms']:.0f} ms |",
        f"| `due_followups()` with a default and an inner-circle cadence ({r['followups_due']:,} due) "
        f"| {r['followups_s']:.2f} s |",
        f"| `rematch_employments()` from scratch ({r['rematch_changed']:,} links made) | {r['rematch_cold_s']:.2f} s |",
        f"| `rematch_employments()` again (nothing changes: {r['rematch_warm_changed']}) "
        f"| {r['rematch_warm_s']:.2f} s |",
        f"| `EmployerMatcher.match()` per unseen employer (fuzzy over 1,000 companies) "
        f"| {r['match_per_unique_ms']:.2f} ms |", "",
        f"Scores: {r['share_below_20']:.0%} of contacts below 20, median {r['median']}, 99th percentile {r['p99']} "
        "(quality beats quantity: a bare connection is worth at most 5 points).", "",
    ])


def main(argv: list[str]) -> int:
    """Run on the given database URL (must be empty) or a fresh temporary SQLite file."""
    with tempfile.TemporaryDirectory() as tmp:
        url = argv[0] if argv else f"sqlite:///{tmp}/bench.sqlite3"
        results = run(url)
        body = _section(results, url)
        print(f"{SECTION}\n\n{body}")
        write_section(SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
