"""Render a digest as Markdown (files, chat webhooks) or HTML (e-mail); crawled text is untrusted."""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from tracker.digest import CompanySection, Digest

# Characters that make Markdown do something (links, images, emphasis, raw HTML, tables, headings).
_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]()<>#|!~])")
# Kept as is in URLs; everything else (spaces, quotes, brackets, parentheses, < >) is percent-encoded.
_URL_SAFE = "/:?#@!$&*+,;=%~"


def md_escape(text: Any) -> str:
    """Untrusted text as inert Markdown: one line, active characters backslash-escaped."""
    return _MD_ACTIVE.sub(r"\\\1", " ".join(str(text or "").split()))


def safe_url(url: str | None) -> str | None:
    """An http(s) URL with spaces, quotes, brackets and parentheses percent-encoded; None for anything else."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return quote(url.strip(), safe=_URL_SAFE)


def _day(value: Any) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, date):
        return value.isoformat()
    return str(value or "")


def _followup_text(row: dict[str, Any]) -> tuple[str, str, str, str]:
    """(who, company, due, reason) of a tracker.network.followups.due_followups row."""
    due = _day(row.get("due_on"))
    overdue = row.get("days_overdue") or 0
    if isinstance(overdue, int) and overdue > 0:
        due += f" ({overdue} day{'s' * (overdue != 1)} overdue)"
    return str(row.get("contact") or ""), str(row.get("company") or ""), due, str(row.get("reason") or "")


# --- Markdown ------------------------------------------------------------------------------------


def _md_company(section: CompanySection) -> list[str]:
    lines = [f"## {md_escape(section.name)} (heat {section.heat:.1f})", ""]
    for s in section.signals:
        links = [u for u in (safe_url(x) for x in (s.url, *s.more_urls)) if u]
        source = " (" + ", ".join(f"[source]({u})" for u in links) + ")" if links else ""
        lines.append(f"- **{md_escape(s.label)}**: {md_escape(s.text)}, {s.occurred_at:%Y-%m-%d}{source}")
        if s.evidence and s.evidence.strip() != s.text.strip():
            lines.append(f"  > {md_escape(s.evidence[:300])}")
    if section.more_signals:
        lines.append(f"- … and {section.more_signals} more")
    lines.append("")
    if section.people:
        lines.append("Who to ask:")
        for p in section.people:
            role = ", ".join(x for x in (p.title, p.relation) if x)
            lines.append(f"- **{md_escape(p.name)}**" + (f" ({md_escape(role)})" if role else ""))
            if p.reasons:
                lines.append(f"  - Why: {md_escape(' '.join(p.reasons))}")
            if p.suggested_ask:
                lines.append(f"  - Ask: {md_escape(p.suggested_ask)}")
    else:
        lines.append("Nobody in your network there yet: look for a connector (hjm who).")
    lines.append("")
    return lines


def render_markdown(digest: Digest) -> str:
    """The digest as Markdown."""
    out = [f"# Hidden job market digest, {digest.since:%Y-%m-%d} to {digest.now:%Y-%m-%d}", ""]
    if digest.is_empty:
        out += ["Nothing new in this period.", ""]
    if digest.companies:
        out += [f"{digest.signal_count} new signals at {len(digest.companies)} companies.", ""]
        for section in digest.companies:
            out += _md_company(section)
    if digest.job_changes:
        out += ["## Job changes in your network", ""]
        for c in digest.job_changes:
            verb = "joined" if c.joined else "left"
            out.append(f"- {md_escape(c.contact)} {verb} **{md_escape(c.company)}** ({c.occurred_at:%Y-%m-%d})")
        out.append("")
    if digest.followups:
        out += ["## Follow-ups due", ""]
        for row in digest.followups:
            who, company, due, reason = _followup_text(row)
            bits = [f"**{md_escape(who)}**"] + ([f"about {md_escape(company)}"] if company else [])
            out.append(f"- {' '.join(bits)}, due {due}" + (f": {md_escape(reason)}" if reason else ""))
        out.append("")
    if digest.hottest:
        out += ["## Hottest companies now", ""]
        for row in digest.hottest:
            why = "; ".join(row["heat_parts"][:2])
            out.append(f"- {md_escape(row['name'])}: {row['heat']:.1f}" + (f" ({md_escape(why)})" if why else ""))
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# --- HTML ----------------------------------------------------------------------------------------


def _e(value: Any) -> str:
    return html.escape(str(value or ""), quote=True)


def _html_company(section: CompanySection) -> str:
    items = []
    for s in section.signals:
        links = [u for u in (safe_url(x) for x in (s.url, *s.more_urls)) if u]
        source = " (" + ", ".join(f'<a href="{_e(u)}">source</a>' for u in links) + ")" if links else ""
        colour = "#1a7f37" if s.positive else "#b42318"
        quote_html = (f'<br><span style="color:#555">{_e(s.evidence[:300])}</span>'
                      if s.evidence and s.evidence.strip() != s.text.strip() else "")
        items.append(f'<li><strong style="color:{colour}">{_e(s.label)}</strong>: {_e(s.text)}, '
                     f"{s.occurred_at:%Y-%m-%d}{source}{quote_html}</li>")
    if section.more_signals:
        items.append(f"<li>… and {section.more_signals} more</li>")
    people = []
    for p in section.people:
        role = ", ".join(x for x in (p.title, p.relation) if x)
        why = f"<br>Why: {_e(' '.join(p.reasons))}" if p.reasons else ""
        ask = f"<br>Ask: <em>{_e(p.suggested_ask)}</em>" if p.suggested_ask else ""
        people.append(f"<li><strong>{_e(p.name)}</strong>{f' ({_e(role)})' if role else ''}{why}{ask}</li>")
    who = (f"<p>Who to ask:</p><ul>{''.join(people)}</ul>" if people
           else "<p>Nobody in your network there yet: look for a connector (hjm who).</p>")
    return f"<h2>{_e(section.name)} <small>(heat {section.heat:.1f})</small></h2><ul>{''.join(items)}</ul>{who}"


def render_html(digest: Digest) -> str:
    """The digest as a self-contained HTML page (every crawled or imported value escaped)."""
    title = f"Hidden job market digest, {digest.since:%Y-%m-%d} to {digest.now:%Y-%m-%d}"
    body = [f"<h1>{_e(title)}</h1>"]
    if digest.is_empty:
        body.append("<p>Nothing new in this period.</p>")
    if digest.companies:
        body.append(f"<p>{digest.signal_count} new signals at {len(digest.companies)} companies.</p>")
        body += [_html_company(s) for s in digest.companies]
    if digest.job_changes:
        rows = "".join(f"<li>{_e(c.contact)} {'joined' if c.joined else 'left'} <strong>{_e(c.company)}</strong>"
                       f" ({c.occurred_at:%Y-%m-%d})</li>" for c in digest.job_changes)
        body.append(f"<h2>Job changes in your network</h2><ul>{rows}</ul>")
    if digest.followups:
        rows = []
        for row in digest.followups:
            who, company, due, reason = _followup_text(row)
            about = f" about {_e(company)}" if company else ""
            rows.append(f"<li><strong>{_e(who)}</strong>{about}, due {_e(due)}"
                        f"{': ' + _e(reason) if reason else ''}</li>")
        body.append(f"<h2>Follow-ups due</h2><ul>{''.join(rows)}</ul>")
    if digest.hottest:
        rows = "".join(f"<li>{_e(r['name'])}: {r['heat']:.1f} <small>{_e('; '.join(r['heat_parts'][:2]))}</small>"
                       "</li>" for r in digest.hottest)
        body.append(f"<h2>Hottest companies now</h2><ul>{rows}</ul>")
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{_e(title)}</title></head>"
            '<body style="font-family:sans-serif;max-width:46em">' + "\n".join(body) + "</body></html>\n")


def render(digest: Digest, fmt: str = "md") -> str:
    """Render in 'md' or 'html'."""
    if fmt == "html":
        return render_html(digest)
    if fmt in {"md", "markdown"}:
        return render_markdown(digest)
    raise ValueError(f"unknown digest format '{fmt}' (md or html)")
