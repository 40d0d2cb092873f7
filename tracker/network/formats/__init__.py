"""Parsers for contact exports: pure functions from text to plain records with line numbers (no database)."""

from tracker.network.formats.base import MessageRecord, ParsedFile, PersonRecord, Skipped, read_text
from tracker.network.formats.detect import FORMATS, detect_format, parse_file

__all__ = ["FORMATS", "MessageRecord", "ParsedFile", "PersonRecord", "Skipped", "detect_format", "parse_file",
           "read_text"]
