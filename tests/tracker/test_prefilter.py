"""The trigger prefilter: literal match starts read from a pattern, and exactly finditer's matches (table-driven)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tracker.signals.prefilter import TriggerIndex, literal_prefixes
from tracker.signals.rules import RULES
from tracker.signals.text import split_sentences

EVAL = Path(__file__).resolve().parents[2] / "benchmarks" / "signals" / "eval.jsonl"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"\braises\b", {"raises"}),
        (r"\b(?:Raise|secure)s?\b", {"raise", "secure"}),
        (r"(?<!re-)\b(?:nam(?:es|ed)|hir(?:es|ing))", {"name", "hires", "hiring"}),  # "e[sd]" is a class
        (r"\b(?:to )?hire", {"to ", "hire"}),
        (r"(?:IPO|initial public offering)", {"ipo", "initial public offering"}),
        (r"x+y", {"x"}),
        (r"\d+ jobs", None),  # a digit class, not a literal
        (r"(?:a|\w+) b", None),  # one alternative has no literal start
        (r"é", None),  # only ASCII prefixes: re.I folds non-ASCII letters in ways str.lower() does not
    ],
)
def test_literal_prefixes(pattern: str, expected: set[str] | None) -> None:
    found = literal_prefixes(re.compile(pattern, re.I))
    assert (set(found) if found is not None else None) == expected


def _sentences() -> list[str]:
    texts = []
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        texts += [record.get("title") or "", record.get("text") or ""]
    plain = [text[s:e] for text in texts for s, e in split_sentences(text)]
    # Upper case, and the characters re.I equates with ASCII letters while str.lower() does not.
    odd = [s.upper() for s in plain[:300]] + [s.replace("i", "\u0130").replace("s", "\u017f") for s in plain[:300]]
    return plain + odd + ["Übernahme: Acme raises $5M", "Acme \u212aills 20 jobs", ""]


def test_trigger_index_yields_exactly_what_finditer_yields_for_every_rule() -> None:
    index = TriggerIndex([rule.pattern for rule in RULES])
    for sentence in _sentences():
        starts = index.starts(sentence, sentence.lower())
        for i, rule in enumerate(RULES):
            expected = [(m.span(), m.groups()) for m in rule.pattern.finditer(sentence)]
            assert [(m.span(), m.groups()) for m in index.finditer(i, sentence, starts)] == expected, (i, sentence)
