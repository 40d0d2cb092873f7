"""Signal detection: kinds, the company each event happens to, facts, status and the evidence sentence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import ahocorasick

from tracker.linking import CompanyRef, Mention, document_text, surface_forms
from tracker.signals import facts as fx
from tracker.signals.prefilter import TriggerIndex
from tracker.signals.roles import clause_after, leadership, slots_for
from tracker.signals.rules import RULES, SPORTS, Rule
from tracker.signals.slots import SentenceView, Slot
from tracker.signals.text import split_sentences, status_near, title_is_rumour


@dataclass(frozen=True)
class DetectedSignal:
    """One event at one company (or at an unlisted one: company None) found in a text."""

    kind: str
    company: CompanyRef | None
    confidence: float
    evidence: str
    facts: dict[str, Any]


def _build_stems() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    by_stem: dict[str, set[int]] = {}
    for index, rule in enumerate(RULES):
        for stem in rule.stems:
            by_stem.setdefault(stem, set()).add(index)
    for stem, indexes in by_stem.items():
        automaton.add_word(stem, (len(stem), frozenset(indexes)))
    automaton.make_automaton()
    return automaton


_STEMS = _build_stems()
_TRIGGERS = TriggerIndex([rule.pattern for rule in RULES])
_HISTORY_BEFORE = re.compile(r"\b(?:previously|earlier|formerly|once|since|after having|having)\s+$", re.I)
_YEAR = re.compile(r"\b(?:in|since|back in) (19\d\d|20\d\d)\b", re.I)


def _locate(doc: str, title: str, mentions: Sequence[Mention]) -> list[tuple[int, int, Mention]]:
    """Mention spans in `doc`; tolerates spans computed on the body alone or not at all."""
    shift = len(title) + 2 if title else 0
    out: list[tuple[int, int, Mention]] = []
    for mention in mentions:
        names = surface_forms(mention.company)
        spans = list(mention.spans)
        if spans and all(doc[s:e].lower() in names for s, e in spans):
            out.extend((s, e, mention) for s, e in spans)
            continue
        if spans and all(doc[s + shift:e + shift].lower() in names for s, e in spans):
            out.extend((s + shift, e + shift, mention) for s, e in spans)
            continue
        lower = doc.lower()
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", lower):
                if not any(m.start() < e and s < m.end() for s, e, _ in out):
                    out.append((m.start(), m.end(), mention))
    return sorted(out, key=lambda x: x[0])


def _dominant(located: list[tuple[int, int, Mention]], title_end: int) -> Mention | None:
    """The article's main company: first named in the title, else the most often named."""
    in_title = [m for s, _, m in located if s < title_end]
    if in_title:
        return in_title[0]
    counts: dict[str, tuple[int, Mention]] = {}
    for _, _, m in located:
        n, _ = counts.get(m.company.name, (0, m))
        counts[m.company.name] = (n + 1, m)
    if not counts:
        return None
    return max(counts.values(), key=lambda t: (t[0], t[1].confidence))[1]


def _passes(rule: Rule, sentence: str, m: re.Match[str], published: datetime | None) -> bool:
    after = clause_after(sentence, m.end(), rule.window)
    before = sentence[max(0, m.start() - 40):m.start()]
    if rule.need is not None and not rule.need.search(after):
        return False
    if rule.veto is not None and rule.veto.search(after):
        return False
    if rule.veto_before is not None and rule.veto_before.search(before):
        return False
    if rule.veto_unless is not None and rule.veto_unless[0].search(after) and not rule.veto_unless[1].search(after):
        return False
    if rule.veto_sentence is not None and rule.veto_sentence.search(sentence):
        return False
    if _HISTORY_BEFORE.search(before):
        return False
    if published is not None:
        head = sentence[max(0, m.start() - 40):m.start()]
        clause = head[head.rfind(",") + 1:] + sentence[m.start():m.end() + 60]  # not an aside before the verb
        years = [int(y) for y in _YEAR.findall(clause)]
        if years and max(years) < published.year - 1:
            return False
    return True


def _facts(kind: str, sentence: str, m: re.Match[str]) -> dict[str, Any]:
    """The facts of one event, read from its sentence (preferring what follows the trigger)."""
    out: dict[str, Any] = {}
    tail = sentence[m.start():]
    if kind in {"funding", "acquisition", "ipo", "contract_win", "expansion"}:
        money = [x for x in fx.find_money(tail) if not re.search(
            r"(?:valu\w+|valuation of|worth|revenue of|sales of)\s+(?:\w+\s+){0,3}$", tail[:x.start])]
        money = money or [x for x in fx.find_money(sentence) if not re.search(
            r"(?:valu\w+|valuation of|worth)\s+(?:\w+\s+){0,3}$", sentence[:x.start])]
        if money:
            out.update(amount=money[0].amount, currency=money[0].currency, money=money[0].display())
    if kind == "funding":
        round_ = fx.find_round(sentence)
        if round_:
            out["round"] = round_
    if kind in {"layoffs", "hiring_surge"}:
        headcount = fx.find_headcount(tail) or fx.find_headcount(sentence)
        if headcount:
            out["headcount"] = headcount
        if kind == "layoffs":
            percent = fx.find_percent(sentence)
            if percent is not None:
                out["percent"] = percent
    if kind in {"expansion", "closure"}:
        location = fx.find_site_place(tail) or fx.find_location(sentence, start=m.start()) or (
            fx.find_location(sentence) if kind == "expansion" else None)
        if location:
            out["location"] = location
    return out


