"""SEC 8-K filings: which items a filing reports, the signals they mean, and storing them once."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from tracker.ingest import as_utc, store_signal
from tracker.models import Signal, Source

# Items that say something about hiring; the rest (results, votes, exhibits, Reg FD) are routine.
ITEMS: dict[str, tuple[str, str]] = {
    "1.01": ("contract_win", "Entry into a Material Definitive Agreement"),
    "2.01": ("acquisition", "Completion of Acquisition or Disposition of Assets"),
    "2.05": ("restructuring", "Costs Associated with Exit or Disposal Activities"),
    "5.02": ("leadership_change", "Departure or Appointment of Directors or Certain Officers"),
}
# Old filings are history, not signals; the feed lists up to 40 filings, some of them years old.
MAX_FILING_AGE_DAYS = 365

_ITEM_NUMBER = re.compile(r"(?<![\d.])(\d{1,2}\.\d{2})(?!\d)")
_ITEM_HEADING = re.compile(r"\bItem\s+(\d{1,2}\.\d{2})\b[.:]?", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])(?<!\bInc\.)(?<!\bCorp\.)(?<!\bCo\.)(?<!\bLtd\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)"
                       r"\s+(?=[A-Z(\"“])")
_CREDIT = re.compile(r"\b(credit agreement|credit facility|loan agreement|term loan|indenture|notes? purchase"
                     r"|revolving)\b", re.IGNORECASE)
_MERGER = re.compile(r"\b(agreement and plan of merger|merger agreement|(?:stock|share|asset|equity) purchase "
                     r"agreement)\b", re.IGNORECASE)
_DISPOSITION = re.compile(r"\b(completed the (?:sale|divestiture|disposition)|sold (?:its|all)|disposition of)\b",
                          re.IGNORECASE)
_ACQUIRED = re.compile(r"\b(completed (?:its|the) acquisition|acquired|consummated the merger)\b", re.IGNORECASE)
_LAYOFF = re.compile(r"\b(reduction in force|workforce reduction|reduc\w+ (?:of )?(?:its|the company's|our) "
                     r"(?:global )?workforce|layoffs?|positions? (?:will be )?eliminated|headcount)\b", re.IGNORECASE)
_HEADCOUNT = re.compile(r"approximately\s+([\d,]+)\s+(?:employees|positions|roles|jobs)", re.IGNORECASE)
_PERCENT = re.compile(r"(\d{1,2}(?:\.\d)?)\s*(?:%|percent)\s+of\s+(?:its|the company's|our)\s+(?:total\s+|global\s+)?"
                      r"(?:workforce|employees|headcount)", re.IGNORECASE)
_APPOINTED = re.compile(r"\b(appoint\w*|elect\w*|named|hired|promot\w*|will (?:join|serve))\b", re.IGNORECASE)
_DEPARTED = re.compile(r"\b(resign\w*|retire\w*|depart\w*|step(?:ped|s)? down|terminat\w*|will leave"
                       r"|separation)\b", re.IGNORECASE)
_OFFICER = re.compile(r"\b(Chief [A-Z][a-z]+(?: [A-Z][a-z]+)? Officer|(?<!Vice )President|General Counsel|Controller"
                      r"|Treasurer|Chair(?:man|woman|person)?)\b")

# The sentences worth quoting for an item: who came or went, how many jobs go.
_TELLING: dict[str, re.Pattern[str]] = {"5.02": re.compile(f"{_APPOINTED.pattern}|{_DEPARTED.pattern}", re.IGNORECASE),
                                        "2.05": _LAYOFF}


@dataclass(frozen=True)
class RawFiling:
    """One filing as a crawler hands it over: raw facts only."""

    accession: str
    form: str
    filed: datetime
    items: tuple[str, ...]
    url: str = ""  # the filing's index page
    document_url: str = ""  # its primary document, when the listing names it (the JSON API does)
    title: str = ""
    text: str = ""  # the primary document's text, when it could be fetched
    cik: str = ""
    company_name: str = ""


@dataclass(frozen=True)
class FilingSignal:
    """A signal read from a filing, before it is stored."""

    kind: str
    item: str
    confidence: float
    evidence: str
    facts: dict[str, Any] = field(default_factory=dict)


def parse_items(text: str) -> tuple[str, ...]:
    """'items 1.01, 3.02, 8.01and9.01' or 'Item 5.02: Departure ...' -> ('1.01', '3.02', '8.01', '9.01')."""
    found: list[str] = []
    for number in _ITEM_NUMBER.findall(text or ""):
        major, minor = number.split(".")
        item = f"{int(major)}.{minor}"
        if 1 <= int(major) <= 9 and item not in found:
            found.append(item)
    return tuple(found)


def item_sections(text: str) -> dict[str, str]:
    """The text under each 'Item N.NN' heading of a filing document (first occurrence wins)."""
    sections: dict[str, str] = {}
    marks = list(_ITEM_HEADING.finditer(text or ""))
    for i, mark in enumerate(marks):
        item = parse_items(mark.group(1))
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        raw = text[mark.end():end].strip()
        first, _, rest = raw.partition("\n")
        # The heading's own line is the item's title ("Departure of Directors ..."), not what happened.
        body = " ".join((rest if rest.strip() and len(first) < 300 else raw).split())
        if item and item[0] not in sections and len(body) > 20:
            sections[item[0]] = body
    return sections


def filing_signals(filing: RawFiling) -> list[FilingSignal]:
    """The signals a filing's items mean; the document's text, when present, refines kind and facts."""
    if not filing.form.upper().startswith("8-K"):
        return []
    sections = item_sections(filing.text)
    signals: list[FilingSignal] = []
    for item in filing.items:
        if item not in ITEMS:
            continue
        kind, label = ITEMS[item]
        section = sections.get(item, "")
        base = {"form": filing.form, "item": item, "item_title": label, "accession": filing.accession,
                "filing_url": filing.url or filing.document_url, "filed": filing.filed.date().isoformat(),
                "items": list(filing.items)}
        evidence = _evidence(filing, item, label, section)
        signals.extend(_refine(kind, item, section, base, evidence))
    return _one_per_kind(signals)


def _refine(kind: str, item: str, section: str, facts: dict[str, Any], evidence: str) -> list[FilingSignal]:
    if item == "1.01" and section:
        if _MERGER.search(section):
            return [FilingSignal("acquisition", item, 0.75, evidence, {**facts, "stage": "agreed"})]
        if _CREDIT.search(section):
            return [FilingSignal("funding", item, 0.6, evidence, {**facts, "agreement": "credit"})]
        return [FilingSignal(kind, item, 0.7, evidence, {**facts, "agreement": "commercial"})]
    if item == "2.01" and section:
        disposed = bool(_DISPOSITION.search(section)) and not _ACQUIRED.search(section)
        direction = "disposition" if disposed else "acquisition"
        return [FilingSignal(kind, item, 0.5 if disposed else 0.85, evidence, {**facts, "direction": direction})]
    if item == "2.05":
        found = [FilingSignal(kind, item, 0.85, evidence, facts)]
        if section and _LAYOFF.search(section):
            found.append(FilingSignal("layoffs", item, 0.8, evidence, {**facts, **_layoff_facts(section)}))
        return found
    if item == "5.02" and section:
        appointed, departed = bool(_APPOINTED.search(section)), bool(_DEPARTED.search(section))
        change = {(True, True): "both", (True, False): "appointment", (False, True): "departure"}.get(
            (appointed, departed), "unknown")
        roles = sorted({m.group(1) for m in _OFFICER.finditer(section)})
        return [FilingSignal(kind, item, 0.85, evidence, {**facts, "change": change, "roles": roles})]
    # Without the document only the item number is known: the brief's mapping at a lower confidence.
    return [FilingSignal(kind, item, 0.6, evidence, facts)]


def _layoff_facts(section: str) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    if m := _HEADCOUNT.search(section):
        facts["employees"] = int(m.group(1).replace(",", ""))
    if m := _PERCENT.search(section):
        facts["percent_of_workforce"] = float(m.group(1))
    return facts


def _evidence(filing: RawFiling, item: str, label: str, section: str) -> str:
    head = f"{filing.form} filed {filing.filed:%Y-%m-%d}, Item {item} ({label})"
    if not section:
        return head + "."
    sentences = [s.strip() for s in _SENTENCE.split(section) if len(s.strip()) > 30]
    telling = [s for s in sentences if _TELLING.get(item) and _TELLING[item].search(s)]
    quote = " ".join((telling or sentences)[:2])[:500] if sentences else section[:500]
    return f"{head}: {quote}"


def _one_per_kind(signals: list[FilingSignal]) -> list[FilingSignal]:
    best: dict[str, FilingSignal] = {}
    for s in signals:
        if s.kind not in best or s.confidence > best[s.kind].confidence:
            best[s.kind] = s
    return list(best.values())


def filing_dedup_key(company_id: int, accession: str, kind: str) -> str:
    """One signal per company, filing and kind."""
    return f"edgar:{company_id}:{accession}:{kind}"


def known_accessions(*, session: Session, company_id: int) -> set[str]:
    """Accession numbers that already yielded signals for this company (so their documents are not re-fetched)."""
    keys = session.exec(select(Signal.dedup_key).where(Signal.company_id == company_id,
                                                       col(Signal.dedup_key).startswith(f"edgar:{company_id}:")))
    return {key.split(":")[2] for key in keys if key.count(":") >= 3}


def ingest_filing(*, session: Session, source_id: int, filing: RawFiling, now: datetime) -> int:
    """Store a filing's signals for the source's company (idempotent); returns how many are new."""
    source = session.get(Source, source_id)
    if source is None or source.company_id is None:
        return 0
    if as_utc(filing.filed) < as_utc(now) - timedelta(days=MAX_FILING_AGE_DAYS):
        return 0
    new = 0
    for found in filing_signals(filing):
        _, created = store_signal(
            session=session, company_id=source.company_id, kind=found.kind, confidence=found.confidence,
            evidence=found.evidence, facts=found.facts, occurred_at=filing.filed, now=now,
            dedup_key=filing_dedup_key(source.company_id, filing.accession, found.kind))
        new += int(created)
    return new
