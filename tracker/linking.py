"""Company linking: which watchlist companies a text is about, with a confidence for each.

One Aho-Corasick automaton (pyahocorasick) holds every name, alias, short form, ticker and domain of the
watchlist; it is built once per watchlist and scans a lower-cased copy of the text in one pass. Each hit is
then judged in its context: word boundaries, capitalisation, legal suffixes, tickers, links to the company's
domain, its industry words, titles such as "CEO of", and words that make it part of a longer, different name.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import ahocorasick
from cleanco import basename
from cleanco.clean import prepare_default_terms

from tracker.linking_words import (
    COMMON_WORDS,
    COMPANY_CUES_BEFORE,
    LEGAL_SUFFIXES,
    NAME_FOLLOWERS,
    NOT_A_NAME,
    ORG_NOUNS,
)

if TYPE_CHECKING:
    from sqlmodel import Session

    from tracker.models import Company

LINK_THRESHOLD = 0.5  # a mention below this confidence is not a link

_EXCHANGES = (r"NYSE(?:\s?American|\s?Arca)?|NASDAQ|Nasdaq|AMEX|LSE|LON|TSX|TSXV|ASX|ETR|XETRA|FRA|EPA|"
              r"Euronext|SIX|TYO|TSE|HKEX|HKG|SGX|NSE|BSE|KRX|OTC(?:QX|QB)?|CVE|BIT|BME|STO|OSL|CPH|HEL")
_TICKER_CONTEXT = re.compile(rf"(?:\b(?:{_EXCHANGES})\s?:\s?|\$)$")
_TICKER_AFTER = re.compile(rf"^\s*\(\s*(?:(?P<ex>{_EXCHANGES})\s?:\s?)?(?P<sym>[A-Z][A-Z0-9.\-]{{0,7}})\s*\)")
_WORD = re.compile(r"[A-Za-z][\w&.'’-]*")
_SUFFIX_AFTER = re.compile(r"^,?\s+(?P<w>[A-Za-z]+)\b\.?")
_ROLE_BEFORE = re.compile(
    r"(?:\b(?:ceo|cfo|cto|coo|chief [a-z]+ officer|chief executive|founder|co-?founder|president|chairman|"
    r"chairwoman|spokes(?:person|man|woman)|head|director|vp|vice president|employees?|engineers?|staff|"
    r"executives?|shareholders|investors|shares)\s+(?:of|at)\s+)$", re.I)
_CUE_AFTER = re.compile(
    r"^(?:'s|’s)?[\s,]+(?:\(\s*)?(?:(?:and|&)\s+(?-i:[A-Z])[\w.&-]*(?:\s+(?-i:[A-Z])[\w.&-]*)?\s+)?"
    r"(?:(?:is|was|has|have|had|will|would|in|early|advanced|late-stage|talks|to|also|"
    r"now|reportedly|said|says|on|monday|tuesday|wednesday|thursday|friday|it|plans?|agreed|no|not|does|did|"
    r"expects?|could|may|might|intends?|set|just|officially|quietly|finally)\s+){0,5}"
    r"(?:acquir|buy|bought|rais|secur|land|launch|unveil|introduc|releas|debut|roll|ship|hir|appoint|nam|tap|"
    r"promot|cut|lay|laid|slash|shed|eliminat|furlough|open|expand|enter|build|built|invest|file|shut|clos|"
    r"partner|sign|ink|win|won|post|report|announc|confirm|den|agree|plan|said|say|sell|sold|merg|list|float|"
    r"reorganiz|reorganis|restructur|freez|froze|paus|halt|complet|beat|miss|warn|forecast|fined|recall|settl|"
    r"add|creat|doubl|pric|go public|went public|ipo|spun|spin|unveil|told|tell|stak|back|fund|rank|honou?r|"
    r"recogni[sz]|award|select|includ|featur|crown|shortlist|preview|employ)"
    r"(?:e|es|ed|d|s|ing|ies|ied|ned|ped|ted|ged)?\b", re.I)
_COMPANY_NOUN_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:Inc|Corp|Ltd|LLC|plc|veteran|alum|alumni|alumnus|execs?|executives?|engineers?|employees?|"
    r"staff|spokes(?:person|man|woman)|insiders?|unit|division|subsidiary|arm|brand|platform|apps?|users|"
    r"customers|subscribers|outage|earnings|revenue|sales|results|shares|stock|board|headquarters|campus|"
    r"CEO|CFO|CTO|COO|chief|founder|co-founder|president|chairman|warehouses?|factory|factories|plants?|"
    r"stores?|offices?|site|facility|data cent(?:er|re)s?)\b", re.I)
_POSSESSIVE_CUE = re.compile(
    r"^(?:'s|’s)\s+(?:new |latest |own |first |planned |proposed )?(?:[\w-]+\s+)?(?:headset|phones?|devices?|"
    r"software|chips?|cars?|trucks?|vehicles?|products?|services?|apps?|platform|plans?|deal|acquisition|bid|"
    r"offer|results|earnings|revenue|profit|sales|customers|users|employees|workers|staff|valuation|ipo|"
    r"listing|layoffs|strategy|shares|stock|ceo|chief|founder|board)\b", re.I)
_CONJUNCTION = re.compile(r"^\s*(?:,|and|&|or|, and|vs\.?|versus)\s*$")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|\n\s*|[\"“(]\s*)$")
_HOST = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?(?:[^/@]*@)?([^/:?#]+)", re.I)


@dataclass(frozen=True)
class CompanyRef:
    """What the matcher needs to know about a watchlist company."""

    id: int | None
    name: str
    aliases: tuple[str, ...] = ()
    domain: str | None = None
    tickers: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()

    @classmethod
    def from_company(cls, company: Company) -> CompanyRef:
        """A reference built from a Company row."""
        return cls(id=company.id, name=company.name, aliases=tuple(company.aliases or ()),
                   domain=company.domain, tickers=tuple(company.tickers or ()),
                   keywords=tuple(company.keywords or ()))


@dataclass(frozen=True)
class Mention:
    """A company named in a text: the confidence that it is meant, and where (character offsets)."""

    company: CompanyRef
    confidence: float
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class _Surface:
    index: int  # position of the company in the matcher's list
    text: str  # as written in the watchlist
    kind: str  # name, alias, short, ticker, domain
    common: bool  # every word is an ordinary English word
    needs_case: bool  # must appear with the watchlist's capitalisation


# Last words of legal suffixes ("ltd", "inc", "kg"...): cleanco is only asked about names ending in one.
_SUFFIX_TAILS = frozenset(words[-1] for _, words in prepare_default_terms())
_STRIP = ",.;:()'’\" "
_PREV_WORD = re.compile(r"([A-Za-z-]+)\s+(?:the\s+)?$")


def _base_name(name: str) -> str:
    """The name without a legal suffix ("Meridian Geo Ltd" -> "Meridian Geo"); quick when there is none."""
    words = name.split()
    if len(words) < 2 or words[-1].lower().strip(_STRIP) not in _SUFFIX_TAILS:
        return name
    return basename(name).strip(" ,.-")


def document_text(title: str, text: str) -> str:
    """The one text that mention spans refer to: the title, a blank line, the body."""
    return f"{title}\n\n{text}" if title else text


def _is_common(surface: str) -> bool:
    words = [w for w in re.split(r"[\s&+-]+", surface.lower()) if w]
    return bool(words) and all(w in COMMON_WORDS or w in {"and", "the", "of"} for w in words)


def _surfaces(company: CompanyRef) -> list[tuple[str, str]]:
    """Every (surface, kind) a company may be written as."""
    out: list[tuple[str, str]] = []
    for kind, names in (("name", (company.name,)), ("alias", company.aliases)):
        for name in names:
            name = name.strip()
            if not name:
                continue
            out.append((name, kind))
            base = _base_name(name)
            if base and base != name and len(base) >= 2:
                out.append((base, kind))
    for ticker in company.tickers:
        symbol = ticker.split(":")[-1].strip()
        if symbol:
            out.append((symbol, "ticker"))
    if company.domain:
        out.append((company.domain.lower(), "domain"))
    # "Orbital Lens Imaging ... Orbital said": a first word stands for the company once the full name appeared.
    full = {s for s, k in out if k in {"name", "alias"}}
    for name in list(full):
        first = name.split()[0].strip(",.")
        if len(name.split()) > 1 and len(first) >= 4 and not any(f.lower() == first.lower() for f in full):
            out.append((first, "short"))
    return out


@functools.lru_cache(maxsize=20000)
def surface_forms(company: CompanyRef) -> frozenset[str]:
    """Every lower-cased way the matcher may find `company` written."""
    return frozenset(surface.lower() for surface, _ in _surfaces(company))


def _host(url: str) -> str:
    m = _HOST.match(url.strip())
    host = (m.group(1) if m else "").lower()
    return host[4:] if host.startswith("www.") else host


class CompanyMatcher:
    """Finds watchlist companies in text with one Aho-Corasick pass and judges each hit in context."""

    def __init__(self, companies: Iterable[CompanyRef]) -> None:
        self.companies: list[CompanyRef] = list(companies)
        self._automaton = ahocorasick.Automaton()
        self._keywords: list[tuple[str, ...]] = []
        staged: dict[str, list[_Surface]] = {}
        for index, company in enumerate(self.companies):
            self._keywords.append(tuple(k.lower() for k in company.keywords if k.strip()))
            seen: set[str] = set()
            for surface, kind in _surfaces(company):
                key = surface.lower()
                if key in seen or len(key) < 2:
                    continue
                seen.add(key)
                common = kind not in {"ticker", "domain"} and _is_common(surface)
                needs_case = kind == "ticker" or common or len(surface) <= 3 or (
                    surface.isupper() and len(surface) <= 5)
                staged.setdefault(key, []).append(_Surface(index, surface, kind, common, needs_case))
        for key, surfaces in staged.items():
            self._automaton.add_word(key, tuple(surfaces))
        if staged:
            self._automaton.make_automaton()
        self._empty = not staged

    def find(self, text: str, *, links: Sequence[str] = ()) -> list[Mention]:
        """Watchlist companies named in `text`, most confident first (only those at or above LINK_THRESHOLD)."""
        if self._empty or not text:
            return []
        lower = text.lower()
        if len(lower) != len(text):  # a few characters change length when lower-cased; keep offsets aligned
            lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        hits = self._hits(text, lower)
        if not hits:
            return []
        hosts = {_host(u) for u in links if u}
        self._doc_evidence: dict[int, bool] = {}
        best: dict[int, float] = {}
        spans: dict[int, list[tuple[int, int]]] = {}
        shorts: list[tuple[int, int, _Surface]] = []
        doubtful: list[tuple[int, int, _Surface]] = []
        for start, end, surface in hits:
            if surface.kind == "short":
                shorts.append((start, end, surface))
                continue
            score = self._score(text, lower, start, end, surface, hosts)
            if 0.25 <= score < LINK_THRESHOLD:
                doubtful.append((start, end, surface))
            if score < 0.4:
                continue
            best[surface.index] = max(best.get(surface.index, 0.0), score)
            spans.setdefault(surface.index, []).append((start, end))
        firm = sorted(span for i, found in spans.items() if best[i] >= LINK_THRESHOLD for span in found)
        for start, end, surface in doubtful:  # "Shopify and Stripe": a name listed with a company is one too
            if best.get(surface.index, 0.0) < LINK_THRESHOLD and any(
                    _CONJUNCTION.match(text[e:start]) or _CONJUNCTION.match(text[end:s]) for s, e in firm):
                best[surface.index] = max(best.get(surface.index, 0.0), 0.6)
                spans.setdefault(surface.index, []).append((start, end))
        for start, end, surface in shorts:  # short forms only count once the company is firmly named
            if best.get(surface.index, 0.0) >= LINK_THRESHOLD and text[start:end] == surface.text:
                spans[surface.index].append((start, end))
        mentions = [Mention(self.companies[i], round(min(score, 0.99), 2), tuple(sorted(spans[i])))
                    for i, score in best.items() if score >= LINK_THRESHOLD]
        mentions.sort(key=lambda m: (-m.confidence, m.spans[0]))
        return mentions

    def _hits(self, text: str, lower: str) -> list[tuple[int, int, _Surface]]:
        """Word-bounded automaton hits; where hits overlap, the longest wins."""
        raw: list[tuple[int, int, tuple[_Surface, ...]]] = []
        n = len(text)
        for end_index, surfaces in self._automaton.iter(lower):
            end = end_index + 1
            start = end - len(surfaces[0].text)
            if start > 0 and (lower[start - 1].isalnum() or lower[start - 1] == "_"):
                continue
            if end < n and (lower[end].isalnum() or lower[end] == "_"):
                continue
            if (start > 0 and lower[start - 1] in "@/" or end < n and lower[end] == "@") and \
                    surfaces[0].kind != "domain":
                continue  # e-mail addresses and URL paths are not mentions (a company domain is)
            raw.append((start, end, surfaces))
        raw.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int]] = []
        out: list[tuple[int, int, _Surface]] = []
        for start, end, surfaces in raw:
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            for surface in surfaces:
                out.append((start, end, surface))
        out.sort(key=lambda h: h[0])
        return out

    def _score(self, text: str, lower: str, start: int, end: int, surface: _Surface, hosts: set[str]) -> float:
        """Confidence that this hit means the company (0 when it certainly does not)."""
        company = self.companies[surface.index]
        written = text[start:end]
        exact = written == surface.text
        shouted = written.isupper() and not surface.text.isupper() and len(written) > 3
        before = text[max(0, start - 60):start]
        after = text[end:end + 60]
        if surface.kind == "domain":
            return 0.95
        if surface.kind == "ticker":
            if not exact:
                return 0.0
            if _TICKER_CONTEXT.search(before[-12:]):
                return 0.97  # NASDAQ:WORK, $WORK
            return 0.9 if before.rstrip().endswith("(") and after.lstrip().startswith(")") else 0.0
        if surface.needs_case and not (exact or shouted):
            return 0.0
        explicit = _TICKER_AFTER.match(after)
        if explicit and company.tickers:
            symbols = {t.split(":")[-1].strip().upper() for t in company.tickers}
            if explicit.group("sym") not in symbols:
                return 0.0  # "Apple Hospitality REIT (NYSE: APLE)" is not Apple Inc.
        if self._continues(text, start, end, surface):
            return 0.0 if surface.common else 0.3
        strong, weak = self._context(text, lower, start, end, surface, hosts, before, after, explicit is not None)
        at_start = bool(_SENTENCE_START.search(before)) or start == 0
        if surface.common:
            if self._preceded_by_name(before) and not strong:
                return 0.0  # "Times Square", "Ken Block"
            if len(surface.text.split()) > 1:
                base = 0.85 if exact else 0.6
            else:
                base = 0.3 if at_start else 0.4
            score = base + (0.55 if strong else 0.0) + (0.3 if weak else 0.0)
        else:
            score = (0.9 if exact else 0.7 if shouted or written[:1].isupper() else 0.55)
            score += 0.08 if strong else 0.04 if weak else 0.0
        return score * (0.85 if surface.kind == "alias" and surface.needs_case and not strong else 1.0)

    def _continues(self, text: str, start: int, end: int, surface: _Surface) -> bool:
        """True when the hit is the start of a longer name ("Apple Hospitality", "Amazon River")."""
        m = _SUFFIX_AFTER.match(text[end:end + 40])
        if not m or text[end:end + 1] in {"'", "’", "-", ","}:
            return False
        word = m.group("w")
        key = word.lower()
        if not word[:1].isupper() or key in NAME_FOLLOWERS or key in LEGAL_SUFFIXES:
            return False
        if key in ORG_NOUNS:
            return True
        return surface.common and not word.isupper()

    @staticmethod
    def _preceded_by_name(before: str) -> bool:
        m = re.search(r"([A-Z][a-z]+)[ \t]+$", before)
        if not m or m.group(1).lower() in NOT_A_NAME or m.group(1).lower() in COMPANY_CUES_BEFORE:
            return False
        return not _SENTENCE_START.search(before[:m.start()])

    def _context(self, text: str, lower: str, start: int, end: int, surface: _Surface, hosts: set[str],
                 before: str, after: str, ticker_after: bool) -> tuple[bool, bool]:
        """(strong, weak) evidence that the hit is used as the company."""
        company = self.companies[surface.index]
        suffix = _SUFFIX_AFTER.match(after)
        strong = ticker_after or bool(suffix and suffix.group("w").lower() in LEGAL_SUFFIXES
                                      and suffix.group("w")[0].isupper())
        strong = strong or bool(_ROLE_BEFORE.search(before))
        if not strong:
            evidence = self._doc_evidence.get(surface.index)
            if evidence is None:
                evidence = self._doc_evidence[surface.index] = self._evidence(company, surface.index, text, lower,
                                                                               hosts)
            strong = evidence
        weak = bool(_CUE_AFTER.match(after) or _COMPANY_NOUN_AFTER.match(after) or _POSSESSIVE_CUE.match(after))
        if not weak:
            prev = _PREV_WORD.search(before)
            weak = bool(prev and prev.group(1).lower() in COMPANY_CUES_BEFORE)
        return strong, weak

    def _evidence(self, company: CompanyRef, index: int, text: str, lower: str, hosts: set[str]) -> bool:
        """Whether the whole text confirms the company: its domain, ticker or industry words."""
        if company.domain:
            domain = company.domain.lower()
            if any(h == domain or h.endswith("." + domain) for h in hosts) or domain in lower:
                return True
        for ticker in company.tickers:
            symbol = ticker.split(":")[-1].strip()
            if symbol and symbol in text and re.search(
                    rf"(?:\b(?:{_EXCHANGES})\s?:\s?|\$|\(){re.escape(symbol)}\b", text):
                return True
        return any(k in lower and re.search(rf"\b{re.escape(k)}", lower) for k in self._keywords[index])


def load_matcher(*, session: Session) -> CompanyMatcher:
    """A matcher over every company in the Company table."""
    from sqlmodel import select

    from tracker.models import Company

    return CompanyMatcher(CompanyRef.from_company(c) for c in session.exec(select(Company)).all())
