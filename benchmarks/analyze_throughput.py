"""`hjm analyze` throughput: generated ~3 KB articles through linking and detection on one core.

Measures the matcher build time for a 10,000-company watchlist (target < 1 s) and articles per second
(target >= 500/s) with a 1,000-company and a 10,000-company watchlist, then rewrites the section
"## hjm analyze throughput" of docs/benchmarks.md. Everything is generated and fictional.
"""

from __future__ import annotations

import io
import json
import os
import random
import resource
import sys
import time

from benchmarks.report import machine, write_section
from tracker.analyze import analyze_lines
from tracker.linking import CompanyMatcher, CompanyRef

SECTION = "## hjm analyze throughput"
SYLLABLES = ("zor", "vex", "lum", "tar", "qui", "bel", "nov", "kra", "del", "mir", "sol", "fen", "gra", "hol",
             "pax", "rin", "tev", "ula", "wen", "yor", "cas", "dro", "eli", "fyn")
SUFFIXES = ("Systems", "Labs", "Analytics", "Robotics", "Health", "Foods", "Logistics", "Energy", "Software",
            "Bio", "Mining", "Media", "Payments", "Aerospace", "Retail", "Security")
COMMON = ("Beacon", "Summit", "Harbor", "Atlas", "Vertex", "Cedar", "Orbit", "Nova", "Pulse", "Anchor")
FILLER = (
    "Analysts said the sector had been volatile for most of the year, with investors watching interest rates.",
    "The city council will vote next week on a proposal to widen the ring road.",
    "Temperatures are expected to stay above average through the weekend, forecasters said.",
    "The product, which costs $49 a month, competes with offerings from several larger rivals.",
    "Consumer confidence fell for a second month in a row, a survey showed on Wednesday.",
    "The chief executive told analysts on a conference call that demand had held up better than feared.",
    "Revenue for the quarter rose 12% to $410 million, slightly ahead of expectations.",
    "Critics say the plan does too little to address the shortage of affordable housing.",
    "The trial is expected to last three weeks, with closing arguments scheduled for early next month.",
    "Its software is used by hospitals, universities and logistics firms in more than 40 countries.",
    "Founded in 2014, the business employs about 600 people, most of them in Germany and Poland.",
    "The central bank left rates unchanged but signalled that cuts could come later in the year.",
    "Traffic on the bridge has doubled since it opened, according to the transport authority.",
    "The festival drew more than 80,000 visitors over three days, organisers said.",
    "Prices for memory chips have risen sharply since the spring as supply tightened.",
    "The lawsuit, filed in federal court in Delaware, seeks unspecified damages.",
    "Several employees described the culture as demanding but collaborative.",
    "The bill now goes to the Senate, where its prospects are uncertain.",
    "Electricity demand from data centres is growing faster than utilities had planned for.",
    "The museum will reopen to the public in the spring after a two-year renovation.",
    "The company did not respond to a request for comment on Tuesday afternoon.",
    "Shares in the wider market were little changed in early trading in New York.",
    "Industry executives have warned that supply chains remain fragile after two difficult years.",
    "The report, published on Monday, surveyed more than 2,000 businesses across Europe and North America.",
    "Customers have increasingly moved their spending online, according to figures from a trade group.",
    "Regulators in Brussels are expected to publish draft rules on the matter later this month.",
    "\"We are confident in our long-term strategy,\" a spokesperson said in an emailed statement.",
    "Competition for skilled engineers remains intense, recruiters say, even as some firms slow hiring.",
    "The weather delayed several shipments at the port, a logistics manager told reporters.",
)
EVENTS = (
    "{a} raised ${n} million in a Series B round led by {b}.",
    "{a} agreed to acquire {b} for ${n} million in cash.",
    "{a} will open a new office in Austin, Texas, and plans to hire {n} engineers.",
    "{a} named Jane Ortega as chief financial officer, replacing John Reyes.",
    "{a} said it would lay off {n} workers, or 8% of its workforce.",
    "{a} has paused hiring for most corporate roles.",
    "{a} launched a new analytics platform for retailers.",
    "{a} won a ${n} million contract from the Department of Transport.",
    "{a} and {b} announced a strategic partnership on battery recycling.",
    "{a} will close its plant in Ohio by the end of the year.",
)


def company_names(n: int, rng: random.Random) -> list[str]:
    """`n` distinct made-up names, a few of them ordinary words that need context."""
    names: set[str] = set()
    while len(names) < n:
        if rng.random() < 0.05:
            names.add(f"{rng.choice(COMMON)} {rng.choice(SUFFIXES)}")
        else:
            word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
            names.add(f"{word} {rng.choice(SUFFIXES)}")
    return sorted(names)


