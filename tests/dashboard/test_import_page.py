"""The Import page: preview an export, import it, see the summary; a bad file is refused whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from tracker.db import get_engine
from tracker.models import Contact

CONNECTIONS = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
Wren,Halloway,https://www.linkedin.com/in/wren-h-fict,wren@meridiangeo.example,Meridian Geo Ltd,GIS Lead,07 Feb 2023
Tobin,Achterberg,https://www.linkedin.com/in/tobin-achterberg-fict,,Contour Analytics,Data Engineer,14 Mar 2021
Oona,Ferreira,https://www.linkedin.com/in/oona-ferreira-fict,,Fjordline Mapping AS,Cartographer,02 Dec 2019
,,https://www.linkedin.com/in/nameless-fict,,Somewhere,Analyst,02 Dec 2019
"""
NOT_CONTACTS = "sku,price,colour\nA-100,12.50,red\n"


def _names(url: str) -> set[str]:
    with Session(get_engine(url)) as s:
        return set(s.exec(select(Contact.full_name)).all())


def test_import_from_a_path_previews_then_imports(seeded, dash_url, open_page, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "Connections.csv"
    path.write_text(CONNECTIONS, encoding="utf-8")
    at = open_page("import_")
    at.text_input(key="import_path").input(str(path)).run()
    preview = at.dataframe[0].value
    assert list(preview["full_name"]) == ["Wren Halloway", "Tobin Achterberg", "Oona Ferreira"]
    assert "LinkedIn Connections.csv · 3 records · 1 rows will be skipped" in at.caption[1].value
    assert "Wren Halloway" not in _names(dash_url)  # a preview writes nothing
    at.button(key="import_go").click().run()
    assert not at.exception
    assert {"Wren Halloway", "Tobin Achterberg", "Oona Ferreira"} <= _names(dash_url)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Created"] == "3" and metrics["Unchanged"] == "0"
    at.button(key="import_go").click().run()  # the same file again changes nothing
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Created"] == "0" and metrics["Unchanged"] == "3"


def test_import_from_an_upload(seeded, dash_url, open_page) -> None:  # noqa: ANN001
    at = open_page("import_")
    at.file_uploader(key="import_upload").upload("Connections.csv", CONNECTIONS.encode(), "text/csv").run()
    assert len(at.dataframe[0].value) == 3
    at.button(key="import_go").click().run()
    assert not at.exception
    assert "Oona Ferreira" in _names(dash_url)


@pytest.mark.parametrize(("name", "content"), [("prices.csv", NOT_CONTACTS), ("empty.csv", "")])
def test_a_file_that_is_not_an_export_is_refused_in_one_line(dash_url, open_page, tmp_path: Path, name: str,
                                                             content: str) -> None:  # noqa: ANN001
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    at = open_page("import_")
    at.text_input(key="import_path").input(str(path)).run()
    assert not at.exception
    message = at.error[0].value.replace("\\", "")
    assert name in message and "\n" not in message
    assert "import_go" not in {b.key for b in at.button}  # nothing to import
    assert _names(dash_url) == set()
