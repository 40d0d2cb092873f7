"""Today: the hottest target companies, the newest signals, follow-ups due and job changes in the network."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, ui

url = data.database_url()
at = data.now()
overview = data.overview(url)
followups = data.followups_due(url)
changes = data.job_changes(url)

st.title("Today")
st.caption(f"{at:%A %d %B %Y} · companies ranked by heat: recent hiring signals, decayed with age")

m1, m2, m3, m4 = st.columns(4)
m1.metric("Target companies", len(overview))
m2.metric("Signals in 30 days", int(overview["signals_30d"].sum()) if len(overview) else 0)
m3.metric("Follow-ups due", len(followups))
m4.metric("Job changes (90 days)", len(changes))

if overview.empty:
    st.info("No target companies yet. Add some with `hjm companies add NAME` or `hjm companies import FILE.csv`, "
            "then `hjm crawl`; or try everything on fictional data with `hjm demo`.")

hot = overview[overview["heat"] > 0].head(5)
if len(hot):
    st.subheader("Hottest companies")
    for row in hot.itertuples():
        with st.container(border=True):
            left, right = st.columns([2, 3])
            left.page_link(ui.PAGES["company"], label=f"**{ui.md(row.name)}** · heat {row.heat:.1f}",
                           icon=":material/local_fire_department:", query_params={"company": str(row.id)})
            tie = "" if pd.isna(row.best_tie) else f", strongest tie {row.best_tie:.0f}"
            people = ui.plural(row.people, "person", "people") + " you know" + tie
            left.caption(ui.md(f"{people} · {ui.stage(row.stage)}"))
            right.text("\n".join(row.heat_parts) or "no recent signals")

st.subheader("All target companies")
shown = overview.head(data.MAX_ROWS)
picked = st.dataframe(
    shown[["name", "heat", "trend", "signals_30d", "people", "best_tie", "stage", "why"]].assign(
        stage=shown["stage"].map(ui.stage)),
    hide_index=True, on_select="rerun", selection_mode="single-row", key="today_companies",
    column_config={
        "name": st.column_config.TextColumn("Company", pinned=True),
        "heat": st.column_config.NumberColumn("Heat", format="%.1f"),
        "trend": st.column_config.LineChartColumn("Heat, 90 days"),
        "signals_30d": st.column_config.NumberColumn("Signals 30d"),
        "people": st.column_config.NumberColumn("People known"),
        "best_tie": st.column_config.ProgressColumn("Strongest tie", min_value=0, max_value=100, format="%d"),
        "stage": st.column_config.TextColumn("Stage"),
        "why": st.column_config.TextColumn("Why", width="large"),
    },
)
if picked and picked.selection.rows:
    chosen = shown.iloc[picked.selection.rows[0]]
    st.switch_page(ui.PAGES["company"], query_params={"company": str(int(chosen["id"]))})
if len(overview):
    names = dict(zip(overview["id"], overview["name"], strict=True))
    choice = st.selectbox("Open a company", list(names), index=None, format_func=lambda cid: names[cid],
                          placeholder="Choose a company…", key="today_open")
    if choice is not None:
        st.switch_page(ui.PAGES["company"], query_params={"company": str(choice)})

st.subheader("Newest signals")
newest, _ = data.signals(url, limit=15)
if newest.empty:
    st.caption("No signals yet: add sources (`hjm sources add URL`) and crawl (`hjm crawl` or the Sources page).")
else:
    newest = newest.assign(headline=newest["title"].where(newest["title"] != "", newest["evidence"]))
    st.dataframe(newest[["occurred_at", "company", "kind", "confidence", "headline"]], hide_index=True,
                 column_config={"occurred_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD"),
                                "company": "Company", "kind": "Kind",
                                "confidence": st.column_config.NumberColumn("Confidence", format="%.2f"),
                                "headline": st.column_config.TextColumn("Headline", width="large")})

left, right = st.columns(2)
with left:
    st.subheader("Follow-ups due")
    if followups.empty:
        st.caption("Nobody is due. Log interactions on the People page to keep it that way.")
    else:
        shown = followups.head(100).reindex(columns=["contact", "due_on", "status", "reason", "company"])
        st.dataframe(shown, hide_index=True, column_config={
            "contact": "Who", "due_on": st.column_config.DateColumn("Due", format="YYYY-MM-DD"),
            "status": "Status", "reason": st.column_config.TextColumn("Why", width="medium"), "company": "Company"})
with right:
    st.subheader("Job changes in your network")
    if changes.empty:
        st.caption("No job changes in 90 days. They appear when you import a newer Connections.csv.")
    else:
        changes = changes.assign(change=changes["kind"].map({"contact_joined": "joined", "contact_left": "left"}))
        st.dataframe(changes[["occurred_at", "contact", "change", "company"]], hide_index=True,
                     column_config={"occurred_at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD"),
                                    "contact": "Who", "change": "Change", "company": "Company"})
