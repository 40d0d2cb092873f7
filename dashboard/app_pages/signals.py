"""Signals: every signal with filters (kind, company, date, confidence), and "wrong signal" feedback."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import streamlit as st

from dashboard import actions, data, ui

url = data.database_url()
at = data.now()
st.title("Signals")
ui.show_flash()

kinds = {k["name"]: k["label"] for k in data.signal_kinds(url)}
choices = {c["id"]: c["name"] for c in data.companies(url)}
f1, f2 = st.columns(2)
picked_kinds = f1.multiselect("Kind", list(kinds), format_func=lambda k: kinds[k], placeholder="Any kind",
                              key="signals_kinds")
picked_companies = f2.multiselect("Company", list(choices), format_func=lambda cid: choices[cid],
                                  placeholder="Any company", key="signals_companies")
f3, f4, f5 = st.columns([2, 2, 1])
period = f3.date_input("Between", value=(at.date() - timedelta(days=365), at.date()), max_value=at.date(),
                       key="signals_period")
min_confidence = f4.slider("Confidence at least", 0.0, 1.0, 0.0, step=0.05, key="signals_confidence")
include_wrong = f5.toggle("Show wrong", help="Include signals marked wrong", key="signals_wrong")

start, end = (period + (period[-1],))[:2] if isinstance(period, tuple) and period else (None, None)
since = datetime.combine(start, time.min, tzinfo=UTC) if start else None
until = datetime.combine(end, time.min, tzinfo=UTC) + timedelta(days=1) if end else None
filters = {"kinds": tuple(picked_kinds), "company_ids": tuple(picked_companies), "since": since, "until": until,
           "min_confidence": min_confidence, "include_wrong": include_wrong}

_, total = data.signals(url, **filters, limit=0)
st.caption(f"{total:,} signals match")
offset = ui.pager(key="signals_page", total=total, page_size=data.PAGE_SIZE)
page, _ = data.signals(url, **filters, offset=offset, limit=data.PAGE_SIZE)
page = page.assign(facts=page["facts"].map(ui.facts_text), url=page["url"].map(ui.http_url))
st.dataframe(
    page[["id", "occurred_at", "company", "kind", "confidence", "title", "evidence", "facts", "url", "wrong"]],
    hide_index=True,
    column_config={"id": st.column_config.NumberColumn("Signal", format="%d"),
                   "occurred_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD"),
                   "confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
                   "title": st.column_config.TextColumn("Headline", width="medium"),
                   "evidence": st.column_config.TextColumn("Evidence", width="large"),
                   "url": st.column_config.LinkColumn("Link"),
                   "wrong": st.column_config.CheckboxColumn("Wrong")})

if len(page):
    with st.form("wrong_signal", clear_on_submit=True):
        st.markdown("**Wrong signal?** Your correction is kept as labelled data, and the signal stops counting.")
        labels = {int(s.id): f"{s.id} · {s.company} · {s.kind} · {(s.title or s.evidence)[:80]}"
                  for s in page.itertuples()}
        c1, c2 = st.columns([3, 2])
        signal_id = c1.selectbox("Signal", list(labels), format_func=lambda sid: labels[sid], key="wrong_signal_id")
        corrected = c2.selectbox("It is really", [None, *kinds], key="wrong_signal_kind",
                                 format_func=lambda k: "not a signal at all" if k is None else kinds[k])
        if st.form_submit_button("Mark as wrong", key="wrong_signal_save"):
            with ui.user_errors():
                actions.mark_signal_wrong(url, signal_id=signal_id, corrected_kind=corrected)
                ui.flash(f"Signal {signal_id} marked wrong" + (f" (really {corrected})." if corrected else "."))
