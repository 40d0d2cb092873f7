"""Reading employer strings: staffing patterns, tickers, placeholders, free-mail, word-structure scores."""

from __future__ import annotations

import re
from functools import lru_cache

from tracker.names import normalize_company_name

# Words that may follow a brand without making it another company ("Google Australia", "Meta Platforms").
QUALIFIERS = frozenset("""
    australia australian aus au nz new zealand uk us usa america americas north south east west canada
    europe european emea apac asia pacific latam india germany deutschland france japan singapore ireland
    netherlands international global worldwide perth sydney melbourne brisbane adelaide london
    group holdings labs research the and of co company cloud platforms
""".split())
# Words that make a brand plus them another business ("Apple Hospitality", "Square Peg Capital").
INDUSTRY = frozenset("""
    capital ventures venture partners partner equity investments investment invest fund funds asset assets
    hospitality hotel hotels resorts reit realty properties property homes estate logistics freight transport
    shipping airlines aviation motors automotive foods food beverages brewing wines farms pharma pharmaceuticals
    biotech bio therapeutics health healthcare medical clinic dental energy mining minerals resources oil gas
    insurance bank banking finance financial credit lending legal law lawyers construction builders engineering
    media studios entertainment records publishing church school college academy restaurant cafe bakery
    fitness salon trading retail wholesale apparel fashion marketing advertising recruitment staffing
    blockchain crypto
""".split())
# First words too common to say two multi-word names are related ("University of X" vs "University of Y").
GENERIC_FIRST = frozenset("""
    the first national new united american general global international state royal bank university
    city department saint st north south east west central western eastern northern southern
""".split())
FREE_MAIL = frozenset("""
    gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.com.au ymail.com hotmail.com hotmail.co.uk outlook.com
    live.com live.com.au msn.com aol.com icloud.com me.com mac.com protonmail.com proton.me pm.me gmx.com gmx.de
    gmx.net web.de mail.com mail.ru yandex.ru yandex.com qq.com 163.com 126.com zoho.com fastmail.com hey.com
    tutanota.com bigpond.com bigpond.net.au optusnet.com.au iinet.net.au comcast.net verizon.net att.net
""".split())
# Profile employers that are no company at all (as keys, see employer_key).
PLACEHOLDERS = frozenset({
    "self employed", "selfemployed", "freelance", "freelancer", "independent", "independent consultant",
    "retired", "unemployed", "student", "stealth", "stealth startup", "stealth mode", "confidential",
    "various", "none", "n a", "na", "open to work", "looking", "career break", "sabbatical", "-",
})

TICKER = re.compile(r"\b(NYSE|NASDAQ|TSXV?|TSX-V|ASX|LSE|CSE|OTC|NZX|AMEX)\s*:\s*([A-Z0-9.\-]{1,8})\b", re.I)
_AGENCY = re.compile(r"^(.+?)\s*[(\[]?\s*\b(?:via|through|thru|c/o|placed by|contracted through)\b\s+([^)\]]+)[)\]]?$",
                     re.I)
_CLIENT = re.compile(r"^(.+?)\s*[(\[]\s*client\s*:?\s*([^)\]]+)[)\]]\s*$", re.I)
_AT = re.compile(r"^(.+?)\s+(?:at|@)\s+(.+)$", re.I)
_CONTRACT = re.compile(
    r"\s*(?:[(\[]\s*(?:contract|contractor|consultant|consulting|temp|temporary|freelance|secondment|seconded)"
    r"\s*[)\]]|[-\u2013\u2014,|]\s*(?:contract|contractor|consultant|temp|freelance)\s*$)", re.I)
_SPLIT = re.compile(r"\s+[/|]\s+")
_DOMAIN_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,12}$")


@lru_cache(maxsize=1 << 18)  # cleanco is slow, and imports repeat the same employers thousands of times
def employer_key(employer: str) -> str:
    """The comparison key of an employer string; decisions are remembered under it."""
    key = normalize_company_name(employer or "")
    return key[4:] if key.startswith("the ") else key


def is_placeholder_employer(employer: str) -> bool:
    """True for 'Self-employed', 'Stealth', 'Confidential' and the like: not a company."""
    return employer_key(employer) in PLACEHOLDERS


def email_domain(email: str | None) -> str | None:
    """The lower-case domain of a work email; None for free-mail and malformed addresses."""
    if not email or "@" not in email:
        return None
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    return None if not domain or domain in FREE_MAIL else domain


def split_employer(employer: str) -> tuple[list[str], list[str]]:
    """The real employer(s) and the staffing agency(ies) named in an employer string."""
    text = " ".join((employer or "").split())
    text = _CONTRACT.sub("", text).strip()
    agencies: list[str] = []
    m = _CLIENT.match(text)
    if m:  # "Qualitest Group (client: Google)": the client is where they work
        return [m.group(2).strip()], [m.group(1).strip()]
    m = _AGENCY.match(text)
    if m:
        text, agencies = m.group(1).strip(), [m.group(2).strip()]
    else:
        m = _AT.match(text)
        if m and not TICKER.search(text):  # "Contractor at Google", "Qualitest at Google"
            text, agencies = m.group(2).strip(), [m.group(1).strip()]
    return [p.strip() for p in _SPLIT.split(text) if p.strip()], agencies


def tokens(key: str) -> tuple[str, ...]:
    """The words of a key."""
    return tuple(key.split())


def domain_of_name(name: str) -> str | None:
    """'KITS.COM (TSX:KITS)' -> 'kits.com': employers written as a web address."""
    plain = name.strip().lower()
    plain = plain.split("(")[0].strip()
    return plain if _DOMAIN_NAME.match(plain) else None


def name_score(query: str, key: str) -> tuple[float, str]:
    """How well one employer key matches one company key, by word structure (not characters)."""
    if query == key:
        return 1.0, "exact"
    q, c = tokens(query), tokens(key)
    qs, cs = set(q), set(c)
    if cs < qs:  # the company's name plus extra words: "Google Australia" or "Apple Hospitality"?
        extra = qs - cs
        if extra <= QUALIFIERS:
            return 0.92, "qualified"
        if len(c) >= 2:
            return 0.8, "partial"
        # A one-word brand plus an industry word is another business; plus anything else, ask.
        return (0.0, "none") if extra & INDUSTRY else (0.76, "partial")
    if qs < cs:  # fewer words than the company's name: "Deloitte" for "Deloitte Australia"
        if cs - qs <= QUALIFIERS:
            return 0.9, "qualified"
        return (0.8, "partial") if len(q) >= 2 else (0.0, "none")
    if len(q) >= 2 and len(c) >= 2 and q[0] == c[0] and q[0] not in GENERIC_FIRST and len(q[0]) >= 3:
        return 0.78, "partial"  # "Meridian Geospatial" vs "Meridian Geo": worth asking
    return 0.0, "none"
