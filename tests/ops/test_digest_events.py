"""The digest lists one event once, with every outlet's link, however many outlets ran it."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session

from tests.ops.digest_seed import NOW, _company, _signal
from tracker.db import get_engine
from tracker.digest import build_digest
from tracker.digest_render import render_markdown


def test_the_same_funding_round_from_two_outlets_is_one_line_with_both_sources(db_url: str) -> None:
    with Session(get_engine(db_url)) as session:
        acme = _company(session, "Acme Mapping")
        round_facts = {"money": "$40M", "round": "Series B"}
        _signal(session, acme, "funding", days_ago=2, evidence="Acme Mapping raises $40M Series B",
                facts=round_facts, url="https://news.example/acme-b", key="a")
        _signal(session, acme, "funding", days_ago=3, evidence="Acme Mapping closes a $40M round",
                facts=round_facts, url="https://wire.example/acme", key="b")
        _signal(session, acme, "funding", days_ago=40, evidence="Acme Mapping raised $40M Series B",
                facts=round_facts, url="https://old.example/acme", key="c")  # outside the period
        _signal(session, acme, "expansion", days_ago=2, evidence="Acme Mapping opens a Perth office",
                facts={"location": "Perth"}, url="https://news.example/acme-perth", key="d")
        _signal(session, acme, "funding", days_ago=1, evidence="Acme Mapping raises $5M in debt",
                facts={"money": "$5M"}, url="https://news.example/acme-debt", key="e")  # another event
        session.commit()
        digest = build_digest(session=session, since=NOW - timedelta(days=7), now=NOW)
    [section] = digest.companies
    lines = {(s.kind, s.text): s for s in section.signals}
    assert len(section.signals) == 3
    series_b = next(s for (kind, _), s in lines.items() if kind == "funding" and "40" in s.text)
    assert {series_b.url, *series_b.more_urls} == {"https://news.example/acme-b", "https://wire.example/acme"}
    markdown = render_markdown(digest)
    assert "https://wire.example/acme" in markdown and "https://old.example/acme" not in markdown
