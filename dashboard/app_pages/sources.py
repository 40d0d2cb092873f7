"""Sources: the health of every source, recent crawl runs, and "crawl now" without freezing the page."""

from __future__ import annotations

import streamlit as st

from dashboard import crawl_job, data, ui

url = data.database_url()
at = data.now()
st.title("Sources")


@st.fragment(run_every=2)
def crawl_panel() -> None:
    """The crawl button and the state of the current crawl, refreshed every two seconds on its own."""
    job = crawl_job.current(url)
    running = job is not None and job.running
    held = None if running else data.crawl_lock(url)
    if held is not None:  # a crawl from the schedule or the command line: a second one would be refused
        st.info(ui.md(f"A crawl is running ({held['holder']}, since {held['since']:%Y-%m-%d %H:%M} UTC)."),
                icon=":material/sync:")
    if st.button("Crawl now", icon=":material/play_arrow:", disabled=running or held is not None, key="crawl_now",
                 help="Fetch every enabled source in a background process; you can keep using the dashboard."):
        job = crawl_job.start(url)
        running = True
    if job is None:
        st.caption("Crawls also run on schedule (`hjm schedule`) or from the command line (`hjm crawl`).")
    elif running:
        st.session_state["crawl_watched"] = job.started_at
        seconds = int((data.now() - job.started_at).total_seconds())
        done = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in job.progress.items() if isinstance(v, int | float))
        st.info(ui.md(f"Crawling… started {seconds} s ago. {done}. The tables below refresh when it ends."),
                icon=":material/progress_activity:")
    elif job.error:
        st.error(f"The crawl failed: {ui.md(job.error)}")
    elif st.session_state.pop("crawl_watched", None) == job.started_at:
        st.rerun()  # the crawl this page watched just ended: redraw the whole page with fresh tables
    else:
        stats = job.result or {}
        st.success(ui.md(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in stats.items()
                                   if isinstance(v, int | float)) or "Crawl finished."))


crawl_panel()

health = data.sources(url)
st.subheader("Health")
if health.empty:
    st.caption("No sources yet: add one with `hjm sources add URL [--company C]`, "
               "or find a company's feeds with `hjm sources discover COMPANY`.")
else:
    bad = int(health["unhealthy"].sum())
    st.caption(f"{len(health)} sources · {bad} unhealthy (several failures in a row)")
    health = health.assign(url=health["url"].map(ui.http_url))
    st.dataframe(
        health[["unhealthy", "kind", "company", "url", "last_success_at", "last_error_at", "last_error",
                "consecutive_failures", "items_found", "enabled"]].head(data.MAX_ROWS),
        hide_index=True,
        column_config={"unhealthy": st.column_config.CheckboxColumn("Unhealthy"), "kind": "Kind", "company": "Company",
                       "enabled": st.column_config.CheckboxColumn("Enabled"),
                       "url": st.column_config.LinkColumn("URL"),
                       "last_success_at": st.column_config.DatetimeColumn("Last success", format="YYYY-MM-DD HH:mm"),
                       "last_error_at": st.column_config.DatetimeColumn("Last error at", format="YYYY-MM-DD HH:mm"),
                       "last_error": st.column_config.TextColumn("Last error", width="large"),
                       "consecutive_failures": st.column_config.NumberColumn("Failures in a row"),
                       "items_found": st.column_config.NumberColumn("Items")})

st.subheader("Recent crawl runs")
runs = data.crawl_runs(url)
if runs.empty:
    st.caption("No crawl has run yet.")
else:
    labels = {column: column.replace("_", " ").capitalize() for column in runs.columns}
    st.dataframe(runs, hide_index=True, column_config={
        **labels, "id": st.column_config.NumberColumn("Run", format="%d"),
        "started_at": st.column_config.DatetimeColumn("Started (UTC)", format="YYYY-MM-DD HH:mm:ss"),
        "finished_at": st.column_config.DatetimeColumn("Finished (UTC)", format="YYYY-MM-DD HH:mm:ss")})
