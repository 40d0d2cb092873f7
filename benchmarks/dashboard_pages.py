"""Dashboard pages with a real network: every page rendered with AppTest on 1,000 companies, 100,000 signals
and 30,000 contacts (`python -m benchmarks.dashboard_pages`), cold (empty cache) and warm, plus the time to
react to a filter and the most rows any page sends to the browser. Writes the "## Dashboard pages" section of
docs/benchmarks.md. Targets: a page within 2 s, a filter within 1 s, never more than 10,000 rows."""

from __future__ import annotations

import argparse
import os
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlmodel import Session

from benchmarks.report import machine, measure_on_both, write_section
from benchmarks.seed import seed_large
from tracker.db import get_engine
from tracker.models import Company, CrawlRun, Source

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
TITLE = "## Dashboard pages"
PAGES = ("today", "company", "people", "signals", "sources", "import_", "settings")
PAGE_TARGET_S, FILTER_TARGET_S, MAX_ROWS = 2.0, 1.0, 10_000


def seed_sources(url: str, *, now: datetime, sources: int = 2_000, runs: int = 500) -> None:
    """Sources with health and a crawl history, so the Sources page has something to show."""
    rng = random.Random(1)
    with Session(get_engine(url)) as session:
        ids = list(session.execute(select(Company.id)).scalars())
        session.execute(insert(Source), [
            {"url": f"https://news{i}.example/feed.xml", "kind": rng.choice(("rss", "sitemap", "newsroom")),
             "company_id": rng.choice(ids), "enabled": True,
             "last_success_at": now - timedelta(hours=rng.randint(1, 99)),
             "consecutive_failures": rng.choice((0,) * 9 + (4,)), "items_found": rng.randint(0, 500),
             "last_error": None, "created_at": now} for i in range(sources)])
        session.execute(insert(CrawlRun), [
            {"started_at": now - timedelta(hours=i), "finished_at": now - timedelta(hours=i, minutes=-5),
             "status": "finished", "trigger": "schedule",
             "stats": {"sources": sources, "pages": rng.randint(100, 900), "new_articles": rng.randint(0, 80),
                       "new_signals": rng.randint(0, 30), "errors": rng.randint(0, 5)}} for i in range(runs)])
        session.commit()


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    value = fn()
    return time.perf_counter() - started, value


def _check(at: Any) -> Any:
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return at


def _rows_sent(at: Any) -> int:
    return max((len(df.value) for df in [*at.dataframe]), default=0)


