"""People: search the network, open a person, log an interaction, review employer matches and merges."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import actions, data, people_review, ui

INTERACTION_KINDS = ["meeting", "call", "email", "message", "event", "helped"]

url = data.database_url()
at = data.now()
st.title("People")
ui.show_flash()


def network() -> None:
    """Search and filter the network; open one person; log an interaction."""
    names = {c["id"]: c["name"] for c in data.companies(url)}
    f1, f2, f3, f4, f5 = st.columns([3, 2, 2, 2, 1])
    search = f1.text_input("Search", placeholder="name, title or employer", key="people_search")
    company = f2.selectbox("Works at", sorted(names.values(), key=str.casefold), index=None,
                           placeholder="Any company", key="people_company")
    tag = f3.selectbox("Tag", data.tags(url), index=None, placeholder="Any tag", key="people_tag")
    min_strength = f4.slider("Strength at least", 0, 100, 0, step=5, key="people_strength")
    due_only = f5.toggle("Due now", help="Only people due for a follow-up or a keep-in-touch", key="people_due")
    _, total = data.people(url, search=search, company=company, tag=tag, min_strength=min_strength,
                           due_only=due_only, limit=0)
    st.caption(f"{total:,} people match")
    offset = ui.pager(key="people_page", total=total, page_size=data.PAGE_SIZE)
    rows, _ = data.people(url, search=search, company=company, tag=tag, min_strength=min_strength,
                          due_only=due_only, offset=offset)
    picked = st.dataframe(
        rows[["name", "title", "employer", "strength", "tags", "due"]], hide_index=True, on_select="rerun",
        selection_mode="single-row", key="people_table",
        column_config={"name": "Name", "title": "Title", "employer": "Employer",
                       "strength": st.column_config.ProgressColumn("Strength", min_value=0, max_value=100,
                                                                   format="%d"),
                       "tags": st.column_config.ListColumn("Tags"),
                       "due": st.column_config.CheckboxColumn("Due")})
    labels = dict(zip(rows["id"], rows["name"], strict=True))
    person_id = st.selectbox("Open a person", list(labels), index=None, format_func=lambda cid: labels[cid],
                             placeholder="Choose someone from this page…", key="people_pick")
    if picked and picked.selection.rows:
        person_id = int(rows.iloc[picked.selection.rows[0]]["id"])

    detail = data.person(url, int(person_id)) if person_id is not None else None
    if detail is not None:
        st.subheader(ui.md(detail["name"]))
        st.caption(ui.md(" · ".join(x for x in (detail["headline"], detail["location"]) if x)))
        left, right = st.columns([1, 2])
        left.metric("Relationship strength", detail["strength"])
        left.caption(ui.md("Tags: " + (", ".join(detail["tags"]) or "none")))
        right.text("\n".join(f"• {r}" for r in detail["strength_reasons"]) or "No reasons recorded.")
        st.markdown("**Employment**")
        st.dataframe(pd.DataFrame(detail["employments"], columns=["employer", "title", "current", "started_on",
                                                                  "ended_on", "company", "source"]),
                     hide_index=True)
        st.markdown("**Interactions**")
        if detail["interactions"]:
            st.dataframe(pd.DataFrame(detail["interactions"])[["date", "kind", "direction", "note"]],
                         hide_index=True, column_config={
                             "date": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD")})
        else:
            st.caption("No interactions logged yet.")
        for followup in detail["follow_ups"]:
            st.text(f"Follow-up due {followup['due_on']} ({ui.ago(followup['due_on'], now=at)}): "
                    f"{followup['reason']}")
        with st.form("log_interaction", clear_on_submit=True):
            st.markdown("**Log an interaction**")
            c1, c2 = st.columns(2)
            kind = c1.selectbox("Kind", INTERACTION_KINDS, key="interaction_kind")
            when = c2.date_input("Date", value=at.date(), max_value=at.date(), key="interaction_date")
            note = st.text_input("Note", placeholder="What you talked about, or what you gave",
                                 key="interaction_note")
            if st.form_submit_button("Log interaction", key="interaction_save"):
                occurred = pd.Timestamp(when).tz_localize("UTC").to_pydatetime()
                with ui.user_errors():
                    actions.log_interaction(url, contact_id=int(person_id), kind=kind, occurred_at=occurred, note=note)
                    ui.flash(f"Logged a {kind} with {detail['name']}.")


# Lazy tabs: only the open tab runs, so the review lists cost nothing until they are looked at.
tab_network, tab_matches, tab_merges = st.tabs(["Your network", "Employer matches", "Suggested merges"],
                                               on_change="rerun", key="people_tabs")
if tab_network.open:
    with tab_network:
        network()
if tab_matches.open:
    with tab_matches:
        people_review.employer_matches(url)
if tab_merges.open:
    with tab_merges:
        people_review.suggested_merges(url)
