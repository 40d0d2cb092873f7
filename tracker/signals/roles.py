"""Who an event happens to: the slots each rule mode looks at, and leadership's title-anchored company."""

from __future__ import annotations

import re
from typing import Any

from tracker.signals import facts as fx
from tracker.signals.rules import POSITIONS, Rule
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

_CLAUSE_END = re.compile(r"[;]|\s[—–]\s")
_EXTRA_GAP = re.compile(r"\b(?:announc\w*|confirm\w*|begin\w*|began|plan\w*|mak\w+|made|carr\w+ out|"
                        r"implement\w*|impos\w*|introduc\w*|conduct\w*|undergo\w*|underwent|start\w*|new|more|"
                        r"another|fresh|sweeping|mass|major|further|deep|deeper|significant|broad|widespread|"
                        r"company-wide|global|large-scale|additional|round of|wave of|latest|of|eyes|eyeing|weighs|"
                        r"weighing|consider\w*|prepar\w*|read(?:y|ies|ying)|target\w*|mulls|seeks|seeking|"
                        r"files? for|filed for|pursu\w+|kicks? off|an?|the|its|u\.s\.|us|"
                        r"u\.s\.-listed|new york)\s*$", re.I)
_ROLE_PHRASE = re.compile(r"\bto (?P<title>(?:run|lead|head|oversee|manage|chair) (?:its|the|their) "
                          r"(?:[\w&-]+ ){0,4}?(?:business|division|unit|team|operations|group|practice|arm|"
                          r"department|function|region|office))\b", re.I)


def _passive_hiring(sentence: str) -> bool:
    """"Acme hired 300 people to run its stores" is hiring, not a leadership change."""
    return bool(re.search(r"\b\d[\d,]*\s+(?:\w+\s+)?(?:people|staff|workers|employees|engineers)\b", sentence))


_FORMER = re.compile(r"\b(?:former|ex-|previously|most recently|formerly|onetime|one-time)\s*(?:[A-Z][\w&.'’-]*\s+)"
                     r"{0,3}$", re.I)


def clause_after(sentence: str, end: int, size: int) -> str:
    """The clause after a trigger, up to `size` characters (cut at a semicolon or dash)."""
    text = sentence[end:end + size]
    cut = _CLAUSE_END.search(text)
    return text[:cut.start()] if cut else text


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


def slots_for(rule: Rule, view: SentenceView, m: re.Match[str]) -> list[tuple[Slot, str | None]]:
    """Who the event happens to, with a role, for each place the rule's mode looks."""
    mode, (r0, r1) = rule.mode, rule.roles
    if mode in {"subject", "subject_object", "passive", "pair"}:
        subj = subject(view, m.start())
        if subj.kind == "generic":  # "Tech companies cut jobs": market talk, no one company
            return []
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
                at = re.search(r"\b(?:at|from)\s+", clause_after(view.text, m.end(), 60))
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


def leadership(rule: Rule, view: SentenceView, m: re.Match[str]) -> tuple[list[tuple[Slot, str | None]], dict]:
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
        role = _ROLE_PHRASE.search(sentence, m.end())
        if not role or _passive_hiring(sentence):
            return [], {}
        titles = [role]
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
