"""The dashboard's entry point: page setup, the shared sidebar and navigation (`hjm dashboard` runs it)."""

from __future__ import annotations

import streamlit as st
from streamlit import runtime

from dashboard import data

st.set_page_config(page_title="Hidden job market", page_icon=":material/travel_explore:", layout="wide")

pages = {
    "Daily": [
        st.Page("app_pages/today.py", title="Today", icon=":material/today:", default=True),
        st.Page("app_pages/company.py", title="Company", icon=":material/apartment:"),
        st.Page("app_pages/people.py", title="People", icon=":material/group:"),
        st.Page("app_pages/signals.py", title="Signals", icon=":material/notifications:"),
    ],
    "Setup": [
        st.Page("app_pages/sources.py", title="Sources", icon=":material/rss_feed:"),
        st.Page("app_pages/import_.py", title="Import", icon=":material/upload_file:", url_path="import"),
        st.Page("app_pages/settings.py", title="Settings", icon=":material/tune:"),
    ],
}
page = st.navigation(pages)

url = data.database_url()
with st.sidebar:
    st.caption("Database")
    st.text(data.display_url(url))
    if st.button("Refresh data", icon=":material/refresh:", help=f"Data is cached for {data.TTL} seconds."):
        data.refresh()
    st.caption("Local only: nothing leaves this machine.")

page.run()

if runtime.exists():  # a real server, not AppTest: now that this page is drawn, fill the other pages' caches
    data.warm_up(url)
