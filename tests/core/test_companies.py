"""The watchlist: add, import (transactional, idempotent, one-line errors), find."""

from pathlib import Path

import pytest
from sqlmodel import select

from tracker.companies import (
    WatchlistEntry,
    clean_domain,
    find_company,
    import_watchlist,
    read_watchlist,
    upsert_company,
)
from tracker.errors import InputError, UserError
from tracker.models import Company


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("https://www.Example.com/about", "example.com"),
        ("example.com", "example.com"),
        ("http://sub.example.org:8080/x", "sub.example.org"),
        ("", None),
        (None, None),
    ],
)
def test_clean_domain(raw, expected) -> None:  # noqa: ANN001
    assert clean_domain(raw) == expected


def _csv(tmp_path: Path, body: str, name: str = "watchlist.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_read_watchlist_splits_aliases_and_skips_blank_rows(tmp_path: Path) -> None:
    path = _csv(tmp_path, "name,domain,aliases\nMeridian Geo Ltd,https://meridiangeo.example,Meridian Geo; MG\n,,\n")
    [entry] = read_watchlist(path)
    expected = WatchlistEntry(name="Meridian Geo Ltd", domain="meridiangeo.example", aliases=("Meridian Geo", "MG"))
    assert entry == expected


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("company,domain\nAcme,acme.example\n", "watchlist.csv:1: field 'name'"),
        ("name,domain\nAcme,acme.example\n,other.example\n", "watchlist.csv:3: field 'name' is empty"),
        ("name,domain\nAcme Ltd,a.example\nACME,b.example\n", "watchlist.csv:3: field 'name' 'ACME' appears twice"),
    ],
)
def test_bad_watchlists_name_file_line_and_field(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError) as excinfo:
        read_watchlist(_csv(tmp_path, body))
    assert message in str(excinfo.value)
    assert "\n" not in str(excinfo.value)


def test_import_is_idempotent_and_merges_aliases(session, tmp_path: Path) -> None:  # noqa: ANN001
    path = _csv(tmp_path, "name,domain,aliases\nMeridian Geo Ltd,meridiangeo.example,Meridian Geo\nCartoscope,,\n")
    first = import_watchlist(session=session, path=path)
    session.commit()
    second = import_watchlist(session=session, path=path)
    session.commit()
    assert (first.created, first.unchanged) == (2, 0)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 2)
    _, outcome = upsert_company(session=session, entry=WatchlistEntry(name="Meridian Geo", aliases=("Meridian",)))
    session.commit()
    assert outcome == "updated"
    meridian = session.exec(select(Company).where(Company.name == "Meridian Geo Ltd")).one()
    assert meridian.aliases == ["Meridian", "Meridian Geo"]
    assert meridian.domain == "meridiangeo.example"


def test_find_company_by_id_name_alias_and_domain(session) -> None:  # noqa: ANN001
    company, _ = upsert_company(session=session, entry=WatchlistEntry(
        name="Orbital Lens Imaging", domain="orbitallens.example", aliases=("Orbital Lens",)))
    session.commit()
    for query in [str(company.id), "orbital lens imaging", "Orbital Lens Imaging Pty Ltd", "Orbital Lens",
                  "https://orbitallens.example/news"]:
        assert find_company(session=session, name_or_id=query).id == company.id
    with pytest.raises(UserError, match="no company named 'Globex'"):
        find_company(session=session, name_or_id="Globex")
