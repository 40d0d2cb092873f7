"""Company and person name normalisation."""

import pytest

from tracker.names import normalize_company_name, normalize_person_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Meridian Geo Ltd", "meridian geo"),
        ("Meridian Geo", "meridian geo"),
        ("Acme, Inc.", "acme"),
        ("ACME INC", "acme"),
        ("Skyline Holdings Pty Ltd", "skyline holdings"),
        ("GeoVista GmbH", "geovista"),
        ("KITS.COM (TSX:KITS)", "kits com"),
        ("Atlas & Plumb Geomatics", "atlas & plumb geomatics"),
        ("Société Générale S.A.", "societe generale"),
        ("  Orbital   Lens Imaging  ", "orbital lens imaging"),
        ("", ""),
    ],
)
def test_normalize_company_name(raw: str, expected: str) -> None:
    assert normalize_company_name(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [("Apple", "Apple Hospitality REIT"), ("Meta", "Metabolic"), ("Target", "Target Logistics")],
)
def test_distinct_companies_keep_distinct_keys(a: str, b: str) -> None:
    assert normalize_company_name(a) != normalize_company_name(b)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dr. José  Álvarez, PhD", "jose alvarez"),
        ("PRIYA RAMANATHAN", "priya ramanathan"),
        ("Mary-Jane O'Neil", "mary jane o neil"),
        ("Zoë Brandt", "zoe brandt"),
    ],
)
def test_normalize_person_name(raw: str, expected: str) -> None:
    assert normalize_person_name(raw) == expected
