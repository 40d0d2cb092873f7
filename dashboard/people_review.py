"""The People page's review tabs: employer matches to confirm or reject, and contacts that may be one person."""

from __future__ import annotations

import streamlit as st

from dashboard import actions, data, ui


def employer_matches(url: str) -> None:
    """Employer strings that may be a target company: confirm or reject each (the answer is remembered)."""
    matches = data.employer_matches(url)
    if matches.empty:
        st.caption("No employer matches to review. Near-misses appear here after a contacts import.")
        return
    st.caption("Your contacts' employers that look like a target company, but not surely enough to link "
               "without asking.")
    st.dataframe(matches[["employer", "company", "score", "method", "people"]], hide_index=True,
                 column_config={"employer": st.column_config.TextColumn("Employer as written"),
                                "company": st.column_config.TextColumn("Target company"),
                                "score": st.column_config.ProgressColumn("Score", min_value=0.0, max_value=1.0,
                                                                         format="%.2f"),
                                "people": st.column_config.NumberColumn("People")})
    labels = {int(m.id): f"{m.employer} → {m.company} ({m.score:.2f})" for m in matches.itertuples()}
    with st.form("match_review"):
        match_id = st.selectbox("Match", list(labels), format_func=lambda mid: labels[mid], key="match_pick")
        c1, c2 = st.columns(2)
        confirm = c1.form_submit_button("Same company", key="match_confirm", icon=":material/check:")
        reject = c2.form_submit_button("Not the same", key="match_reject", icon=":material/close:")
    if confirm or reject:
        with ui.user_errors():
            actions.decide_employer_match(url, match_id=match_id, confirm=bool(confirm))
            ui.flash(f"{labels[match_id]}: {'confirmed' if confirm else 'rejected'}.")


def suggested_merges(url: str) -> None:
    """Contacts that look like one person: merge them (every source record is kept; a split undoes it)."""
    pairs = data.merge_suggestions(url)
    if pairs.empty:
        st.caption("No likely duplicates. Contacts with the same email or LinkedIn URL merge on import; "
                   "people with the same name are listed here for you to decide.")
        return
    st.dataframe(pairs[["keep", "keep_title", "other", "other_title", "reason"]], hide_index=True,
                 column_config={"keep": "Contact", "keep_title": "Title", "other": "Maybe the same as",
                                "other_title": "Title ", "reason": "Why"})
    labels = {(int(p.keep_id), int(p.other_id)): f"{p.keep} (#{p.keep_id}) + {p.other} (#{p.other_id})"
              for p in pairs.itertuples()}
    with st.form("merge_review"):
        pair = st.selectbox("Pair", list(labels), format_func=lambda key: labels[key], key="merge_pick")
        c1, c2 = st.columns(2)
        merge = c1.form_submit_button("Merge into one person", key="merge_go", icon=":material/merge:")
        dismiss = c2.form_submit_button("Different people", key="merge_dismiss", icon=":material/call_split:")
    with ui.user_errors():
        if merge:
            actions.merge_contacts(url, keep_id=pair[0], other_id=pair[1])
            ui.flash(f"Merged {labels[pair]}.")
        elif dismiss:
            actions.dismiss_merge(url, keep_id=pair[0], other_id=pair[1])
            ui.flash(f"Kept apart: {labels[pair]}.")

