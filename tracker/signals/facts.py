"""Facts in a sentence: money with currency and round, headcounts, percentages, places, people and titles."""

from __future__ import annotations

import re
from dataclasses import dataclass

_MULTIPLIERS = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "mm": 1e6, "mio": 1e6,
    "billion": 1e9, "bln": 1e9, "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12,
}
_PREFIX_CURRENCY = {
    "us$": "USD", "usd": "USD", "$": "USD", "a$": "AUD", "au$": "AUD", "aud": "AUD", "c$": "CAD", "ca$": "CAD",
    "cad": "CAD", "nz$": "NZD", "nzd": "NZD", "hk$": "HKD", "hkd": "HKD", "s$": "SGD", "sgd": "SGD",
    "r$": "BRL", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP", "¥": "JPY", "jpy": "JPY", "₹": "INR",
    "inr": "INR", "rs": "INR", "rs.": "INR", "chf": "CHF", "sek": "SEK", "nok": "NOK", "dkk": "DKK",
    "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "kr": "SEK",
}
_SUFFIX_CURRENCY = {
    "dollars": "USD", "dollar": "USD", "dlrs": "USD", "dlr": "USD", "usd": "USD", "euros": "EUR", "euro": "EUR",
    "eur": "EUR", "pounds": "GBP", "pound": "GBP", "sterling": "GBP", "stg": "GBP", "gbp": "GBP", "yen": "JPY",
    "jpy": "JPY", "yuan": "CNY", "renminbi": "CNY", "francs": "CHF", "swiss francs": "CHF", "chf": "CHF",
    "crowns": "SEK", "kronor": "SEK", "krona": "SEK", "sek": "SEK", "rupees": "INR", "inr": "INR",
    "australian dollars": "AUD", "aud": "AUD", "canadian dollars": "CAD", "cad": "CAD",
    "norwegian crowns": "NOK", "norwegian kroner": "NOK", "nok": "NOK", "danish crowns": "DKK",
    "danish kroner": "DKK", "dkk": "DKK", "swedish crowns": "SEK", "swedish kronor": "SEK",
}
_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "AUD": "A$", "CAD": "C$", "INR": "₹"}

_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_MULT = r"(?:[\s-]?(?P<mult>trillion|billion|million|thousand|mln|bln|mio|mn|bn|tn|mm|m|b|k)\b)?"
_MONEY_PREFIX = re.compile(
    r"(?<![\w$])(?P<cur>US\$|AU\$|NZ\$|HK\$|CA\$|A\$|C\$|S\$|R\$|\$|€|£|¥|₹|"
    r"(?:USD|EUR|GBP|AUD|CAD|NZD|HKD|SGD|JPY|INR|CHF|SEK|NOK|DKK|CNY|RMB|Rs\.?)\s?)\s?" + _NUM + _MULT, re.I)
_MONEY_SUFFIX = re.compile(
    _NUM + _MULT + r"\s+(?P<cur>australian dollars|canadian dollars|swiss francs|(?:norwegian|danish|swedish) "
    r"(?:crowns|kroner|kronor)|nok|dkk|dollars?|dlrs?|usd|euros?|"
    r"eur|pounds?(?: sterling)?|sterling|stg|gbp|yen|jpy|yuan|renminbi|francs|chf|crowns|kronor|krona|sek|"
    r"rupees|inr|aud|cad)\b", re.I)
_ROUND = re.compile(
    r"\b(?P<r>pre-?seed|seed(?:[\s-]stage)?|pre-series\s+[a-h]|series\s+[a-h](?:\d|\+)?(?:\s+extension)?|"
    r"bridge|growth(?:\s+equity)?|venture\s+debt|debt|credit\s+facility|grant|convertible\s+notes?|"
    r"mezzanine|crowdfunding|angel)\b(?:\s+(?:round|funding|financing|investment|facility|stage))?", re.I)
_PEOPLE_NOUNS = (r"jobs|employees|workers|staff(?:ers)?|positions|roles|people|engineers|developers|"
                 r"researchers|scientists|salespeople|technicians|nurses|drivers|agents|contractors|posts|"
                 r"hires|recruits|graduates|interns|associates|team members|workforce|crew|pilots|teachers|"
                 r"designers|writers|analysts|consultants|specialists|operators|miners|apprentices|clinicians|"
                 r"doctors|advisers|advisors|bankers|reporters|journalists|managers|coders|programmers|machinists")
