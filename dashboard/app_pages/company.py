"""Company: heat and why, a timeline of signals with their sources, who to ask, an outreach draft, pipeline."""

from __future__ import annotations

from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from dashboard import actions, data, ui

SIGNALS_PER_PAGE = 10
TIMELINE_DAYS = 365
WHO_SHOWN = 3  # cards in view; the rest of the ten wait in an expander

url = data.database_url()
at = data.now()
choices = data.companies(url)
if not choices:
    st.title("Company")
    st.info("No target companies yet: add some with `hjm companies add NAME`, or run `hjm demo`.")
    st.stop()

current = ui.company_from_query(choices)
if current is None:  # no company named in the URL: the hottest one
    overview = data.overview(url)
    current = int(overview.iloc[0]["id"]) if len(overview) else choices[0]["id"]
names = {c["id"]: c["name"] for c in choices}
company_id = st.selectbox("Company", list(names), index=list(names).index(current),
                          format_func=lambda cid: names[cid], key="company_pick")
if str(company_id) != st.query_params.get("company"):
    st.query_params["company"] = str(company_id)  # the URL names the company, so it can be bookmarked

row = data.company(url, company_id)
heat = data.heat_detail(url, company_id)
st.title(ui.md(row["name"]))
ui.show_flash()
st.caption(ui.md(" · ".join(x for x in (row["domain"], f"pipeline: {ui.stage(row['stage'])}")
                            if isinstance(x, str) and x)))

m1, m2, m3, m4 = st.columns(4)
m1.metric("Heat", f"{heat['score']:.1f}")
m2.metric("Signals in 30 days", int(row["signals_30d"]))
m3.metric("People you know there", int(row["people"]))
m4.metric("Strongest tie", "–" if row["best_tie"] is None else int(row["best_tie"]))



def person_card(rank: int, person: dict) -> None:
    """One person to ask: who, how they relate, why, and what to ask."""
    with st.container(border=True):
        st.markdown(f"**{rank}. {ui.md(person['contact'])}** · score {person['score']:.0f}")
        last = person.get("last_interaction")
        st.caption(ui.md(" · ".join(x for x in (person["relation"], person.get("title") or "",
                                                 f"last in touch {ui.ago(last, now=at) if last else 'never'}") if x)))
        st.text("\n".join(f"• {reason}" for reason in person["reasons"]) + f"\n→ {person['suggested_ask']}")


left, right = st.columns([3, 2], gap="large")
with left:
    st.subheader("Why this heat")
    if heat["parts"]:
        st.text("\n".join(part["text"] for part in heat["parts"][:12]))
    else:
        st.caption("No signals count towards heat right now.")
    frame = data.timeline(url, company_id)
    frame = frame[frame["occurred_at"] >= pd.Timestamp(at - timedelta(days=TIMELINE_DAYS))]
    if len(frame):
        kinds = {k["name"]: k for k in data.signal_kinds(url)}
        frame = frame.assign(direction=frame["kind"].map(
            lambda k: "positive" if kinds.get(k, {}).get("positive", True) else "negative"))
        domain = [(at - timedelta(days=TIMELINE_DAYS)).isoformat(), at.isoformat()]
        chart = (alt.Chart(frame, title=f"Signals, last {TIMELINE_DAYS} days").mark_circle(opacity=0.85)
                 .encode(x=alt.X("occurred_at:T", title=None, scale=alt.Scale(domain=domain),
                                 axis=alt.Axis(format="%b %Y")),
                         y=alt.Y("kind:N", title=None),
                         size=alt.Size("confidence:Q", legend=None, scale=alt.Scale(domain=[0, 1], range=[20, 220])),
                         color=alt.Color("direction:N", legend=None,
                                         scale=alt.Scale(domain=["positive", "negative"],
                                                         range=["#2e7d32", "#c62828"])),
                         tooltip=[alt.Tooltip("occurred_at:T", title="date"), "kind:N",
                                  alt.Tooltip("confidence:Q", format=".2f")])
                 .properties(height=max(120, 30 * frame["kind"].nunique())))
        st.altair_chart(chart, width="stretch")

with right:
    st.subheader("Who to ask")
    include_recent = st.toggle("Include people asked elsewhere this week", key="who_all",
                               help="People you wrote to about another company in the last 7 days are left out, "
                                    "so one friend is not asked everywhere at once.")
    people = data.who_to_ask(url, company_id, include_recent)
    if not people:
        st.caption("Nobody in your network is linked to this company yet: import contacts on the Import page.")
    for i, person in enumerate(people[:WHO_SHOWN], start=1):
        person_card(i, person)
    if len(people) > WHO_SHOWN:
        with st.expander(f"{len(people) - WHO_SHOWN} more people to ask"):
            for i, person in enumerate(people[WHO_SHOWN:], start=WHO_SHOWN + 1):
                person_card(i, person)


