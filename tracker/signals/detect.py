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
from tracker.signals.rules import POSITIONS, RULES, SPORTS, Rule
from tracker.signals.slots import (
    NONE,
    SentenceView,
    Slot,
    objects,
    owner_after,
    owner_before,
    sentence_subject,
    subject,
)
from tracker.signals.taxonomy import STATUS_FACTORS
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
_HISTORY_BEFORE = re.compile(r"\b(?:previously|earlier|formerly|once|since|after having|having)\s+$", re.I)
_YEAR = re.compile(r"\b(?:in|since|back in) (19\d\d|20\d\d)\b")
_EXTRA_GAP = re.compile(r"\b(?:announc\w*|confirm\w*|begin\w*|began|plan\w*|mak\w+|made|carr\w+ out|"
                        r"implement\w*|impos\w*|introduc\w*|conduct\w*|undergo\w*|underwent|start\w*|new|more|"
                        r"another|fresh|sweeping|mass|major|further|deep|deeper|significant|broad|widespread|"
                        r"company-wide|global|large-scale|additional|round of|wave of|latest|of|eyes|eyeing|weighs|"
                        r"weighing|consider\w*|prepar\w*|read(?:y|ies|ying)|target\w*|mulls|seeks|seeking|"
                        r"files? for|filed for|pursu\w+|kicks? off|an?|the|its|u\.s\.|us|"
                        r"u\.s\.-listed|new york)\s*$", re.I)
_FORMER = re.compile(r"\b(?:former|ex-|previously|most recently|formerly|onetime|one-time)\s*(?:[A-Z][\w&.'’-]*\s+)"
                     r"{0,3}$", re.I)
_CLAUSE_END = re.compile(r"[;]|\s[—–]\s")


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


def _window(sentence: str, end: int, size: int) -> str:
    text = sentence[end:end + size]
    cut = _CLAUSE_END.search(text)
    return text[:cut.start()] if cut else text


def _passes(rule: Rule, sentence: str, m: re.Match[str], published: datetime | None) -> bool:
    after = _window(sentence, m.end(), rule.window)
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
        clause = sentence[m.start():m.end() + 60]
        years = [int(y) for y in _YEAR.findall(clause)]
        if years and max(years) < published.year - 1:
            return False
    return True


def _with_conj_before(view: SentenceView, slot: Slot) -> list[Slot]:
    """"Acme and Globex merge": the subject slot plus the entity joined to it by "and"."""
    if slot.kind not in {"company", "entity"}:
        return [slot]
    head = view.text[:slot.start].rstrip()
    if head.endswith((" and", ",", " &")):
        cut = head[: -3 if head.endswith(" and") else -1].rstrip()
        other = subject(view, len(cut))
        if other.kind in {"company", "entity"} and other.end <= len(cut) + 1:
            return [other, slot]
    return [slot]


def _slots(rule: Rule, view: SentenceView, m: re.Match[str]) -> list[tuple[Slot, str | None]]:
    """Who the event happens to, with a role, for each place the rule's mode looks."""
    mode, (r0, r1) = rule.mode, rule.roles
    if mode in {"subject", "subject_object", "passive", "pair"}:
        subj = subject(view, m.start())
        if subj.kind == "none" and rule.fallback:
            first = sentence_subject(view)
            subj = first if first.kind != "none" and first.end <= m.start() else NONE
        out: list[tuple[Slot, str | None]] = []
        if mode == "pair":
            out.extend((s, r0) for s in _with_conj_before(view, subj) if s.kind != "none")
        elif subj.kind != "none":
            out.append((subj, r0))
        if mode == "subject":
            if not out and rule.kind in {"layoffs", "hiring_surge", "closure", "hiring_freeze"}:
                at = re.search(r"\b(?:at|from)\s+", _window(view.text, m.end(), 60))
                if at:  # "400 workers will lose their jobs at Ostrander"
                    found = objects(view, m.end() + at.end(), max_skip=2, conj=False)
                    out.extend((f, r0) for f in found if f.kind == "company")
            return out
        objs = objects(view, m.end())
        if objs and POSITIONS.search(view.text[m.end():objs[0].start]):
            return []  # "acquired guard John Smith": players are traded, companies are acquired
        if mode == "subject_object" and not objs and not re.search(
                r"^\W*(?:(?:a|an|the|its|rival|smaller|struggling|[\w-]+)\s+){0,4}(?:startup|start-up|company|firm|"
                r"rival|competitor|maker|provider|developer|business|operator|retailer|chain|lender|bank|insurer|"
                r"platform|studio|specialist|vendor|agency|supplier|manufacturer|unit|division|subsidiary|assets|"
                r"operations|portfolio|brand|group|hospitals?|hotels?|plants?|factory|mills?|mines?|stores|chain|"
                r"propert(?:y|ies)|clinics?|practice|business|network)\b", view.text[m.end():m.end() + 80], re.I):
            return []
        out.extend((o, r1) for o in objs)
        return out
    if mode == "object":
        return [(o, r1) for o in objects(view, m.end())]
    if mode == "attached":
        owner = owner_before(view, m.start())
        if rule.kind == "acquisition" and r1 == "target":  # "Acme's acquisition of Initech (by Globex)"
            targets = objects(view, m.end())
            out = [(t, r1) for t in targets]
            if owner.kind != "none":
                out.append((owner, r0))
            elif targets:
                by = re.match(r"^[^.;,]{0,40}?\bby\b", view.text[targets[-1].end:])
                if by:
                    out.extend((a, r0) for a in objects(view, targets[-1].end + by.end(), conj=False))
            return out
        candidates = [owner]
        if owner.kind not in {"company", "pronoun"}:
            candidates.append(owner_after(view, m.end()))
        if candidates[-1].kind not in {"company", "pronoun"}:
            candidates.append(_subject_past_modifiers(view, m.start()))
        if owner.kind == "entity":  # "Revolut eyes [London] IPO": the entity may only modify the noun
            candidates.append(_subject_past_modifiers(view, owner.start))
        firm = [c for c in candidates if c.kind in {"company", "pronoun"}]
        named = [c for c in candidates if c.kind == "entity"]
        owner = firm[0] if firm else named[0] if named else NONE
        if owner.kind == "none" and rule.fallback:
            first = sentence_subject(view)
            owner = first if first.kind != "none" and first.end <= m.start() else NONE
        return [(owner, r0)] if owner.kind != "none" else []
    return []


