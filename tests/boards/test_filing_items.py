"""8-K item parsing and the signals each item means (pure, table-driven)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tracker.filings import RawFiling, filing_signals, item_sections, parse_items

FILED = datetime(2026, 3, 2, 21, 31, tzinfo=UTC)


@pytest.mark.parametrize(("text", "expected"), [
    ("items 5.02 and 9.01", ("5.02", "9.01")),
    ("items 1.01, 3.02, 8.01and9.01", ("1.01", "3.02", "8.01", "9.01")),
    ("item 2.05", ("2.05",)),
    ("Item 5.02: Departure of Directors<br>Item 9.01: Financial Statements", ("5.02", "9.01")),
    ("items 12.02", ()),  # no such item: not 2.02
    ("items 02.01", ("2.01",)),
    ("$5.02 per share", ("5.02",)),  # the caller feeds item lists, not prose
    ("", ()),
    ("items 2.02 and 2.02", ("2.02",)),
])
def test_parse_items(text: str, expected: tuple[str, ...]) -> None:
    assert parse_items(text) == expected


def filing(items: tuple[str, ...], text: str = "", form: str = "8-K") -> RawFiling:
    return RawFiling(accession="0009999901-26-000099", form=form, filed=FILED, items=items,
                     url="https://sec.example/filing-index.htm", text=text)


@pytest.mark.parametrize(("items", "text", "form", "expected"), [
    # the feed alone: the item numbers decide
    (("1.01", "9.01"), "", "8-K", {"contract_win": 0.6}),
    (("2.01",), "", "8-K", {"acquisition": 0.6}),
    (("2.05",), "", "8-K", {"restructuring": 0.85}),
    (("5.02", "9.01"), "", "8-K", {"leadership_change": 0.6}),
    (("2.02", "7.01", "9.01"), "", "8-K", {}),  # results, Reg FD, exhibits: routine
    (("5.02",), "", "10-Q", {}),  # only current reports
    (("2.01",), "", "8-K/A", {"acquisition": 0.6}),  # amendments count
    (("1.01", "2.01", "5.02"), "", "8-K", {"contract_win": 0.6, "acquisition": 0.6, "leadership_change": 0.6}),
    # the document refines the kind
    (("1.01",), "Item 1.01 Entry into a Material Definitive Agreement\nOn May 1 the Company entered into an "
     "Agreement and Plan of Merger with Fernwick Labs, a fictional company, under which it will acquire it.",
     "8-K", {"acquisition": 0.75}),
    (("1.01",), "Item 1.01 Entry into a Material Definitive Agreement\nOn May 1 the Company entered into a "
     "Credit Agreement providing a revolving credit facility of $50 million with a fictional bank.",
     "8-K", {"funding": 0.6}),
    (("1.01",), "Item 1.01 Entry into a Material Definitive Agreement\nOn May 1 the Company signed a supply "
     "agreement with the fictional Port of Wrenfield to deliver crane software for five years.",
     "8-K", {"contract_win": 0.7}),
    (("2.01",), "Item 2.01 Completion of Acquisition\nOn May 1 the Company completed the sale of its fictional "
     "consumer division to a buyer for $20 million in cash.", "8-K", {"acquisition": 0.5}),
    (("2.05",), "Item 2.05 Costs Associated with Exit\nThe Company approved a plan to close its fictional "
     "Leeds office. The plan includes a reduction in force of approximately 1,200 employees.",
     "8-K", {"restructuring": 0.85, "layoffs": 0.8}),
    (("2.05",), "Item 2.05 Costs Associated with Exit\nThe Company will write down leased equipment at two "
     "fictional sites and expects charges of $3 million.", "8-K", {"restructuring": 0.85}),
])
def test_filing_signals(items: tuple[str, ...], text: str, form: str, expected: dict[str, float]) -> None:
    found = {s.kind: s.confidence for s in filing_signals(filing(items, text, form))}
    assert found == expected


@pytest.mark.parametrize(("text", "change", "roles"), [
    ("Item 5.02 Departure of Directors\nOn March 1, Jane Example resigned as Chief Financial Officer of the "
     "fictional company.", "departure", ["Chief Financial Officer"]),
    ("Item 5.02 Departure of Directors\nThe Board appointed Omar Sample as Chief Technology Officer, effective "
     "April 1, 2026.", "appointment", ["Chief Technology Officer"]),
    ("Item 5.02 Departure of Directors\nRita Placeholder will retire as President. The Board named Lee Person, "
     "formerly Vice President of Sales, as President.", "both", ["President"]),
    ("Item 5.02 Departure of Directors\nThe Compensation Committee approved the 2026 bonus plan for the fictional "
     "company's staff.", "unknown", []),
])
def test_leadership_change_facts(text: str, change: str, roles: list[str]) -> None:
    (signal,) = filing_signals(filing(("5.02",), text))
    assert signal.kind == "leadership_change"
    assert signal.facts["change"] == change and signal.facts["roles"] == roles
    assert signal.facts["item"] == "5.02" and signal.facts["accession"] == "0009999901-26-000099"


def test_layoff_facts_and_evidence_quote_the_telling_sentence() -> None:
    text = ("Item 2.05 Costs Associated with Exit or Disposal Activities\nOn February 6 the Board approved a "
            "restructuring plan to consolidate two fictional sites. The plan includes a reduction in force of "
            "approximately 180 employees, or about 12% of the Company's total workforce. Charges are expected "
            "to be $9 million.\nItem 9.01 Financial Statements and Exhibits\n(d) Exhibits.")
    signals = {s.kind: s for s in filing_signals(filing(("2.05", "9.01"), text))}
    layoffs = signals["layoffs"]
    assert layoffs.facts["employees"] == 180 and layoffs.facts["percent_of_workforce"] == 12.0
    assert "reduction in force of approximately 180 employees" in layoffs.evidence
    assert layoffs.evidence.startswith("8-K filed 2026-03-02, Item 2.05")
    assert "Exhibits" not in layoffs.evidence  # the next item's text is not part of this one


def test_item_sections_skip_the_heading_line() -> None:
    text = "FORM 8-K\nItem 5.02. Departure of Directors or Certain Officers.\nThe Board appointed a new fictional " \
           "Chief Operating Officer.\nItem 9.01. Financial Statements and Exhibits.\n(d) Exhibit 104 cover page."
    sections = item_sections(text)
    assert sections["5.02"] == "The Board appointed a new fictional Chief Operating Officer."
    assert sections["9.01"].startswith("(d) Exhibit 104")


# --- storing (SQLite and PostgreSQL) ----------------------------------------------------------------

def test_ingest_filing_stores_each_kind_once_for_the_company(session) -> None:  # noqa: ANN001
    from sqlmodel import select

    from tracker.filings import ingest_filing, known_accessions
    from tracker.models import Company, Signal, Source

    company = Company(name="Corvid Harbor Systems", normalized_name="corvid harbor systems", cik="0009999901")
    session.add(company)
    session.flush()
    source = Source(url="https://sec.example/cgi-bin/browse-edgar?CIK=0009999901", kind="edgar",
                    company_id=company.id)
    session.add(source)
    session.commit()
    now = datetime(2026, 3, 10, tzinfo=UTC)
    text = ("Item 2.05 Costs\nThe plan includes a reduction in force of approximately 180 employees at two "
            "fictional sites.")
    raw = filing(("2.05", "9.01"), text)
    assert ingest_filing(session=session, source_id=source.id, filing=raw, now=now) == 2
    assert ingest_filing(session=session, source_id=source.id, filing=raw, now=now) == 0  # idempotent
    session.commit()
    signals = session.exec(select(Signal).order_by(Signal.kind)).all()
    assert [s.kind for s in signals] == ["layoffs", "restructuring"]
    assert signals[0].dedup_key == f"edgar:{company.id}:0009999901-26-000099:layoffs"
    assert signals[0].occurred_at.replace(tzinfo=UTC) == FILED
    assert known_accessions(session=session, company_id=company.id) == {"0009999901-26-000099"}
    # a filing older than a year is history, not a signal
    old = RawFiling(accession="0009999901-24-000001", form="8-K", filed=datetime(2024, 5, 1, tzinfo=UTC),
                    items=("5.02",))
    assert ingest_filing(session=session, source_id=source.id, filing=old, now=now) == 0