# Lazy tabs: only the open tab runs (the outreach draft, for one, is worth computing only when read).
tab_signals, tab_outreach, tab_pipeline = st.tabs(["Signals", "Outreach", "Pipeline"], on_change="rerun",
                                                  key="company_tabs")


def _signals() -> None:
    """Every signal of the company, newest first, with its evidence, facts and sources."""
    _, total = data.signals(url, company_ids=(company_id,), limit=0)
    offset = ui.pager(key=f"company_signals_page_{company_id}", total=total, page_size=SIGNALS_PER_PAGE)
    page, _ = data.signals(url, company_ids=(company_id,), offset=offset, limit=SIGNALS_PER_PAGE)
    if page.empty:
        st.caption("No signals yet for this company.")
    sources = data.sources_of(url, tuple(int(i) for i in page["id"]))
    for sig in page.itertuples():
        with st.container(border=True):
            st.markdown(f"**{ui.md(sig.kind.replace('_', ' '))}** · {sig.occurred_at:%Y-%m-%d} "
                        f"({ui.ago(sig.occurred_at, now=at)}) · confidence {sig.confidence:.2f} · signal {sig.id}")
            if sig.title:
                st.text(sig.title)
            st.text(f"Evidence: {sig.evidence}")
            if ui.facts_text(sig.facts):
                st.text(f"Facts: {ui.facts_text(sig.facts)}")
            told = pd.DataFrame(sources.get(sig.id, []), columns=["published_at", "title", "url", "source"])
            if len(told):
                told["url"] = told["url"].map(ui.http_url)
                st.dataframe(told, hide_index=True, column_config={
                    "published_at": st.column_config.DatetimeColumn("Published", format="YYYY-MM-DD"),
                    "title": st.column_config.TextColumn("Source article", width="large"),
                    "url": st.column_config.LinkColumn("Link"),
                    "source": st.column_config.TextColumn("Feed")})


def _outreach() -> None:
    """A draft message to one person about one signal; copy it, then log it as sent."""
    if not people:
        st.caption("An outreach draft needs someone to write to.")
    else:
        who = {p["contact_id"]: p["contact"] for p in people}
        contact_id = st.selectbox("Write to", list(who), format_func=lambda cid: who[cid], key="outreach_contact")
        recent, _ = data.signals(url, company_ids=(company_id,), limit=30)
        about = {None: "The best signal for this person"}
        about.update({int(s.id): f"{s.occurred_at:%Y-%m-%d} {s.kind}: {s.title or s.evidence}"[:120]
                      for s in recent.itertuples()})
        signal_id = st.selectbox("About", list(about), format_func=lambda sid: about[sid], key="outreach_signal")
        with ui.user_errors():
            draft = data.outreach_draft(url, company_id, contact_id, signal_id)
            st.caption(ui.md(f"Ask level: {draft['ask_level']} · template {draft['template'].rsplit('/', 1)[-1]}"))
            st.code(f"Subject: {draft['subject']}\n\n{draft['body']}", language=None, wrap_lines=True)
            if st.button("Log as sent", icon=":material/send:", key="outreach_log"):
                logged = actions.log_outreach(url, company_id=company_id, contact_id=contact_id, signal_id=signal_id)
                ui.flash(f"Logged as sent to {who[contact_id]}. Follow-up due on {logged['follow_up_on']}.")


def _pipeline() -> None:
    """Where the company stands in your pipeline, with notes and history."""
    info = data.pipeline(url, company_id)
    stages = list(actions.STAGES)
    with st.form("pipeline_form"):
        stage = st.selectbox("Stage", stages, index=stages.index(info["stage"]) if info["stage"] in stages else 0,
                             format_func=ui.stage, key="stage_pick")
        note = st.text_area("Note", placeholder="What happened, what's next", key="stage_note")
        if st.form_submit_button("Save stage", key="stage_save"):
            with ui.user_errors():
                actions.set_stage(url, company_id=company_id, stage=stage, note=note)
                ui.flash(f"Stage set to {ui.stage(stage)}.")
    if info["history"]:
        st.dataframe(pd.DataFrame(info["history"])[["at", "from", "stage", "note"]], hide_index=True,
                     column_config={"at": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm")})


if tab_signals.open:
    with tab_signals:
        _signals()
if tab_outreach.open:
    with tab_outreach:
        _outreach()
if tab_pipeline.open:
    with tab_pipeline:
        _pipeline()
