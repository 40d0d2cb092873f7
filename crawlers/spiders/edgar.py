"""SEC EDGAR: a company's filings (JSON API or Atom feed, by CIK), each relevant 8-K's primary document."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

from bs4 import BeautifulSoup
from lxml import etree
from scrapy.http import Request, Response
from sqlmodel import Session
from twisted.python.failure import Failure

from crawlers.board_items import FilingItem
from crawlers.jobparse import expect, load_json, parse_when, text
from crawlers.spiders.base import BaseSpider, SourceInfo, describe_failure, refuse_entity_declarations
from tracker.config import Settings
from tracker.db import get_engine
from tracker.filings import ITEMS, MAX_FILING_AGE_DAYS, RawFiling, known_accessions, parse_items
from tracker.models import Source

BOARD = "edgar"
DEFAULT_ARCHIVE_URL = Settings.__dataclass_fields__["edgar_archive_url"].default
MAX_DOCUMENT_CHARS = 200_000
_ATOM = "{http://www.w3.org/2005/Atom}"


class FeedFormatError(ValueError):
    """A response that is not an EDGAR Atom filings feed."""


def _parser() -> etree.XMLParser:
    # No entities, no network, no giant trees: the feed is data from the outside.
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True,
                           remove_comments=True, remove_pis=True)


def parse_feed(body: bytes, *, base_url: str) -> list[RawFiling]:
    """The filings listed in an EDGAR `browse-edgar ... output=atom` feed (items from items-desc or summary)."""
    refuse_entity_declarations(body)
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise FeedFormatError(f"{BOARD}: the response is not XML ({exc})") from exc
    if root is None or root.tag != f"{_ATOM}feed":
        raise FeedFormatError(f"{BOARD}: the response is not an Atom feed")
    company = _text(root, "company-info/conformed-name")
    cik = _text(root, "company-info/cik")
    filings = [_filing(entry, base_url=base_url, company=company, cik=cik) for entry in root.iter(f"{_ATOM}entry")]
    return [f for f in filings if f is not None]


def parse_listing(body: bytes, *, base_url: str, archive_url: str) -> list[RawFiling]:
    """Filings from either EDGAR listing: the submissions JSON API or the browse-edgar Atom feed."""
    if body.lstrip()[:1] == b"{":
        return parse_submissions(body, archive_url=archive_url)
    return parse_feed(body, base_url=base_url)


def parse_submissions(body: bytes, *, archive_url: str) -> list[RawFiling]:
    """The recent filings in a `data.sec.gov/submissions/CIK##########.json` response, with document URLs."""
    data = expect(load_json(body, board=BOARD), dict, board=BOARD, what="the response")
    filings = data.get("filings") if isinstance(data.get("filings"), dict) else {}
    recent = expect(filings.get("recent"), dict, board=BOARD, what="'filings.recent'")
    cik = text(data.get("cik"))
    columns = {k: v for k, v in recent.items() if isinstance(v, list)}
    out = []
    # Column-wise arrays, one index per filing.
    for i in range(len(columns.get("accessionNumber", []))):
        row = {key: text(values[i]) if i < len(values) else "" for key, values in columns.items()}
        accession, document = row.get("accessionNumber", ""), row.get("primaryDocument", "")
        if not accession:
            continue
        url = archive_url.format(cik=int(cik) if cik.isdigit() else cik, accession=accession.replace("-", ""),
                                 document=document) if document and cik else ""
        filed = parse_when(row.get("acceptanceDateTime")) or parse_when(row.get("filingDate"))
        out.append(RawFiling(accession=accession, form=row.get("form", ""), items=parse_items(row.get("items", "")),
                             filed=filed or datetime(1970, 1, 1, tzinfo=UTC), document_url=url,
                             title=row.get("primaryDocDescription", ""), cik=cik.zfill(10) if cik else "",
                             company_name=text(data.get("name"))))
    return out


def _filing(entry: etree._Element, *, base_url: str, company: str, cik: str) -> RawFiling | None:
    accession = _text(entry, "content/accession-number") or _accession_from_id(_text(entry, "id"))
    if not accession:
        return None
    form = _text(entry, "content/filing-type") or _category(entry)
    items = parse_items(_text(entry, "content/items-desc")) or parse_items(_summary_items(entry))
    href = _text(entry, "content/filing-href") or _link(entry)
    return RawFiling(accession=accession, form=form, filed=_parse_filed(entry), items=items,
                     url=urljoin(base_url, href) if href else "", title=_text(entry, "title"),
                     cik=cik, company_name=company)


def _text(node: etree._Element, path: str) -> str:
    # EDGAR's own elements live in the Atom namespace because of the default xmlns.
    found = node.find("/".join(f"{_ATOM}{part}" for part in path.split("/")))
    return " ".join((found.text or "").split()) if found is not None else ""


def _category(entry: etree._Element) -> str:
    found = entry.find(f"{_ATOM}category")
    return (found.get("term") or "").strip() if found is not None else ""


def _link(entry: etree._Element) -> str:
    found = entry.find(f"{_ATOM}link")
    return (found.get("href") or "").strip() if found is not None else ""


def _accession_from_id(value: str) -> str:
    return value.rsplit("=", 1)[-1].strip() if "accession-number=" in value else ""


def _summary_items(entry: etree._Element) -> str:
    # "Item 5.02: Departure of ...<br>Item 9.01: ..." (HTML in text): keep only the "Item N.NN" mentions.
    summary = BeautifulSoup(_text(entry, "summary"), "html.parser").get_text(" ")
    return " ".join(part.split(":", 1)[0] for part in summary.split("Item ")[1:])


def _parse_filed(entry: etree._Element) -> datetime:
    updated = parse_when(_text(entry, "updated"))
    date = parse_when(_text(entry, "content/filing-date"))
    if updated and (date is None or updated.date() >= date.date()):
        return updated
    return date or updated or datetime(1970, 1, 1, tzinfo=UTC)


def relevant(filing: RawFiling) -> bool:
    """True for an 8-K with at least one item that means a signal (only those are worth fetching)."""
    return filing.form.upper().startswith("8-K") and any(item in ITEMS for item in filing.items)


def parse_index(body: bytes, *, base_url: str, form: str = "8-K") -> str | None:
    """The primary document's URL on a filing index page (the row whose type is the form)."""
    soup = BeautifulSoup(body, "html.parser")
    table = soup.find("table", class_="tableFile") or soup.find("table")
    if table is None:
        return None
    rows = [row.find_all("td") for row in table.find_all("tr")]
    wanted = form.upper().split("/")[0]
    for cells in rows:
        if len(cells) >= 4 and cells[3].get_text(strip=True).upper().split("/")[0] == wanted:
            link = cells[2].find("a", href=True)
            if link is not None:
                href = link["href"]
                if href.startswith("/ix?doc="):
                    href = href[len("/ix?doc="):]  # the inline-XBRL viewer wraps the document itself
                return urljoin(base_url, href)
    return None