def measure(url: str) -> dict[str, Any]:
    """Seed the database, then time every page cold and warm, and the main filters."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    now = datetime.now(UTC)
    load = os.getloadavg()[0]
    seed_s, seeded = _timed(lambda: seed_large(url, now=now))
    seed_sources(url, now=now)
    os.environ["HJM_DATABASE_URL"] = url

    def open_page(page: str) -> Any:
        at = AppTest.from_file(APP, default_timeout=120)
        at.run()
        if page != "today":
            at.switch_page(f"app_pages/{page}.py").run()
        return _check(at)

    pages: dict[str, dict[str, float]] = {}
    rows_sent = 0
    with Session(get_engine(url)) as session:
        company_name = session.get(Company, 1).name
    for page in PAGES:
        at = _check(AppTest.from_file(APP, default_timeout=120).run())  # the session starts on Today
        st.cache_data.clear()  # cold: nothing cached, as on a server's first visit before the warm-up ends
        if page != "today":
            at.switch_page(f"app_pages/{page}.py")
        if page == "company":
            at.query_params["company"] = "1"  # as a link from Today opens it; company 1 has the most signals
        cpu = time.process_time()  # every thread of this process: the script runs in AppTest's own thread
        cold = _timed(lambda at=at: _check(at.run()))[0]
        cold_cpu = time.process_time() - cpu
        warm = _timed(lambda at=at: _check(at.run()))[0]  # the next visit: loaders served from the cache
        rows_sent = max(rows_sent, _rows_sent(at))
        if page == "company" and at.title[0].value != company_name:
            raise RuntimeError(f"the company page showed {at.title[0].value}, not {company_name}")
        pages[page] = {"cold": cold, "cold_cpu": cold_cpu, "warm": warm}

    filters: dict[str, float] = {}
    at = open_page("people")
    filters["people: search a name"] = _timed(lambda: _check(at.text_input(key="people_search").input("ada").run()))[0]
    busiest = at.selectbox(key="people_company").options[0]
    filters["people: works at a company"] = _timed(
        lambda: _check(at.selectbox(key="people_company").set_value(busiest).run()))[0]
    filters["people: strength at least 40"] = _timed(
        lambda: _check(at.slider(key="people_strength").set_value(40).run()))[0]
    rows_sent = max(rows_sent, _rows_sent(at))
    at = open_page("signals")
    filters["signals: one kind"] = _timed(
        lambda: _check(at.multiselect(key="signals_kinds").set_value(["funding"]).run()))[0]
    with Session(get_engine(url)) as session:
        some = list(session.execute(select(Company.id).limit(3)).scalars())
    filters["signals: three companies"] = _timed(
        lambda: _check(at.multiselect(key="signals_companies").set_value(some).run()))[0]
    filters["signals: confidence at least 0.8"] = _timed(
        lambda: _check(at.slider(key="signals_confidence").set_value(0.8).run()))[0]
    at = open_page("company")
    other = at.selectbox(key="company_pick").options[5]
    filters["company: pick another company"] = _timed(
        lambda: _check(at.selectbox(key="company_pick").select(other).run()))[0]
    at = open_page("today")
    rows_sent = max(rows_sent, _rows_sent(at))
    return {"url": url, "seed_s": seed_s, "seeded": seeded, "pages": pages, "filters": filters,
            "rows_sent": rows_sent, "load": load}


def section(results: list[dict[str, Any]]) -> str:
    """The markdown section's body (under its heading) with the measured numbers."""
    s = results[0]["seeded"]
    names = [r["url"].split(":", 1)[0].split("+")[0] for r in results]
    lines = [
        f"`python -m benchmarks.dashboard_pages` on {machine()}. Data from `benchmarks/seed.py`: {s['companies']:,} "
        f"companies, {s['contacts']:,} contacts, {s['signals']:,} signals, {s['interactions']:,} interactions, "
        "plus 2,000 sources and 500 crawl runs. Each page is run with Streamlit's AppTest (the whole script, "
        "as the server runs it): cold = caches emptied first, warm = the next visit within the cache TTL "
        f"(60 s). The machine was shared with other jobs while measuring (load average "
        f"{results[0]['load']:.1f} on {os.cpu_count()} CPUs when the run began), so the CPU time of each cold "
        "render is given too: what it takes on an idle machine.", "",
        "| page | " + " | ".join(f"{n} cold (CPU) | {n} warm" for n in names) + " |",
        "|---|" + "---|---|" * len(results),
    ]
    for page in PAGES:
        cells = " | ".join(f"{r['pages'][page]['cold']:.2f} s ({r['pages'][page]['cold_cpu']:.2f} s) | "
                           f"{r['pages'][page]['warm']:.2f} s" for r in results)
        lines.append(f"| {page.rstrip('_')} | {cells} |")
    lines += ["", "| filter (reaction, page re-run) | " + " | ".join(names) + " |",
              "|---|" + "---|" * len(results)]
    for name in results[0]["filters"]:
        lines.append(f"| {name} | " + " | ".join(f"{r['filters'][name]:.2f} s" for r in results) + " |")
    lines += ["", "Most rows any page sent to the browser: "
              + ", ".join(f"{n} {r['rows_sent']:,}" for n, r in zip(names, results, strict=True))
              + f" (limit {MAX_ROWS:,}: tables are paginated at 50 rows, the company ranking has one row "
              "per company).", "",
              f"Targets: a page within {PAGE_TARGET_S:.0f} s, a filter within {FILTER_TARGET_S:.0f} s. A cold "
              "Today pays for the one-off reads: heat for every company and the 90-day trends, "
              "computed together in one pass over the signal columns (`overview_and_trends`). "
              "After that the loaders serve "
              "from `st.cache_data`; the heaviest (the ranking, the network with every contact's strength) "
              "refresh in the background when their TTL ends, so a visitor never waits for them again, and the "
              "first page a server shows starts filling both in a background thread. Filters work on cached "
              "frames (People) or run one indexed, paginated query (Signals).", ""]
    return "\n".join(lines)


def missed(result: dict[str, Any]) -> list[str]:
    """What missed its target in one database's run."""
    out = [f"{p} warm {t['warm']:.2f} s" for p, t in result["pages"].items() if t["warm"] > PAGE_TARGET_S]
    out += [f"{p} cold {t['cold']:.2f} s" for p, t in result["pages"].items() if t["cold"] > PAGE_TARGET_S]
    out += [f"{f} {t:.2f} s" for f, t in result["filters"].items() if t > FILTER_TARGET_S]
    if result["rows_sent"] > MAX_ROWS:
        out.append(f"{result['rows_sent']} rows sent")
    return out


def main(argv: list[str] | None = None) -> int:
    """Measure on SQLite (and PostgreSQL when reachable); non-zero when a target is missed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dashboard_pages", description=__doc__.split("\n")[0])
    parser.add_argument("--postgres", default=os.environ.get("HJM_TEST_POSTGRES_URL",
                                                             "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--sqlite-only", action="store_true", help="Skip PostgreSQL.")
    parser.add_argument("--no-write", action="store_true", help="Print only; leave docs/benchmarks.md alone.")
    args = parser.parse_args(argv)
    results = measure_on_both(measure, postgres_admin_url=None if args.sqlite_only else args.postgres)
    body = section(results)
    print(f"{TITLE}\n\n{body}")
    if not args.no_write:
        write_section(TITLE, body)
    problems = [f"{r['url'].split(':', 1)[0]}: {m}" for r in results for m in missed(r)]
    if problems:
        print("targets missed: " + "; ".join(problems))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