_HEADCOUNT = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s?(?:k|thousand))?)\s+(?:[a-zA-Z-]+\s+){0,3}?"
    rf"(?:{_PEOPLE_NOUNS})\b", re.I)
_WORD_NUMBERS = {
    "a dozen": 12, "dozens of": 24, "two dozen": 24, "a hundred": 100, "one hundred": 100, "hundreds of": 200,
    "a thousand": 1000, "one thousand": 1000, "thousands of": 2000, "ten": 10, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
_WORD_HEADCOUNT = re.compile(
    r"\b(?P<w>" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")\s+(?:[a-zA-Z-]+\s+){0,2}?"
    rf"(?:{_PEOPLE_NOUNS})\b", re.I)
_PERCENT = re.compile(r"(?P<num>\d+(?:\.\d+)?)\s?(?:%|per\s?cent\b|pct\b)", re.I)
_WORKFORCE = re.compile(r"^\s*(?:of\s+)?(?:(?:its|the|their|his|her|our|global|total|company's|corporate|"
                        r"entire|current|\w+'s)\s+){0,3}(?:workforce|staff|employees|headcount|jobs|"
                        r"personnel|employee base|work force|team|roles|positions)", re.I)
_FRACTIONS = re.compile(r"\b(?P<f>a third|one third|a quarter|one quarter|half|a fifth|one fifth|a tenth|"
                        r"one tenth|two thirds)\s+of\s+(?:its|the|their)\s+(?:\w+\s+)?(?:workforce|staff|"
                        r"employees|headcount|jobs|personnel)", re.I)
_FRACTION_VALUES = {"a third": 33.3, "one third": 33.3, "a quarter": 25.0, "one quarter": 25.0, "half": 50.0,
                    "a fifth": 20.0, "one fifth": 20.0, "a tenth": 10.0, "one tenth": 10.0, "two thirds": 66.7}
_PLACE_WORD = r"(?:[A-Z][\w.'’-]*[\w.]|[A-Z])"
_PLACE = re.compile(
    r"\b(?:in|into|to|across|throughout|at)\s+(?:the\s+)?(?:city\s+of\s+|(?:new\s+)?markets?\s+of\s+)?"
    rf"(?P<place>{_PLACE_WORD}(?:\s+(?:{_PLACE_WORD}|of|de|do|da|del|la|el|upon|on)){{0,3}}"
    rf"(?:,\s+{_PLACE_WORD}(?:\s+{_PLACE_WORD})?)?)")
_DEMONYM_MARKET = re.compile(
    r"\b(?P<adj>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)\s+(?:market|operations|subsidiary)\b")
_DEMONYMS = {
    "American": "United States", "US": "United States", "U.S.": "United States", "British": "United Kingdom",
    "UK": "United Kingdom", "German": "Germany", "French": "France", "Spanish": "Spain", "Italian": "Italy",
    "Dutch": "Netherlands", "Japanese": "Japan", "Chinese": "China", "Indian": "India", "Brazilian": "Brazil",
    "Mexican": "Mexico", "Canadian": "Canada", "Australian": "Australia", "Korean": "South Korea",
    "South Korean": "South Korea", "Irish": "Ireland", "Polish": "Poland", "Swedish": "Sweden",
    "Norwegian": "Norway", "Danish": "Denmark", "Finnish": "Finland", "Swiss": "Switzerland",
    "Singaporean": "Singapore", "Indonesian": "Indonesia", "Vietnamese": "Vietnam", "Nigerian": "Nigeria",
    "Kenyan": "Kenya", "Egyptian": "Egypt", "Saudi": "Saudi Arabia", "Emirati": "United Arab Emirates",
    "Israeli": "Israel", "Turkish": "Turkey", "Portuguese": "Portugal", "Austrian": "Austria",
    "Belgian": "Belgium", "Argentine": "Argentina", "Chilean": "Chile", "Colombian": "Colombia",
    "European": "Europe", "Asian": "Asia", "African": "Africa", "Latin American": "Latin America",
    "Nordic": "Nordics", "Middle Eastern": "Middle East", "New Zealand": "New Zealand",
}
_NOT_PLACE = frozenset("""The A An Its Series Q1 Q2 Q3 Q4 January February March April May June July August
September October November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday CEO Chief
It This That Their His Her Our""".split())

_TITLE_CORE = (
    r"(?:chief\s+[a-z]+(?:\s+[a-z]+)?\s+officer|chief\s+executive|CEO|CFO|CTO|COO|CMO|CIO|CISO|CPO|CRO|CHRO|"
    r"CDO|CCO|president|chair(?:man|woman|person)?|(?:senior\s+|executive\s+)?vice[\s-]president|[SE]?VP|"
    r"head(?=\s+of\b)|general\s+manager|managing\s+director|(?:managing\s+)?partner|director|founder|"
    r"co-?founder|board\s+member|board\s+of\s+directors|general\s+counsel|treasurer|country\s+manager|"
    r"(?:engineering|product|sales|team|tech|technical)\s+lead)")
_TITLE = re.compile(
    r"\b(?P<title>(?:(?:interim|acting|deputy|executive|global|group|senior|new|first|former|co-)[\s-]+)*"
    + _TITLE_CORE + r"(?:\s+(?:of|for)\s+(?:(?:global|international|north\s+american?|emea|apac|the)\s+)?"
    r"[A-Za-z&-]+(?:\s+(?:and|&)\s+[A-Za-z-]+)?)?(?:\s+and\s+(?:CEO|president|chair(?:man)?|CFO|COO))?)\b",
    re.I)
_PERSON = re.compile(
    r"\b(?P<person>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z]\.)?(?:\s+(?:van|von|de|da|di|del|der|le|la|al|"
    r"bin|ben|dos|du|st\.?)){0,2}\s+(?:O'|Mc|Mac)?[A-Z][a-zA-Z'’]+(?:-[A-Z][a-z]+)?)\b")
_NOT_PERSON_WORDS = frozenset("""The A An Chief Executive Officer President Vice Senior Global Head General
Manager Managing Director Board Group Inc Corp Ltd LLC Plc Company Monday Tuesday Wednesday Thursday Friday
Saturday Sunday January February March April May June July August September October November December New
York San Los Las North South East West United States Kingdom Series Capital Partners Ventures Technologies
Labs Systems Analytics Holdings Bank University Street Former Interim Acting Deputy Co Chairman Founder
Financial Technology Operating Marketing Information Security Product Revenue People Human Resources Sales
Engineering Data Digital Science Research Strategy Growth Europe America Asia Africa Americas EMEA APAC
According Shares Read More Photo Image Credit Reporting Editing Writing In On At For With By From As After
Its It This That Following Under Over Amid Also""".split())


@dataclass(frozen=True)
class Money:
    """An amount of money as written and as a number in a currency."""

    amount: float
    currency: str
    text: str
    start: int
    end: int

    def display(self) -> str:
        """A short form such as '$20M', '€5M' or '¥3B'."""
        symbol = _SYMBOLS.get(self.currency, self.currency + " ")
        for size, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")):
            if self.amount >= size:
                value = self.amount / size
                number = f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"
                return f"{symbol}{number}{unit}"
        return f"{symbol}{self.amount:,.0f}"


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def find_money(text: str) -> list[Money]:
    """Every amount of money in `text` ("$20 million", "EUR 5m", "A$12.5m", "20 mln dlrs"), in order."""
    found: list[Money] = []
    taken: list[tuple[int, int]] = []
    for pattern, currencies in ((_MONEY_SUFFIX, _SUFFIX_CURRENCY), (_MONEY_PREFIX, _PREFIX_CURRENCY)):
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            cur_text = re.sub(r"\s+", " ", m.group("cur").strip().lower())
            currency = currencies.get(cur_text) or currencies.get(cur_text.split()[-1])
            mult_text = (m.group("mult") or "").lower()
            if not currency:
                continue
            amount = _number(m.group("num")) * _MULTIPLIERS.get(mult_text, 1.0)
            if pattern is _MONEY_PREFIX and not mult_text and "," not in m.group("num") and amount < 1000:
                continue  # "$5" in running text is rarely a deal value; "$5 million" and "$250,000" are
            taken.append((m.start(), m.end()))
            found.append(Money(amount, currency, m.group(0).strip(), m.start(), m.end()))
    return sorted(found, key=lambda x: x.start)


def find_round(text: str) -> str | None:
    """The financing round named in `text` ("Series B", "Seed", "Debt", "Grant"), if any."""
    m = _ROUND.search(text)
    if not m:
        return None
    r = re.sub(r"\s+", " ", m.group("r")).strip()
    series = re.match(r"(pre-)?series ([a-h])(\d|\+)?( extension)?", r, re.I)
    if series:
        pre, letter, extra, ext = series.groups()
        return f"{'Pre-' if pre else ''}Series {letter.upper()}{extra or ''}{' extension' if ext else ''}"
    return r[:1].upper() + r[1:].lower()


def find_headcount(text: str) -> int | None:
    """The number of people in `text` ("1,200 jobs", "300 engineers", "hundreds of workers")."""
    m = _HEADCOUNT.search(text)
    if m:
        raw = m.group("num").lower().replace(" ", "")
        scale = 1000 if raw.endswith(("k", "thousand")) else 1
        value = _number(raw.removesuffix("thousand").removesuffix("k")) * scale
        if not (1900 <= value <= 2100 and scale == 1 and "," not in raw):  # a year, not a headcount
            return int(value)
    w = _WORD_HEADCOUNT.search(text)
    return _WORD_NUMBERS[w.group("w").lower()] if w else None


def find_percent(text: str, *, of_workforce: bool = True) -> float | None:
    """A percentage in `text`; with of_workforce, only one that refers to staff ("10% of its workforce")."""
    for m in _PERCENT.finditer(text):
        if not of_workforce or _WORKFORCE.match(text[m.end():m.end() + 60]):
            return float(m.group("num"))
    by = _PERCENT_BY.search(text) if of_workforce else None
    if by:
        return float(by.group("num"))
    f = _FRACTIONS.search(text) if of_workforce else None
    return _FRACTION_VALUES[f.group("f").lower()] if f else None


_PERCENT_BY = re.compile(r"\b(?:workforce|staff|headcount|employees|jobs|payroll|personnel)\s+by\s+(?:about |around |"
                         r"roughly |nearly |some |up to |almost )?(?P<num>\d+(?:\.\d+)?)\s?(?:%|percent\b|"
                         r"per cent\b|pct\b)", re.I)


def find_location(text: str, *, start: int = 0) -> str | None:
    """The place an expansion goes to ("in Austin, Texas", "into Brazil", "the Japanese market")."""
    for m in _PLACE.finditer(text, start):
        place = m.group("place").strip(" ,.")
        words = place.split()
        while words and (words[-1] in _NOT_PLACE or words[-1].lower() in {"of", "de", "la", "on"}):
            words.pop()
        if words and words[0] not in _NOT_PLACE and not re.match(r"^Q\d|^FY", words[0]):
            return " ".join(words).rstrip(",")
    d = _DEMONYM_MARKET.search(text, start)
    if d and d.group("adj") in _DEMONYMS:
        return _DEMONYMS[d.group("adj")]
    return None


_SITE_PLACE = re.compile(
    rf"\b(?:its|the|a|an|new)\s+(?P<place>{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}})\s+(?:office|offices|plant|"
    r"factory|site|facility|hub|campus|warehouse|store|branch|headquarters|studio|lab|depot|mill|mine|shipyard|"
    r"yard|refinery|smelter|works|hospital|clinic|terminal|port|call cent(?:er|re)|"
    r"distribution cent(?:er|re)|data cent(?:er|re))\b")


def find_site_place(text: str) -> str | None:
    """The place named before a site ("its Hobart office", "a new Austin campus")."""
    m = _SITE_PLACE.search(text)
    if not m:
        return None
    words = [w for w in m.group("place").split() if w not in _NOT_PLACE]
    return " ".join(words) or None


def find_title(text: str) -> tuple[str, int, int] | None:
    """The first job title in `text` with its offsets ("chief financial officer", "CEO", "head of sales")."""
    m = _TITLE.search(text)
    if not m:
        return None
    title = re.sub(r"\s+", " ", m.group("title")).strip()
    return title, m.start(), m.end()


def find_people(text: str, *, exclude: tuple[tuple[int, int], ...] = ()) -> list[tuple[str, int, int]]:
    """Person-like names ("Jane Doe", "Mary-Kate O'Neil") with offsets, skipping excluded spans."""
    out = []
    for m in _PERSON.finditer(text):
        if any(m.start() < e and s < m.end() for s, e in exclude):
            continue
        words = m.group("person").split()
        if words[0] in _NOT_PERSON_WORDS or words[-1] in _NOT_PERSON_WORDS:
            continue
        out.append((m.group("person"), m.start(), m.end()))
    return out
