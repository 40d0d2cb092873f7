"""Relationship strength: a 0..100 score per contact with the reasons behind it.

A few hundred real relationships matter more than thousands of connections, so a bare connection
scores at most a few points; interactions (what kind, how often, how lately), the closeness the user
sets and tags such as mentor or former colleague make up the rest.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import String, cast
from sqlmodel import Session, select

from tracker.models import Contact, Interaction

# Points per interaction before decay: meeting and helping say more than a message.
KIND_WEIGHTS = {"helped": 10.0, "meeting": 8.0, "call": 6.0, "event": 4.0, "email": 2.5, "message": 1.5,
                "outreach": 1.0}
ONE_WAY_FACTOR = 0.3  # a message the user sent (and nobody answered) is not a conversation
HALF_LIFE_DAYS = 180.0  # an interaction half a year ago counts half
INTERACTION_POINTS = 45.0  # the most that interactions can give (approached, never reached)
SATURATION = 20.0  # decayed weight at which interactions give ~63% of their maximum
RECENCY_POINTS = ((30, 15.0), (90, 11.0), (180, 8.0), (365, 5.0), (3 * 365, 2.0))
CLOSENESS_POINTS = {1: 0.0, 2: 6.0, 3: 12.0, 4: 19.0, 5: 25.0}
TAG_POINTS = {"mentor": 12.0, "inner circle": 10.0, "friend": 10.0, "family": 10.0, "former colleague": 8.0,
              "colleague": 6.0, "classmate": 5.0, "alumni": 4.0, "recruiter": 3.0}
TAG_CAP = 15.0
CONNECTED_CAP = 5.0  # one point per year connected, at most five
BULK_ALL_ABOVE = 2000  # asked for more contacts than this, strengths() reads everything once
INNER_CIRCLE_SIZE = 25
INNER_CIRCLE_MIN = 40
_PLURALS = {"message": ("message", "messages"),
            "meeting": ("meeting", "meetings"), "call": ("call", "calls"), "event": ("event", "events"),
            "email": ("email", "emails"), "outreach": ("outreach", "outreaches")}


@dataclass(frozen=True)
class Strength:
    """A relationship's strength (0..100) and the short sentences that explain it."""

    score: int
    reasons: tuple[str, ...]


def normalize_tag(tag: str) -> str:
    """'Former-Colleague ' -> 'former colleague'."""
    return " ".join(tag.replace("-", " ").replace("_", " ").lower().split())


