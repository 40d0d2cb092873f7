"""Big tables are paginated: a page never sends more rows than it shows."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.seed import seed_large
from dashboard import data


@pytest.fixture
def big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated SQLite database with 30 companies, 180 contacts and 400 signals (benchmarks/seed.py)."""
    url = f"sqlite:///{tmp_path / 'big.sqlite3'}"
    seed_large(url, companies=30, contacts=180, signals=400, now=datetime.now(UTC))
    monkeypatch.setenv("HJM_DATABASE_URL", url)
    data.refresh()
    yield url
    data.engine(url).dispose()
    data.refresh()


def test_people_are_shown_fifty_at_a_time(big, open_page) -> None:  # noqa: ANN001
    at = open_page("people")
    first = at.dataframe[0].value
    assert len(first) == data.PAGE_SIZE and "180 people match" in at.caption[0].value
    assert list(first["strength"]) == sorted(first["strength"], reverse=True)
    at.get_by_key("people_page").set_value(4).run()
    last = at.dataframe[0].value
    assert len(last) == 180 - 3 * data.PAGE_SIZE
    assert last["strength"].max() <= first["strength"].min()  # the weakest ties come last


def test_signals_are_shown_fifty_at_a_time(big, open_page) -> None:  # noqa: ANN001
    at = open_page("signals")
    total = int(at.caption[0].value.split()[0].replace(",", ""))
    assert total > data.PAGE_SIZE and len(at.dataframe[0].value) == data.PAGE_SIZE
    first_ids = set(at.dataframe[0].value["id"])
    at.get_by_key("signals_page").set_value(2).run()
    assert not first_ids & set(at.dataframe[0].value["id"])


def test_today_sends_one_row_per_company(big, open_page) -> None:  # noqa: ANN001
    at = open_page("today")
    assert len(at.dataframe[0].value) == 30
    assert len(at.dataframe[1].value) == 15  # the newest signals, not all 400
