"""Score signal detection and company linking on the labelled set (`make eval`).

Prints per-kind precision, recall and F1, macro-F1, linking precision and recall, status and fact accuracy,
and the confusion between kinds, for the dev and held-out splits; rewrites the section
"## Signal detection and company linking" of docs/benchmarks.md. `--errors` lists dev mistakes only: the
held-out split is for measuring, never for tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.report import machine, write_section
from tracker.analyze import analyze_article, matcher_from_csv
from tracker.signals.taxonomy import TEXT_KINDS

HERE = Path(__file__).resolve().parent
DATA = HERE / "eval.jsonl"
WATCHLIST = HERE / "watchlist.csv"
SECTION = "## Signal detection and company linking"
SHORT = {"funding": "fund", "acquisition": "acq", "ipo": "ipo", "expansion": "exp", "leadership_change": "lead",
         "contract_win": "cont", "partnership": "part", "product_launch": "prod", "award": "awd",
         "hiring_surge": "hire", "new_team": "team", "layoffs": "lay", "hiring_freeze": "frz",
         "restructuring": "rest", "closure": "clos", "none": "none"}
PUBLISHED = datetime(2025, 6, 1, tzinfo=UTC)  # items are written as current news


@dataclass
class Scores:
    """Everything measured on one split."""

    items: int = 0
    kinds: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    kind_only: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    links: Counter = field(default_factory=Counter)
    confusion: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    status: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def load(path: Path) -> list[dict[str, Any]]:
    """The labelled items of a JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _prf(c: Counter) -> tuple[float, float, float]:
    p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
    r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _fact_ok(expected: Any, got: Any) -> bool:
    if got is None:
        return False
    if isinstance(expected, int | float) and isinstance(got, int | float):
        return abs(expected - got) <= 0.01 * max(abs(expected), 1)
    e, g = str(expected).lower(), str(got).lower()
    return e in g or g in e


def score_item(item: dict[str, Any], result: Any, s: Scores) -> None:
    """Add one item's comparison to the split's scores."""
    s.items += 1
    expected = {(e["kind"], e["company"]): e for e in item["signals"]}
    got = {(g.kind, g.company.name if g.company else None): g for g in result.signals}
    problems = []
    for key in expected.keys() | got.keys():
        c = s.kinds[key[0]]
        if key in expected and key in got:
            c["tp"] += 1
            want, have = expected[key], got[key]
            s.status["ok" if want.get("status", "confirmed") == have.facts.get("status", "confirmed")
                     else "wrong"] += 1
            for name, value in want.get("facts", {}).items():
                ok = _fact_ok(value, have.facts.get(name))
                s.facts["ok" if ok else "wrong"] += 1
                if not ok:
                    problems.append(f"fact {key[0]}.{name}: want {value!r}, got {have.facts.get(name)!r}")
        elif key in expected:
            c["fn"] += 1
            problems.append(f"missed {key}")
        else:
            c["fp"] += 1
            problems.append(f"extra {key} <- {got[key].evidence[:90]!r}")
    want_kinds, have_kinds = {k for k, _ in expected}, {k for k, _ in got}
    for kind in want_kinds | have_kinds:
        s.kind_only[kind]["tp" if kind in want_kinds and kind in have_kinds else
                          "fn" if kind in want_kinds else "fp"] += 1
    for kind in want_kinds & have_kinds:
        s.confusion[kind][kind] += 1
    missed, extra = sorted(want_kinds - have_kinds), sorted(have_kinds - want_kinds)
    for a, b in zip(missed, extra, strict=False):
        s.confusion[a][b] += 1
    for a in missed[len(extra):]:
        s.confusion[a]["none"] += 1
    for b in extra[len(missed):]:
        s.confusion["none"][b] += 1
    if not want_kinds and not have_kinds:
        s.confusion["none"]["none"] += 1
    want_cos, have_cos = set(item["companies"]), {m.company.name for m in result.mentions}
    s.links["tp"] += len(want_cos & have_cos)
    s.links["fp"] += len(have_cos - want_cos)
    s.links["fn"] += len(want_cos - have_cos)
    problems += [f"link missed {c}" for c in sorted(want_cos - have_cos)]
    problems += [f"link extra {c}" for c in sorted(have_cos - want_cos)]
    if problems:
        s.errors.append(f"{item['id']}: {item['title'][:70]!r} | " + "; ".join(problems))