def _aware(when: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything is stored in UTC.
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _ago(days: float) -> str:
    days = int(days)
    if days <= 0:
        return "today"
    if days < 60:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def _span(days: int) -> str:
    if days < 60:
        return f"{max(days, 0)} days"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


def score_relationship(*, closeness: int | None, tags: Iterable[str], connected_on: date | None,
                       interactions: Iterable[tuple[str, datetime, str]], now: datetime) -> Strength:
    """The strength from plain values; `interactions` are (kind, occurred_at, direction) tuples."""
    now = _aware(now)
    parts: list[tuple[float, str]] = []
    counts: dict[str, int] = {}
    raw = 0.0
    last: tuple[datetime, str] | None = None
    for kind, occurred_at, direction in interactions:
        occurred_at = _aware(occurred_at)
        age = max((now - occurred_at).total_seconds() / 86400, 0.0)
        weight = KIND_WEIGHTS.get(kind, 1.0)
        if direction == "sent" and kind in ("message", "email", "outreach"):
            weight *= ONE_WAY_FACTOR
        raw += weight * 0.5 ** (age / HALF_LIFE_DAYS)
        counts[kind] = counts.get(kind, 0) + 1
        if occurred_at <= now and (last is None or occurred_at > last[0]):
            last = (occurred_at, kind)
    if counts:
        points = INTERACTION_POINTS * (1 - math.exp(-raw / SATURATION))
        order = sorted((k for k in counts if k != "helped"), key=lambda k: (-KIND_WEIGHTS.get(k, 1.0), k))
        listed = [f"{counts[k]} {_PLURALS.get(k, (k, k))[counts[k] != 1]}" for k in order]
        helped = counts.get("helped", 0)
        if helped:
            listed.append("you helped them " + ("once" if helped == 1 else f"{helped} times"))
        parts.append((points, "Interactions: " + ", ".join(listed) + "."))
    if last is not None:
        days = (now - last[0]).total_seconds() / 86400
        points = next((p for limit, p in RECENCY_POINTS if days <= limit), 0.0)
        parts.append((points, f"Last in touch {_ago(days)} ({last[1]})."))
    if closeness is not None:
        level = min(max(int(closeness), 1), 5)
        parts.append((CLOSENESS_POINTS[level], f"You rated closeness {level} of 5."))
    known = sorted({normalize_tag(t) for t in tags} & TAG_POINTS.keys(), key=lambda t: -TAG_POINTS[t])
    if known:
        points = min(TAG_CAP, sum(TAG_POINTS[t] for t in known))
        parts.append((points, "Tagged " + ", ".join(known) + "."))
    if connected_on is not None:
        days = (now.date() - connected_on).days
        if days >= 0:
            parts.append((min(CONNECTED_CAP, days / 365), f"Connected for {_span(days)}."))
    score = int(round(min(100.0, sum(p for p, _ in parts))))
    reasons = [text for _, text in sorted(parts, key=lambda p: -p[0])]
    if not counts:
        reasons.append("No interactions logged.")
    return Strength(score=score, reasons=tuple(reasons))


def relationship_strength(*, contact: Contact, interactions: Sequence[Interaction], now: datetime) -> Strength:
    """The strength of one contact from their interactions (any order)."""
    return score_relationship(
        closeness=contact.closeness, tags=contact.tags or (), connected_on=contact.connected_on,
        interactions=[(i.kind, i.occurred_at, i.direction) for i in interactions], now=now,
    )


def _chunks(ids: Sequence[int], size: int = 500) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


# What scoring reads, as plain rows: tags as JSON text (decoding 30,000 empty tag lists, and ORM row loading,
# cost more than the scoring itself).
CONTACT_COLUMNS = (Contact.id, Contact.closeness, cast(Contact.tags, String), Contact.connected_on)
INTERACTION_COLUMNS = (Interaction.contact_id, Interaction.kind, Interaction.occurred_at, Interaction.direction)


def strengths(*, session: Session, contact_ids: Sequence[int] | None = None, now: datetime) -> dict[int, Strength]:
    """Strength of many contacts (all when `contact_ids` is None): two queries (two per 500 ids for few)."""
    conn = session.connection()
    wanted = None if contact_ids is None else list(dict.fromkeys(contact_ids))
    if wanted is None or len(wanted) > BULK_ALL_ABOVE:
        # Two queries over everything beat many chunks when most of the network is asked for.
        contacts = _driver_rows(conn.execute(select(*CONTACT_COLUMNS)))
        rows = conn.execute(select(*INTERACTION_COLUMNS)).all()
        if wanted is not None:
            keep = set(wanted)
            contacts = [c for c in contacts if c[0] in keep]
            rows = [r for r in rows if r[0] in keep]
    else:
        contacts, rows = [], []
        # Chunked so SQLite's bound-parameter limit is never reached.
        for chunk in _chunks(wanted):
            contacts += _driver_rows(conn.execute(select(*CONTACT_COLUMNS).where(Contact.id.in_(chunk))))
            rows += conn.execute(select(*INTERACTION_COLUMNS).where(Interaction.contact_id.in_(chunk))).all()
    return score_rows(contacts=contacts, interactions=rows, now=now)


def _driver_rows(result: Any) -> list[Any]:
    """The driver's own rows: 30,000 contacts without SQLAlchemy converting each value (dates are turned
    into date objects by score_rows, only for the rows that need them)."""
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


def score_rows(*, contacts: Iterable[Sequence[Any]], interactions: Iterable[Sequence[Any]],
               now: datetime) -> dict[int, Strength]:
    """Strength per contact from rows read as CONTACT_COLUMNS and INTERACTION_COLUMNS (a contact listed
    twice is scored once; the date connected may be ISO text, as SQLite's driver returns it)."""
    by_contact: dict[int, list[tuple[str, datetime, str]]] = {}
    for contact_id, kind, occurred_at, direction in interactions:
        by_contact.setdefault(contact_id, []).append((kind, occurred_at, direction))
    # Without interactions the score depends on closeness, tags and the date connected only: most of a
    # network shares a few thousand such combinations, each scored once per call.
    plain: dict[tuple[int | None, str | None, date | None], Strength] = {}
    out: dict[int, Strength] = {}
    for cid, closeness, tags, connected_on in contacts:
        if cid in out:
            continue
        done = by_contact.get(cid)
        if done is None:
            key = (closeness, tags, connected_on)
            found = plain.get(key)
            if found is None:
                found = plain[key] = score_relationship(closeness=closeness, tags=_tags(tags),
                                                        connected_on=_date(connected_on), interactions=(), now=now)
            out[cid] = found
        else:
            out[cid] = score_relationship(closeness=closeness, tags=_tags(tags), connected_on=_date(connected_on),
                                          interactions=done, now=now)
    return out


def _date(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def _tags(text: str | None) -> list[str]:
    """A contact's tags from the JSON text of the column (nothing to decode for the usual empty list)."""
    if not text or text in ("[]", "null"):
        return []
    return json.loads(text) or []


def inner_circle(*, session: Session, now: datetime, size: int = INNER_CIRCLE_SIZE,
                 min_score: int = INNER_CIRCLE_MIN, scores: dict[int, Strength] | None = None) -> list[int]:
    """Contact ids of the inner circle: the `size` strongest ties scoring at least `min_score`."""
    scores = strengths(session=session, now=now) if scores is None else scores
    ranked = sorted((-s.score, cid) for cid, s in scores.items() if s.score >= min_score)
    return [cid for _, cid in ranked[:max(size, 0)]]
