"""Cheap text handling for detection: sentences, tokens, asides, and whether an event is rumoured or denied."""

from __future__ import annotations

import re
from typing import NamedTuple

_BOUNDARY = re.compile(r"(?P<p>[.!?]+[\"”’)\]]*)\s+(?=[\"“‘(\[]?[A-Z0-9$€£])|\n[ \t]*\n\s*|"
                       r"\n(?=[ \t]*(?:[-*•]|[A-Z]))")
_ABBREVIATIONS = frozenset("""inc corp co ltd mr mrs ms dr st jr sr vs no u.s u.k e.g i.e etc approx dept est fig
gov jan feb mar apr jun jul aug sep sept oct nov dec mt ft n.v s.a p.m a.m calif mass wash conn penn fla
ariz colo gen col lt sgt rep sen gov prof rev bros""".split())
_LAST_WORD = re.compile(r"([\w.]+)$")
_TOKEN = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|[\w$€£¥₹]+(?:[.'’&-][\w$€£¥₹]+)*\.?|[,;:()\"“”—–]")
_ASIDE = re.compile(
    r",\s*(?:(?:a|an|the|which|who|whose|backed by|led by|owned by|founded|formerly|best known|known|based|"
    r"headquartered|maker|one|its|part|previously|now|itself|also|along with|together with|alongside|"
    r"including|like|such as|whose|home to|parent of|a unit of|a subsidiary of|spun out|created|launched in|"
    r"valued|worth)\b[^,;]{0,140}?|[A-Z][\w'’.-]*(?:'s|’s)\s[^,;]{0,80}?)(?=,)"
    r"|\([^()]{0,120}\)|\s[—–]\s[^—–]{0,140}?\s[—–](?=\s)")
_DENIED = re.compile(
    r"\b(?:den(?:y|ies|ied|ying)|dismiss(?:es|ed)? (?:reports?|rumou?rs?|speculation)|rejects? (?:reports?|"
    r"speculation|claims?)|refut(?:es|ed)|no plans? to|not planning to|(?:has|have) no intention|"
    r"not in talks|no truth|categorically|false (?:reports?|rumou?rs?)|shot down (?:reports?|rumou?rs?)|"
    r"(?:is|are|was) not (?:planning|considering|going) to|will not|won't|does not plan|did not)\b", re.I)
_RUMOUR = re.compile(
    r"\b(?:in (?:advanced |early |exclusive |preliminary |final |late-stage )?(?:talks|discussions|"
    r"negotiations)|reportedly|(?:is|are|was|were) said to|according to (?:people|sources|persons|a person|"
    r"two people|three people|a source|media reports|reports?|a report)|people familiar|person familiar|"
    r"sources (?:said|say|told)|familiar with the (?:matter|plans|talks|situation)|rumou?r(?:s|ed)?|"
    r"consider(?:s|ing)|explor(?:es|ing)|weigh(?:s|ing)|mull(?:s|ing)|may|might|could|eyes|eyeing|eying|"
    r"speculat\w+|report(?:s|ed)? that|(?:a |the )?reports? (?:by|from|in)|is seeking buyers|"
    r"sale process|approached|takeover interest|looking at (?:a )?(?:sale|deal)|(?:a |possible |potential )"
    r"(?:sale|deal|bid|offer|merger|acquisition|listing|IPO)|would consider|sounding out)\b", re.I)
_TITLE_RUMOUR = re.compile(r"(?:[-–—:|]\s*(?:report|sources|source|WSJ|Bloomberg|Reuters|FT)\s*$|"
                           r"\b(?:report says|sources say|report)\s*$)", re.I)


class Token(NamedTuple):
    """A word or punctuation mark with its offsets in the sentence."""

    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        """The token in lower case, without a trailing full stop or possessive."""
        t = self.text.lower().rstrip(".")
        return t[:-2] if t.endswith(("'s", "’s")) else t

    @property
    def capitalised(self) -> bool:
        """True for words that start with a capital letter or digit-free all-caps acronyms."""
        return self.text[:1].isupper()

    @property
    def possessive(self) -> bool:
        """True for "Acme's"."""
        return self.text.endswith(("'s", "’s"))


def _add_span(spans: list[tuple[int, int]], text: str, start: int, end: int, offset: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((offset + start, offset + end))


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in `text`, shifted by `offset`; cheap and abbreviation-aware."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        punct = m.group("p")
        if punct is None:
            end = m.start()
        else:
            if punct[0] == ".":
                word = _LAST_WORD.search(text, max(start, m.start() - 24), m.start())
                before = word.group(1).lower().rstrip(".") if word else ""
                if before in _ABBREVIATIONS or (len(before) == 1 and before.isalpha()):
                    continue  # "Acme Inc. said", "J. Smith"
            end = m.start() + len(punct)
        _add_span(spans, text, start, end, offset)
        start = m.end()
    _add_span(spans, text, start, len(text), offset)
    return spans


def tokenize(sentence: str) -> list[Token]:
    """Words (keeping "Acme's", "U.S.", "1,200", "$30M" whole) and punctuation marks."""
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(sentence)]


def aside_spans(sentence: str) -> list[tuple[int, int, bool]]:
    """Asides off the main clause (", backed by Globex,", "(NASDAQ: ACME)"): start, end, is a relative clause."""
    out = []
    for m in _ASIDE.finditer(sentence):
        head = sentence[m.start():m.start() + 12].lstrip(",( ").lower()
        out.append((m.start(), m.end(), head.startswith(("which ", "who ", "whose "))))
    return out


def status_near(sentence: str, start: int, end: int) -> str:
    """'denied', 'rumour' or 'confirmed' for the event whose trigger spans [start, end) of `sentence`."""
    window = sentence[max(0, start - 90):min(len(sentence), end + 60)]
    if _DENIED.search(window):
        return "denied"
    if _RUMOUR.search(window):
        return "rumour"
    return "confirmed"


def title_is_rumour(title: str) -> bool:
    """True for headlines that only report what others say ("Acme to buy Initech - sources")."""
    return bool(_TITLE_RUMOUR.search(title.strip()))
