"""Imports flow one way: crawlers -> tracker <- dashboard; tracker never imports scrapy or streamlit."""

import pkgutil
import subprocess
import sys

import tracker

LIBRARY_MODULES = sorted(
    m.name for m in pkgutil.walk_packages(tracker.__path__, "tracker.")
    if not m.name.startswith(("tracker.cli", "tracker.migrations.env", "tracker.__main__"))
)


def test_tracker_library_pulls_in_neither_scrapy_nor_streamlit() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {LIBRARY_MODULES!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'scrapy', 'streamlit', 'twisted', 'crawlers', "
        "'dashboard'})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"tracker imports: {result.stdout.strip()}"


def test_the_cli_starts_without_scrapy_or_streamlit() -> None:
    code = ("import sys, tracker.cli\n"
            "print(','.join(m for m in sys.modules if m.split('.')[0] in {'scrapy', 'streamlit'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_library_modules_were_found() -> None:
    assert "tracker.models" in LIBRARY_MODULES and "tracker.db" in LIBRARY_MODULES