def parse_document(body: bytes) -> str:
    """The plain text of a filing's primary document (blocks on their own lines)."""
    soup = BeautifulSoup(body, "html.parser")
    for hidden in soup(["script", "style", "ix:header"]):
        hidden.decompose()
    lines = (" ".join(line.split()) for line in soup.get_text("\n").splitlines())
    return "\n".join(line for line in lines if line)


class EdgarSpider(BaseSpider):
    """A filings listing per source; each new relevant 8-K's primary document (via its index page for Atom)."""

    name = BOARD

    def parse_source(self, response: Response, source: SourceInfo) -> Iterator[Any]:
        """Read the feed; fetch documents only for recent, relevant filings not stored before."""
        archive = self.settings.get("HJM_EDGAR_ARCHIVE_URL") or DEFAULT_ARCHIVE_URL
        filings = parse_listing(response.body, base_url=response.url, archive_url=archive)
        known = self._known(source)
        if known is None:
            self.logger.warning("EDGAR source %s has no company: its filings cannot become signals", source.url)
            filings = []
        oldest = self.context.now() - timedelta(days=MAX_FILING_AGE_DAYS)
        pending = self.pending(source)
        pending.entries = len(filings)
        for filing in filings:
            if not relevant(filing) or filing.accession in known or filing.filed < oldest:
                continue
            if not (filing.document_url or filing.url):
                yield self._item(source, filing)
                continue
            pending.count += 1
            # The JSON API names the primary document; the Atom feed only its index page.
            target, callback = ((filing.document_url, self.parse_filing_document) if filing.document_url
                                else (filing.url, self.parse_filing_index))
            yield Request(target, callback=callback, errback=self.document_failed, dont_filter=True,
                          meta={"source": source, "filing": filing})

    def parse_filing_index(self, response: Response) -> Iterator[Any]:
        """The filing's index page: follow it to the primary document."""
        source: SourceInfo = response.meta["source"]
        filing: RawFiling = response.meta["filing"]
        document = parse_index(response.body, base_url=response.url, form=filing.form)
        if document is None:
            yield self._item(source, filing)
            yield from self._child_done(source)
            return
        yield Request(document, callback=self.parse_filing_document, errback=self.document_failed,
                      dont_filter=True, meta={"source": source, "filing": filing})

    def parse_filing_document(self, response: Response) -> Iterator[Any]:
        """The primary document: its text lets tracker tell appointments from departures, layoffs from leases."""
        source: SourceInfo = response.meta["source"]
        filing: RawFiling = response.meta["filing"]
        text = parse_document(response.body)[:MAX_DOCUMENT_CHARS]
        yield self._item(source, dataclasses.replace(filing, text=text))
        yield from self._child_done(source)

    def document_failed(self, failure: Failure) -> Iterator[Any]:
        """The index or document could not be had: the feed's items alone still make signals."""
        source: SourceInfo = failure.request.meta["source"]
        self.context.error(f"{failure.request.url}: {describe_failure(failure)}")
        yield self._item(source, failure.request.meta["filing"])
        yield from self._child_done(source)

    def _item(self, source: SourceInfo, filing: RawFiling) -> FilingItem:
        return FilingItem(source=source.id, fetched_at=self.context.now(), filing=filing)

    def _known(self, source: SourceInfo) -> set[str] | None:
        with Session(get_engine(self.context.database_url)) as session:
            row = session.get(Source, source.id)
            if row is None or row.company_id is None:
                return None
            return known_accessions(session=session, company_id=row.company_id)
