"""Normalising company and person names, so that 'Meridian Geo Ltd' and 'meridian geo' compare equal."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cleanco import basename

_PARENS = re.compile(r"\([^)]*\)?")
_NON_WORD = re.compile(r"[^\w&+]+", re.UNICODE)
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower-case, strip accents and collapse white space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _SPACES.sub(" ", text).strip().lower()


@lru_cache(maxsize=200_000)  # cleanco is slow and employer strings repeat a lot
def normalize_company_name(name: str) -> str:
    """A comparison key for a company name: no legal suffix, ticker, punctuation or case."""
    text = _PARENS.sub(" ", name or "")
    text = _SPACES.sub(" ", text).strip()
    # cleanco strips one legal suffix at a time ("Holdings Pty Ltd" needs two passes).
    for _ in range(3):
        stripped = basename(text).strip(" ,.-")
        if not stripped or stripped == text:
            break
        text = stripped
    return _NON_WORD.sub(" ", fold(text)).strip()


def normalize_person_name(name: str) -> str:
    """A comparison key for a person's name: folded, punctuation removed, honorifics kept out."""
    text = _NON_WORD.sub(" ", fold(name or ""))
    words = [w for w in text.split() if w not in {"mr", "mrs", "ms", "dr", "prof", "jr", "sr", "phd", "mba"}]
    return " ".join(words)
