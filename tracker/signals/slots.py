"""Who did what: the subject before a trigger, the object after it, and the owner a noun is attached to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tracker.linking import Mention
from tracker.signals.text import Token, aside_spans, tokenize


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that may sit between a subject and its verb ("Acme said on Tuesday it would ...").
GAP = _words("""has have had will would is was are were be been being also now today yesterday just officially
finally quietly reportedly said says say announced announces announce confirmed confirms confirm on this last
next week month year recently successfully formally publicly plans plan planned planning to aims aim aimed
expects expected set seeks seek hopes hope wants want could may might should can agreed agrees agree intends
intend in talks advanced early late already still not also then soon shortly that told tells statement a
according earlier later tuesday monday wednesday thursday friday saturday sunday january february march april
june july august september october november december morning afternoon evening night quarter first second
third fourth q1 q2 q3 q4 reported reports report revealed reveals disclosed discloses unveiled formally
has been have been officially once again effectively moving move moves looking looks look poised ready
preparing prepares prepare decided decides decide voted votes vote getting gets get going goes go about
likely unlikely reportedly allegedly apparently suddenly abruptly quickly unexpectedly further again
""")
PRONOUNS = _words("it we they its our their")
REPORTING = _words("""said says say announced announces confirmed confirms reported reports added adds noted
stated told tells believes expects hopes warned warns claimed claims revealed reveals disclosed argued""")
LEGAL = _words("inc corp co ltd llc plc ag sa nv se gmbh limited incorporated corporation")
OWNED_NOUNS = _words("brand unit division subsidiary arm business label chain")
# "The company said", "the Berlin-based startup" refer back to the article's main company.
COREF_NOUNS = _words("""board company firm startup start-up group retailer bank maker giant business chain insurer
lender carrier automaker manufacturer provider platform developer operator unicorn outfit corporation supplier vendor
producer brand airline publisher studio agency consultancy specialist scaleup scale-up""")
COREF_DETERMINERS = _words("the this our its")
# Generic plural subjects are market talk, not an event at one company ("Startups raised $30B").
GENERIC = _words("""startups companies firms employers retailers banks investors automakers businesses
manufacturers lenders insurers tech industry sector analysts economists markets stocks shares workers
employees people consumers governments states cities countries vcs brands chains carriers economy government
nation region market airlines carmakers chipmakers drugmakers miners insurers universities hospitals schools
developers studios publishers operators providers exporters importers farmers unions""")
STOP_FORWARD = _words("""for in from with at by to on as after that which who and but over amid under since
while because when than into onto against about through during before without despite via per""")
PREPOSITIONS = _words("""of by from with at for in to on about after like than over under against behind into
onto via per between among including alongside amid versus vs""")
SKIP_CAPS = _words("""u.s u.s. us uk u.k eu new british american german french chinese japanese indian canadian
australian european israeli swedish dutch swiss irish korean spanish italian nordic asian african global
rival fellow""")
NOT_ENTITY = _words("""the a an in on at for to of and but or with by from as after before amid over under its it
this that these those his her their our we i he she they you how why what when where who which while if
update breaking exclusive analysis opinion review watch read more photo video report""")
_DATEISH = re.compile(r"^(?:\d{1,4}(?:st|nd|rd|th)?|\d{4}s?|\$?[\d.,]+[mbk]?|mid-\w+|early-\w+)$", re.I)
_COMPOUND_NOT_SUBJECT = re.compile(r"^[-‐](?:backed|owned|led|funded|based|affiliated|controlled|linked|"
                                   r"supported|run|made|style|like|sized)", re.I)
_PERSON_FULL = re.compile(r"^[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s[A-Z]\.)?(?:\s(?:van|von|de|da|di|del|der|le|la|"
                          r"al|bin|dos|du)){0,2}\s(?:O'|Mc|Mac)?[A-Z][a-zA-Z'’]+(?:-[A-Z][a-z]+)?$")


@dataclass(frozen=True)
class Slot:
    """Who fills a role: a watchlist company, another named entity, a pronoun for the main company, or none."""

    kind: str  # company, entity, pronoun, none
    mention: Mention | None = None
    text: str = ""
    start: int = -1
    end: int = -1
    person: bool = False
    weak: bool = False  # found by a fallback, not by the clause structure


NONE = Slot("none")
GENERIC_SLOT = Slot("generic")  # a plural or collective subject: "Tech companies", "Employers"


@dataclass
class SentenceView:
    """A sentence with its tokens, asides and the mentions that fall inside it (offsets local to it)."""

    text: str
    offset: int
    is_title: bool
    mentions: list[tuple[int, int, Mention]]
    tokens: list[Token] = field(default_factory=list)
    asides: list[tuple[int, int, bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.tokens = tokenize(self.text)
        self.asides = aside_spans(self.text)

    def in_aside(self, pos: int, *, relative_too: bool = True) -> tuple[int, int] | None:
        """The aside containing `pos`, if any."""
        for s, e, rel in self.asides:
            if s <= pos < e and (relative_too or not rel):
                return s, e
        return None

    def mention_in(self, start: int, end: int) -> list[tuple[int, int, Mention]]:
        """Mentions inside [start, end)."""
        return [m for m in self.mentions if m[0] >= start and m[1] <= end]

    def mention_at(self, pos: int) -> tuple[int, int, Mention] | None:
        """The mention covering character `pos`."""
        for m in self.mentions:
            if m[0] <= pos < m[1]:
                return m
        return None


def _index_before(tokens: list[Token], pos: int) -> int:
    i = len(tokens) - 1
    while i >= 0 and tokens[i].end > pos:
        i -= 1
    return i


def _index_after(tokens: list[Token], pos: int) -> int:
    i = 0
    while i < len(tokens) and tokens[i].start < pos:
        i += 1
    return i


def _entity_slot(view: SentenceView, start: int, end: int, *, weak: bool = False) -> Slot:
    """Decide what a span of capitalised words is: a watchlist company, a person or another entity."""
    inside = [m for m in view.mentions if m[0] < end and m[1] > start]
    usable = [m for m in inside if not _COMPOUND_NOT_SUBJECT.match(view.text[m[1]:m[1] + 12])]
    text = view.text[start:end]
    if not usable:  # "Gap's Old Navy": a brand of a watchlist company
        before = view.text[:start].rstrip()
        owner = [m for m in view.mentions if m[1] <= len(before) and before.endswith(("'s", "’s"))
                 and len(before) - m[1] == 2]
        usable = owner
    if usable:
        s, e, mention = usable[-1]
        return Slot("company", mention, view.text[s:e], s, e, weak=weak)
    words = text.split()
    if len(words) == 1 and words[0].lower().rstrip(".") in GENERIC:
        return GENERIC_SLOT
    clean = re.sub(r"(?:'s|’s)$", "", text)
    return Slot("entity", None, text, start, end, person=bool(_PERSON_FULL.match(clean)), weak=weak)


def _collect_back(view: SentenceView, i: int) -> tuple[int, int]:
    """Token index range of the capitalised run ending at token i."""
    tokens = view.tokens
    j = i
    while j - 1 >= 0:
        prev = tokens[j - 1]
        if prev.possessive or prev.text in {",", ";", ":", "(", ")"}:
            break
        if prev.capitalised or prev.text == "&" or view.mention_at(prev.start):
            if prev.lower in NOT_ENTITY:
                break
            j -= 1
            continue
        break
    return j, i


def subject(view: SentenceView, pos: int) -> Slot:
    """The subject of the verb starting at `pos`: scan back over auxiliaries, dates and asides."""
    tokens = view.tokens
    i = _index_before(tokens, pos)
    pronoun = False
    while i >= 0:
        tok = tokens[i]
        aside = view.in_aside(tok.start)
        if aside:
            i = _index_before(tokens, aside[0])
            continue
        lw = tok.lower
        if tok.text == ",":
            j = i - 1
            while j >= 0 and i - j <= 14 and tokens[j].text != ",":
                j -= 1
            if j >= 0 and tokens[j].text == "," and i - j <= 14:
                i = j - 1  # an appositive the aside pattern missed
                continue
            i -= 1
            continue
        if tok.text in {";", ":", "—", "–", "\"", "“", "”", "(", ")"}:
            break
        if lw in LEGAL and i > 0:  # "Corvane Security, Inc. announced": the suffix belongs to the name
            i -= 2 if i > 1 and tokens[i - 1].text == "," else 1
            continue
        if lw in {"which", "who"} and i > 0 and tokens[i - 1].text == ",":
            i -= 2
            continue
        if lw in {"that", "which", "who"} and i > 0 and tokens[i - 1].lower not in REPORTING:
            first = sentence_subject(view)  # "a studio that will employ 80": the clause's subject does it
            return first if first.kind == "company" else NONE
        mention = view.mention_at(tok.start)
        if mention or (tok.capitalised and lw not in GAP and lw not in NOT_ENTITY and not _DATEISH.match(lw)):
            j, k = _collect_back(view, i)
            return _entity_slot(view, tokens[j].start, tokens[k].end)
        if lw in PRONOUNS:
            pronoun = True
            i -= 1
            continue
        if lw in GAP or _DATEISH.match(lw) or tok.text in {"-", "–"}:
            i -= 1
            continue
        if lw in OWNED_NOUNS and i > 0 and (tokens[i - 1].possessive or view.mention_at(tokens[i - 1].start)):
            j, k = _collect_back(view, i - 1)
            return _entity_slot(view, tokens[j].start, tokens[k].end)  # "Gap's Old Navy brand", "its AWS unit"
        if lw in GENERIC:
            return GENERIC_SLOT
        if lw in COREF_NOUNS or lw.endswith("-based"):
            k = i - 1
            while k >= 0 and i - k <= 4 and tokens[k].lower not in COREF_DETERMINERS:
                k -= 1
            if k >= 0 and tokens[k].lower in COREF_DETERMINERS:
                return Slot("pronoun", text=view.text[tokens[k].start:tok.end])
        break
    return Slot("pronoun") if pronoun else NONE


def objects(view: SentenceView, pos: int, *, max_skip: int = 6, conj: bool = True) -> list[Slot]:
    """The object(s) after `pos`: the first named entity, skipping determiners and adjectives."""
    tokens = view.tokens
    i = _index_after(tokens, pos)
    skipped = 0
    while i < len(tokens) and skipped <= max_skip:
        tok = tokens[i]
        aside = view.in_aside(tok.start)
        if aside and aside[0] >= pos:
            i = _index_after(tokens, aside[1])
            continue
        lw = tok.lower
        mention = view.mention_at(tok.start)
        if mention or (tok.capitalised and lw not in NOT_ENTITY and lw not in SKIP_CAPS
                       and not lw.endswith("-based") and not _DATEISH.match(lw)):
            k = i
            while k + 1 < len(tokens) and not tokens[k].possessive:
                nxt = tokens[k + 1]
                if nxt.capitalised or nxt.text == "&" or view.mention_at(nxt.start):
                    k += 1
                elif nxt.lower in {"of", "and"} and k + 2 < len(tokens) and tokens[k + 2].capitalised \
                        and nxt.lower == "of":
                    k += 2
                else:
                    break
            slot = _entity_slot(view, tok.start, tokens[k].end)
            out = [slot] if slot.kind != "none" else []
            if conj and k + 2 < len(tokens) and tokens[k + 1].lower in {"and", ","}:
                out.extend(objects(view, tokens[k + 1].end, max_skip=1, conj=False))
            return out
        if lw in PRONOUNS and lw in {"it", "them"}:
            return [Slot("pronoun", text=tok.text, start=tok.start, end=tok.end)]
        if lw in STOP_FORWARD or tok.text in {",", ";", ":", "(", ")", "—", "\"", "“", "”"}:
            break
        if lw in COREF_NOUNS and i > 0 and tokens[i - 1].lower in COREF_DETERMINERS:
            return [Slot("pronoun", text=tok.text, start=tok.start, end=tok.end)]
        skipped += 1
        i += 1
    return []


def owner_before(view: SentenceView, pos: int, *, max_skip: int = 4) -> Slot:
    """The company a noun belongs to: "Acme's layoffs", "Acme IPO", "its $30M Series B"."""
    tokens = view.tokens
    i = _index_before(tokens, pos)
    skipped = 0
    while i >= 0 and skipped <= max_skip:
        tok = tokens[i]
        lw = tok.lower
        if view.mention_at(tok.start) or (tok.possessive and tok.capitalised):
            j, k = _collect_back(view, i)
            return _entity_slot(view, tokens[j].start, tokens[k].end)
        if tok.capitalised and lw not in NOT_ENTITY and not _DATEISH.match(lw) and lw not in GAP \
                and not lw.startswith("series"):
            if skipped:
                break
            j, k = _collect_back(view, i)
            return _entity_slot(view, tokens[j].start, tokens[k].end)
        if lw in {"its", "their", "our"}:
            return Slot("pronoun", text=tok.text)
        if tok.text in {",", ";", ":", "(", ")"} or lw in PREPOSITIONS or lw in {"the", "a", "an", "as"}:
            break
        skipped += 1
        i -= 1
    return NONE


def owner_after(view: SentenceView, pos: int) -> Slot:
    """The company after a noun: "layoffs at Acme", "the IPO of Acme", "bankruptcy of Acme"."""
    tokens = view.tokens
    i = _index_after(tokens, pos)
    if i < len(tokens) and tokens[i].lower in {"at", "of", "by", "for", "from", "in", "hit", "hits", "strike",
                                                "strikes", "rock", "rocks", "roil", "roils", "loom", "looms"}:
        found = objects(view, tokens[i].end, max_skip=3, conj=False)
        return found[0] if found else NONE
    return NONE


_OPENERS = _words("""on in at after before following meanwhile today yesterday separately earlier later last this
also additionally however still now elsewhere then first second finally overall""")


def sentence_subject(view: SentenceView) -> Slot:
    """The named entity that opens the main clause (a fallback when the clause scan found nothing)."""
    tokens = view.tokens
    i = 0
    if tokens and tokens[0].lower in _OPENERS:  # "On Tuesday, Acme ..."
        comma = next((k for k, t in enumerate(tokens[:7]) if t.text == ","), None)
        i = comma + 1 if comma is not None else 1
    while i < len(tokens) and view.in_aside(tokens[i].start):
        i += 1
    if i >= len(tokens):
        return NONE
    tok = tokens[i]
    lw = tok.lower
    if not (view.mention_at(tok.start) or (tok.capitalised and lw not in NOT_ENTITY and lw not in GAP
                                           and not _DATEISH.match(lw))):
        return NONE
    k = i
    while k + 1 < len(tokens) and (tokens[k + 1].capitalised or view.mention_at(tokens[k + 1].start)) \
            and not tokens[k].possessive and tokens[k + 1].lower not in GAP:
        k += 1
    if tokens[k].possessive:
        return NONE  # "Acme's team ..." opens with an owner, not a doer
    if k + 1 < len(tokens) and tokens[k + 1].lower in GENERIC and not view.mention_at(tok.start):
        return NONE  # "Technology companies cut jobs": a kind of company, not one
    return _entity_slot(view, tok.start, tokens[k].end, weak=True)