def detect_signals(*, title: str, text: str, mentions: Sequence[Mention],
                   published: datetime | None = None) -> list[DetectedSignal]:
    """Signals in an article: one per (kind, company), the best sentence as evidence.

    `mentions` come from CompanyMatcher.find(document_text(title, text)); spans on the body alone also work.
    """
    doc = document_text(title, text)
    located = _locate(doc, title, mentions)
    title_end = len(title) if title else 0
    dominant = _dominant(located, title_end)
    spans = ([(0, title_end)] if title else []) + split_sentences(text, offset=len(title) + 2 if title else 0)
    rumoured_title = bool(title) and title_is_rumour(title)
    found: list[tuple[DetectedSignal, int]] = []
    for start, end in spans:
        sentence = doc[start:end]
        lower = sentence.lower()
        rule_ids: set[int] = set()
        for last, (length, ids) in _STEMS.iter(lower):
            first = last - length + 1
            if first == 0 or not lower[first - 1].isalnum():  # stems start a word: "cto" is not in "sector"
                rule_ids |= ids
        if not rule_ids:
            continue
        is_title = start == 0 and bool(title)
        view: SentenceView | None = None  # built on the first trigger that holds: most sentences have none
        sports: bool | None = None
        starts = _TRIGGERS.starts(sentence, lower)
        for index in sorted(rule_ids):
            rule = RULES[index]
            for m in _TRIGGERS.finditer(index, sentence, starts):
                if not _passes(rule, sentence, m, published):
                    continue
                if sports is None:
                    sports = bool(SPORTS.search(sentence))
                if sports and rule.kind not in {"layoffs", "closure", "hiring_freeze"}:
                    break  # sports pages trade players and sign contracts: not hiring signals
                if view is None:
                    view = SentenceView(sentence, start, is_title,
                                        [(s - start, e - start, mm) for s, e, mm in located if s >= start and e <= end])
                if view.in_aside(m.start(), relative_too=False):
                    continue
                extra: dict[str, Any] = {}
                if rule.mode == "leadership":
                    slots, extra = leadership(rule, view, m)
                else:
                    slots = slots_for(rule, view, m)
                if not slots:
                    continue
                status = status_near(sentence, m.start(), m.end())
                if status == "confirmed" and is_title and rumoured_title:
                    status = "rumour"
                facts = _facts(rule.kind, sentence, m)
                facts.update(extra)
                for slot, role in slots:
                    signal = _signal(rule, slot, role, dominant, sentence, status, facts)
                    if signal:
                        found.append((signal, start))
    return _merge(found)


def _signal(rule: Rule, slot: Slot, role: str | None, dominant: Mention | None, sentence: str,
            status: str, base_facts: dict[str, Any]) -> DetectedSignal | None:
    if slot.kind == "company" and slot.mention is not None:
        company, factor = slot.mention.company, 0.75 + 0.25 * slot.mention.confidence
    elif slot.kind == "pronoun":
        company, factor = (dominant.company, 0.8) if dominant else (None, 1.0)
    elif slot.kind == "entity":
        company, factor = None, 1.0
    else:
        return None
    if slot.weak:
        factor *= 0.85
    facts = dict(base_facts)
    if role:
        facts["role"] = role
    if status != "confirmed":
        facts["status"] = status
    # Confidence is how sure we are that the text reports this event; how much a rumour or a denial
    # weighs is decided once, by the heat score (tracker.scoring.STATUS_FACTORS), from facts.status.
    confidence = round(min(0.99, rule.base * factor), 2)
    return DetectedSignal(rule.kind, company, confidence, sentence.strip()[:500], facts)


def _merge(found: list[tuple[DetectedSignal, int]]) -> list[DetectedSignal]:
    """One signal per (kind, company); the most confident wins, facts are filled in from the others."""
    best: dict[tuple[str, str | None], DetectedSignal] = {}
    extra: dict[tuple[str, str | None], dict[str, Any]] = {}
    for signal, _ in found:
        key = (signal.kind, signal.company.name if signal.company else None)
        current = best.get(key)
        if current is None or signal.confidence > current.confidence:
            best[key] = signal
        merged = extra.setdefault(key, {})
        for k, v in signal.facts.items():
            merged.setdefault(k, v)
    with_company = {kind for kind, name in best if name is not None}
    out = []
    for key, signal in best.items():
        if key[1] is None and key[0] in with_company:
            continue
        facts = {**{k: v for k, v in extra[key].items() if k not in {"status", "role"}}, **signal.facts}
        if "status" not in signal.facts:
            facts.pop("status", None)
        out.append(DetectedSignal(signal.kind, signal.company, signal.confidence, signal.evidence, facts))
    out.sort(key=lambda s: (-s.confidence, s.kind, s.company.name if s.company else ""))
    return out