def watchlist(n: int, rng: random.Random) -> list[CompanyRef]:
    """CompanyRefs with aliases, domains and a few tickers, like an imported watchlist."""
    refs = []
    for i, name in enumerate(company_names(n, rng)):
        first = name.split()[0]
        refs.append(CompanyRef(id=i + 1, name=name, aliases=(first,) if rng.random() < 0.5 else (),
                               domain=f"{first.lower()}{i}.example",
                               tickers=(f"NASDAQ:{first[:4].upper()}{i % 10}",) if rng.random() < 0.1 else ()))
    return refs


def article(i: int, names: list[str], rng: random.Random) -> str:
    """One JSON line of about 3 KB: mostly filler, a few events naming watchlist companies."""
    sentences = []
    while sum(len(s) + 1 for s in sentences) < 2900:
        if rng.random() < 0.1:
            sentences.append(rng.choice(EVENTS).format(a=rng.choice(names), b=rng.choice(names),
                                                       n=rng.randint(5, 900)))
        else:
            sentences.append(rng.choice(FILLER))
    title = rng.choice(EVENTS).format(a=rng.choice(names), b=rng.choice(names), n=rng.randint(5, 900)).rstrip(".")
    return json.dumps({"id": i, "title": title, "text": " ".join(sentences), "published": "2026-01-15"})


def run(n_articles: int, n_companies: int, seed: int = 7) -> dict[str, float]:
    """Build a matcher and push the articles through analyze; returns timings and counts."""
    rng = random.Random(seed)
    refs = watchlist(n_companies, rng)
    builds = []
    for _ in range(3):  # best of three, in CPU time: the machine may be shared
        started = time.process_time()
        matcher = CompanyMatcher(refs)
        builds.append(time.process_time() - started)
    build = min(builds)
    names = [r.name for r in refs[:1000]]
    lines = [article(i, names, rng) for i in range(n_articles)]
    sink = io.StringIO()
    signals = mentions = 0
    started, cpu = time.perf_counter(), time.process_time()
    for result in analyze_lines(lines, matcher=matcher, path="<generated>"):
        signals += len(result["signals"])
        mentions += len(result["companies"])
        sink.write(json.dumps(result) + "\n")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"companies": n_companies, "articles": n_articles, "build_s": build, "seconds": elapsed,
            "cpu_s": cpu, "per_second": n_articles / elapsed, "per_cpu_second": n_articles / cpu,
            "kb": sum(len(x) for x in lines) / n_articles / 1024, "signals": signals, "mentions": mentions}


def main(argv: list[str]) -> int:
    """Run both watchlist sizes, print the results and write the docs section."""
    n_articles = int(argv[0]) if argv else 5000
    small = run(n_articles, 1000)
    big = run(n_articles, 10000)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    rows = ["| watchlist | matcher build | articles | mean size | wall time | CPU time | articles/s (wall) | "
            "articles per CPU second | target |", "|---|---|---|---|---|---|---|---|---|"]
    for r in (small, big):
        rows.append(f"| {r['companies']:,} companies | {r['build_s'] * 1000:.0f} ms | {r['articles']:,} | "
                    f"{r['kb']:.1f} KB | {r['seconds']:.1f} s | {r['cpu_s']:.1f} s | {r['per_second']:.0f} | "
                    f"**{r['per_cpu_second']:.0f}** | >= 500/s |")
    body = (f"`python -m benchmarks.analyze_throughput` on {machine()}; one process, one core. Generated, "
            "fictional articles (a headline reporting an event, then filler news sentences with an event naming "
            "watchlist companies in about one sentence in ten) go through `tracker.analyze.analyze_lines` "
            "(JSON parsing, Aho-Corasick linking, "
            "detection, JSON output), as `hjm analyze` does.\n\n" + "\n".join(rows) + "\n\n"
            f"Matcher build for 10,000 companies: **{big['build_s'] * 1000:.0f} ms** CPU, best of three "
            "(target < 1 s). Output: "
            f"{small['signals']:,} signals and {small['mentions']:,} company links for the 1,000-company run. "
            f"Load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (the CPU-time column "
            "is the single-core rate; wall time also counts waiting for a shared CPU). "
            f"Peak resident memory of the benchmark process {peak:.0f} MB (it holds the generated input in "
            "memory; "
            "`hjm analyze` itself streams line by line).")
    print(body)
    write_section(SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
