"""Import: upload a Connections.csv, Google CSV, vCard or messages.csv; preview it, import it, see the summary."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard import actions, data, ui
from tracker.errors import UserError

FORMATS = {"auto": "Detect from the content", "linkedin": "LinkedIn Connections.csv",
           "google": "Google Contacts CSV", "vcard": "vCard (.vcf)", "linkedin-messages": "LinkedIn messages.csv"}

url = data.database_url()
st.title("Import contacts")
st.caption("Everything stays on this computer. Importing the same file again changes nothing; a newer "
           "Connections.csv records job changes in your network.")

uploaded = st.file_uploader("Contacts export", type=["csv", "vcf", "vcard"], key="import_upload")
typed = st.text_input("…or the path of a file on this computer", key="import_path",
                      help="For large exports, or to re-import a file you keep.")
fmt = st.selectbox("Format", list(FORMATS), format_func=FORMATS.get, key="import_format")

path: Path | None = None
if uploaded is not None:
    # The parsers read files and name them in error messages: keep the upload's own (sanitised) name.
    folder = Path(st.session_state.setdefault("import_dir", tempfile.mkdtemp(prefix="hjm-import-")))
    path = folder / (Path(uploaded.name).name or "upload.csv")
    path.write_bytes(uploaded.getvalue())
elif typed.strip():
    path = Path(typed.strip()).expanduser()
    if not path.is_file():
        st.error(ui.md(f"{path}: no such file"))
        path = None

if path is not None:
    try:
        preview = data.preview_contacts(path, fmt)
    except UserError as exc:
        st.error(ui.md(str(exc)), icon=":material/error:")
        preview = None
    if preview is not None:
        st.subheader("Preview")
        st.caption(f"{FORMATS[preview['fmt']]} · {preview['records']:,} records · {len(preview['skipped']):,} rows "
                   f"will be skipped · first {len(preview['rows'])} shown")
        st.dataframe(pd.DataFrame(preview["rows"]), hide_index=True)
        if preview["skipped"]:
            st.dataframe(pd.DataFrame(preview["skipped"][:200]), hide_index=True)
        if st.button("Import", type="primary", icon=":material/upload:", key="import_go"):
            try:
                st.session_state["import_summary"] = actions.import_contacts(url, path=path, fmt=preview["fmt"])
            except UserError as exc:
                st.error(ui.md(str(exc)), icon=":material/error:")
            finally:
                if uploaded is not None:
                    shutil.rmtree(st.session_state.pop("import_dir"), ignore_errors=True)

summary = st.session_state.get("import_summary")
if summary:
    st.subheader("Import summary")
    counts = {k: v for k, v in summary.items() if isinstance(v, int)}
    for column, (name, value) in zip(st.columns(max(1, len(counts))), counts.items(), strict=False):
        column.metric(name.replace("_", " ").capitalize(), f"{value:,}")
    lists = {k: v for k, v in summary.items() if isinstance(v, list) and v}
    for name, items in lists.items():
        st.markdown(f"**{ui.md(name.replace('_', ' ').capitalize())}**")
        st.dataframe(pd.DataFrame(items[: data.MAX_ROWS] if isinstance(items[0], dict)
                                  else [{"item": str(i)} for i in items[: data.MAX_ROWS]]), hide_index=True)
