"""`hjm analyze`: companies and signals for any JSON-lines file of texts, streamed one line at a time."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from tracker.companies import WatchlistEntry, read_watchlist
from tracker.errors import InputError, UserError
from tracker.linking import CompanyMatcher, CompanyRef, Mention, document_text
from tracker.signals import DetectedSignal, detect_signals


@dataclass(frozen=True)
class Analysis:
    """What one text says: the companies it names and the signals it reports."""

    mentions: list[Mention]
    signals: list[DetectedSignal]


def refs_from_watchlist(entries: Iterable[WatchlistEntry]) -> list[CompanyRef]:
    """Matcher references for watchlist CSV entries (no database ids)."""
    return [CompanyRef(id=None, name=e.name, aliases=e.aliases, domain=e.domain, tickers=e.tickers,
                       keywords=e.keywords) for e in entries]


def analyze_article(*, matcher: CompanyMatcher, title: str, text: str, links: Sequence[str] = (),
                    published: datetime | None = None) -> Analysis:
    """Link companies in an article and detect its signals (the one call ingest and `hjm analyze` share)."""
    mentions = matcher.find(document_text(title, text), links=links)
    return Analysis(mentions, detect_signals(title=title, text=text, mentions=mentions, published=published))


def parse_published(value: Any, *, path: str = "", line: int | None = None) -> datetime | None:
    """An ISO 8601 date or date-time (UTC when no zone is given), or None."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(path, line, "published", f"must be an ISO date string, not {type(value).__name__}")
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise InputError(path, line, "published", f"'{value}' is not an ISO date like 2026-01-31") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def result_line(record_id: Any, analysis: Analysis) -> dict[str, Any]:
    """The stable output shape of one analysed text."""
    return {
        "id": record_id,
        "companies": [{"name": m.company.name, "confidence": m.confidence} for m in analysis.mentions],
        "signals": [{"kind": s.kind, "company": s.company.name if s.company else None,
                     "confidence": s.confidence, "evidence": s.evidence, "facts": s.facts}
                    for s in analysis.signals],
    }


def _record(raw: str, path: str, line: int) -> dict[str, Any]:
    try:
        record = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(path, line, None, f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(record, dict):
        raise InputError(path, line, None, "each line must be a JSON object with id, title and text")
    if "id" not in record:
        raise InputError(path, line, "id", "is missing")
    for field in ("title", "text"):
        if not isinstance(record.get(field, ""), str):
            raise InputError(path, line, field, "must be a string")
    links = record.get("links", [])
    if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
        raise InputError(path, line, "links", "must be a list of URLs")
    return record


def analyze_lines(lines: Iterable[str], *, matcher: CompanyMatcher, path: str = "<input>") -> Iterator[dict]:
    """Analyse JSON lines lazily: one output dict per non-blank input line, in order."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        record = _record(raw, path, number)
        links = list(record.get("links") or ([record["url"]] if isinstance(record.get("url"), str) else []))
        analysis = analyze_article(matcher=matcher, title=record.get("title") or "", text=record.get("text") or "",
                                   links=links, published=parse_published(record.get("published"), path=path,
                                                                         line=number))
        yield result_line(record["id"], analysis)


@contextmanager
def _output(out: Path | None) -> Iterator[IO[str]]:
    """stdout, or a file that only appears (atomically) when every line was analysed."""
    if out is None:
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".analyze-", suffix=".jsonl", dir=out.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def analyze_file(*, source: Path, matcher: CompanyMatcher, out: Path | None = None) -> int:
    """Analyse a JSON-lines file into `out` (or stdout); returns the number of texts analysed."""
    if not source.exists():
        raise UserError(f"{source}: no such file")
    count = 0
    with source.open(encoding="utf-8-sig") as lines, _output(out) as sink:
        for result in analyze_lines(lines, matcher=matcher, path=str(source)):
            sink.write(json.dumps(result, ensure_ascii=False) + "\n")
            count += 1
    return count


def matcher_from_csv(path: Path) -> CompanyMatcher:
    """A matcher over a watchlist CSV (columns name,domain,aliases[,tickers,keywords])."""
    return CompanyMatcher(refs_from_watchlist(read_watchlist(path)))