def evaluate(items: list[dict[str, Any]], watchlist: Path) -> dict[str, Scores]:
    """Scores per split for the labelled items."""
    matcher = matcher_from_csv(watchlist)
    splits: dict[str, Scores] = defaultdict(Scores)
    for item in items:
        result = analyze_article(matcher=matcher, title=item.get("title", ""), text=item.get("text", ""),
                                 published=PUBLISHED)
        score_item(item, result, splits[item.get("split", "dev")])
    return dict(splits)


def macro_f1(s: Scores) -> float:
    """Mean F1 over the text kinds that occur in the split (as label or prediction)."""
    f1s = [_prf(s.kinds[k])[2] for k in TEXT_KINDS if sum(s.kinds[k].values())]
    return sum(f1s) / len(f1s) if f1s else 0.0


def summary(name: str, s: Scores) -> str:
    """Markdown tables for one split."""
    lp, lr, lf = _prf(s.links)
    lines = [f"**{name}** ({s.items} items): macro-F1 **{macro_f1(s):.3f}** over kinds with company, "
             f"linking precision **{lp:.3f}**, recall **{lr:.3f}** (F1 {lf:.3f}); "
             f"status right {s.status['ok']}/{sum(s.status.values())}, "
             f"facts right {s.facts['ok']}/{sum(s.facts.values())}.", "",
             "| kind | support | precision | recall | F1 | F1 (kind only) |", "|---|---|---|---|---|---|"]
    for kind in TEXT_KINDS:
        c = s.kinds[kind]
        p, r, f = _prf(c)
        kind_f1 = _prf(s.kind_only[kind])[2]
        lines.append(f"| {kind} | {c['tp'] + c['fn']} | {p:.2f} | {r:.2f} | {f:.2f} | {kind_f1:.2f} |")
    labels = [k for k in (*TEXT_KINDS, "none") if sum(s.confusion[k].values()) or
              any(s.confusion[r][k] for r in s.confusion)]
    lines += ["", "Confusion between kinds (rows: labelled, columns: detected; `none` = no signal):", "",
              "| | " + " | ".join(SHORT[k] for k in labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for row in labels:
        lines.append(f"| {SHORT[row]} | " + " | ".join(str(s.confusion[row][col] or ".") for col in labels) + " |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Run the evaluation, print it and write the docs section."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="labelled JSON lines (default: eval.jsonl)")
    parser.add_argument("--watchlist", type=Path, default=WATCHLIST)
    parser.add_argument("--errors", action="store_true", help="list the dev split's mistakes")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/benchmarks.md")
    args = parser.parse_args(argv)
    splits = evaluate(load(args.data), args.watchlist)
    order = [n for n in ("dev", "heldout") if n in splits] + sorted(set(splits) - {"dev", "heldout"})
    text = "\n\n".join(summary(name, splits[name]) for name in order)
    print(text)
    if args.errors and "dev" in splits:
        print("\nDev errors:\n" + "\n".join(splits["dev"].errors))
    if not args.no_write and args.data == DATA:
        body = (f"`python -m benchmarks.signals.evaluate` (`make eval`) on {machine()}. The set "
                f"(`benchmarks/signals/eval.jsonl`, {sum(s.items for s in splits.values())} hand-written English items "
                "with `benchmarks/signals/watchlist.csv`) has a dev split used to improve the rules and a held-out "
                "split, written first in another style (wire copy, press releases, Title Case), never tuned on. "
                "A signal counts as right only with the right company (null when the event is at an unlisted one). "
                "Targets on held-out: macro-F1 >= 0.90, linking precision >= 0.97, recall >= 0.90. For the record: "
                "the first run of the held-out split, before any rule was tuned on dev, gave macro-F1 0.835 and "
                "linking precision 0.994, recall 0.973.\n\n" + text)
        write_section(SECTION, body)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
