"""Where a trigger pattern can match: the literal words its matches start with, found in one scan.

Python's `re` has no prefix search for patterns like `\\b(?:raises|secures|...)` under re.I, so finditer tries
every alternative at every position of the sentence. The literal prefixes read from the pattern's own syntax
tree let one Aho-Corasick pass find the few positions where a match may start; `pattern.match` there yields
exactly the matches finditer would.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Iterator, Sequence
from typing import Any

import ahocorasick

_ZERO_WIDTH = (sre.AT, sre.ASSERT, sre.ASSERT_NOT)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
# Characters that re.I equates with an ASCII letter although str.lower() does not map them to it one to one.
_CASE_ODDITIES = frozenset("\u0130\u0131\u017f\u212a")
_LONG_ENOUGH = 6  # a prefix this long rarely occurs where the pattern does not match
_MAX_PREFIXES = 256


def _prefixes(items: Sequence[tuple[Any, Any]]) -> set[str] | None:
    """Lower-case ASCII strings one of which starts every match of a parsed sequence; None when unknown."""
    items, cur = list(items), ""
    for i, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue
        if op is sre.LITERAL and chr(av).isascii():
            cur += chr(av).lower()
            continue
        if len(cur) >= _LONG_ENOUGH:
            return {cur}
        rest = items[i + 1 :]
        tail: set[str] | None = None
        if op is sre.SUBPATTERN:
            tail = _prefixes([*av[3], *rest])
        elif op is sre.BRANCH:
            alternatives = [_prefixes([*alt, *rest]) for alt in av[1]]
            tail = None if any(a is None for a in alternatives) else set().union(*alternatives)
        elif op in _REPEATS:
            first = _prefixes(av[2])
            after = _prefixes(rest) if av[0] == 0 else set()
            tail = None if first is None or after is None else first | after
        if tail is None or len(tail) > _MAX_PREFIXES:
            return {cur} if cur else None
        return {cur + t for t in tail}
    return {cur} if cur else None


def literal_prefixes(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """The literal (lower-case) starts of every match of a pattern, or None when it has no such set."""
    found = _prefixes(sre_parse.parse(pattern.pattern, pattern.flags))
    return frozenset(found) if found else None


class TriggerIndex:
    """The match starts of many patterns, found by one scan of a lower-cased sentence."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        self.patterns = list(patterns)
        self.prefixes = [literal_prefixes(p) for p in self.patterns]
        by_prefix: dict[str, set[int]] = {}
        for index, prefixes in enumerate(self.prefixes):
            for prefix in prefixes or ():
                by_prefix.setdefault(prefix, set()).add(index)
        self._automaton = ahocorasick.Automaton()
        for prefix, indexes in by_prefix.items():
            self._automaton.add_word(prefix, (len(prefix), tuple(indexes)))
        self._automaton.make_automaton()

    def starts(self, sentence: str, lower: str) -> dict[int, list[int]] | None:
        """Possible match starts per pattern index; None when lower-casing moved offsets (then scan fully)."""
        if len(lower) != len(sentence) or (not sentence.isascii() and not _CASE_ODDITIES.isdisjoint(sentence)):
            return None
        out: dict[int, list[int]] = {}
        for last, (length, indexes) in self._automaton.iter(lower):
            for index in indexes:
                out.setdefault(index, []).append(last - length + 1)
        return out

    def finditer(self, index: int, sentence: str, starts: dict[int, list[int]] | None) -> Iterator[re.Match[str]]:
        """The matches `patterns[index].finditer(sentence)` yields, trying only where one can start."""
        pattern = self.patterns[index]
        if starts is None or self.prefixes[index] is None:
            yield from pattern.finditer(sentence)
            return
        end = 0
        for start in sorted(set(starts.get(index, ()))):
            if start < end:
                continue  # finditer does not return overlapping matches
            m = pattern.match(sentence, start)  # lookbehinds and \b still see the text before `start`
            if m is not None:
                end = m.end()
                yield m