def _subject_past_modifiers(view: SentenceView, pos: int) -> Slot:
    """The subject before a noun phrase, skipping its modifiers and light verbs ("Acme announces sweeping ...")."""
    head = view.text[:pos]
    trimmed = head
    while True:
        g = _EXTRA_GAP.search(trimmed)
        if not g or g.end() == g.start():
            break
        trimmed = trimmed[:g.start()]
    return subject(view, len(trimmed.rstrip()) + (1 if trimmed != head else 0))


def _leadership(rule: Rule, view: SentenceView, m: re.Match[str]) -> tuple[list[tuple[Slot, str | None]], dict]:
    """Leadership: the company is the one the title belongs to ("CEO of Acme", "Acme's new CFO")."""
    sentence = view.text
    titles = []
    for t in re.finditer(fx._TITLE, sentence):
        if view.in_aside(t.start(), relative_too=False):
            continue
        if _FORMER.search(sentence[max(0, t.start() - 50):t.start()]):
            continue
        titles.append(t)
    if not titles:
        return [], {}
    title = min(titles, key=lambda t: abs(t.start() - m.end()) if t.start() >= m.start() else 200 + m.start() - t.end())
    title_end = title.end()
    inside = [s for s, _, _ in view.mentions if title.start() < s < title.end()]
    if inside:  # "CEO of Acme": the company is not part of the title
        cut = re.search(r"\s+(?:of|for|at)\s+(?:the\s+)?$", sentence[title.start():inside[0]])
        title_end = title.start() + (cut.start() if cut else inside[0] - title.start())
    info: dict[str, Any] = {"title": re.sub(r"\s+", " ", sentence[title.start():title_end]).strip(" ,"),
                            "direction": rule.roles[0]}
    exclude = tuple((s, e) for s, e, _ in view.mentions) + ((title.start(), title_end),)
    people = [p for p in fx.find_people(sentence, exclude=exclude) if not view.in_aside(p[1], relative_too=False)]
    if people:
        info["person"] = min(people, key=lambda p: min(abs(p[1] - title.end()), abs(p[2] - title.start())))[0]
    firm = ("company", "pronoun")
    owner = owner_before(view, title.start())
    if owner.kind not in firm:
        owner = owner_after(view, title_end)
    if owner.kind not in firm:
        owner = NONE
        verb = sentence[m.start():]
        if rule.roles[0] == "joins" and re.match(r"\s*(?:to\s+)?(?:join|rejoin|return)", verb, re.I):
            found = objects(view, m.end())
            owner = found[0] if found else NONE
        elif re.match(r"\s*(?:to\s+)?(?:leav|left|exit|quit|depart)", verb, re.I):
            found = objects(view, m.end())
            owner = found[0] if found and found[0].kind in firm else subject(view, m.start())
        else:
            owner = subject(view, m.start())
        if owner.kind == "none":
            first = sentence_subject(view)
            owner = first if first.kind == "company" else NONE
        if owner.kind == "entity" and owner.person:
            first = sentence_subject(view)
            owner = first if first.kind == "company" else Slot("entity")
    if owner.kind == "none" and "person" not in info:
        return [], {}
    if owner.kind == "none":
        owner = Slot("entity")
    return [(owner, None)], info


def _facts(kind: str, sentence: str, m: re.Match[str], role: str | None) -> dict[str, Any]:
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
    if role:
        out["role"] = role
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
        sports = bool(SPORTS.search(sentence))
        for index in sorted(rule_ids):
            rule = RULES[index]
            if sports and rule.kind not in {"layoffs", "closure", "hiring_freeze"}:
                continue
            for m in rule.pattern.finditer(sentence):
                if not _passes(rule, sentence, m, published):
                    continue
                if view is None:
                    view = SentenceView(sentence, start, is_title,
                                        [(s - start, e - start, mm) for s, e, mm in located if s >= start and e <= end])
                if view.in_aside(m.start(), relative_too=False):
                    continue
                extra: dict[str, Any] = {}
                if rule.mode == "leadership":
                    slots, extra = _leadership(rule, view, m)
                else:
                    slots = _slots(rule, view, m)
                status = status_near(sentence, m.start(), m.end())
                if status == "confirmed" and is_title and rumoured_title:
                    status = "rumour"
                for slot, role in slots:
                    signal = _signal(rule, slot, role, dominant, sentence, m, status, extra)
                    if signal:
                        found.append((signal, start))
    return _merge(found)


def _signal(rule: Rule, slot: Slot, role: str | None, dominant: Mention | None, sentence: str,
            m: re.Match[str], status: str, extra: dict[str, Any]) -> DetectedSignal | None:
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
    facts = _facts(rule.kind, sentence, m, role)
    facts.update(extra)
    if status != "confirmed":
        facts["status"] = status
    confidence = round(min(0.99, rule.base * factor * STATUS_FACTORS[status]), 2)
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
