"""Settings: your profile (target roles, locations), signal weights, the heat half-life, keep-in-touch cadences."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import actions, data, ui

url = data.database_url()
st.title("Settings")
ui.show_flash()
values = data.preferences(url)

st.subheader("Your profile")
st.caption("Used to tell peers, mentors and likely hiring managers from everyone else when ranking who to ask.")
profile = values["profile"]
with st.form("profile_form"):
    c1, c2 = st.columns(2)
    roles = c1.text_area("Target roles (one per line)", "\n".join(profile["roles"]), key="profile_roles")
    functions = c2.text_area("Functions (one per line)", "\n".join(profile["functions"]), key="profile_functions")
    c3, c4 = st.columns(2)
    seniority = c3.text_input("Seniority", profile["seniority"] or "", placeholder="e.g. senior",
                              key="profile_seniority")
    locations = c4.text_area("Locations (one per line)", "\n".join(profile["locations"]), key="profile_locations")
    if st.form_submit_button("Save profile", key="profile_save"):
        with ui.user_errors():
            actions.save_profile(url, roles=roles.splitlines(), functions=functions.splitlines(),
                                 seniority=seniority, locations=locations.splitlines())
            ui.flash("Profile saved.")

st.subheader("Signal weights")
st.caption("How much each kind of signal adds to a company's heat (negative kinds subtract). Edit the "
           "'Your weight' column; clear a cell to go back to the default.")
weights = pd.DataFrame(values["weights"], columns=["kind", "label", "default", "weight"])
with st.form("weights_form"):
    edited = st.data_editor(
        weights, hide_index=True, disabled=["kind", "label", "default"], key="weights_editor",
        column_config={"kind": st.column_config.TextColumn("Kind"), "label": st.column_config.TextColumn("Label"),
                       "default": st.column_config.NumberColumn("Default", format="%.2f"),
                       "weight": st.column_config.NumberColumn("Your weight", format="%.2f", min_value=-10.0,
                                                               max_value=10.0, step=0.1)})
    if st.form_submit_button("Save weights", key="weights_save"):
        with ui.user_errors():
            actions.save_weights(url, {row.kind: row.weight for row in edited.itertuples()
                                       if pd.notna(row.weight) and abs(row.weight - row.default) > 1e-9})
            ui.flash("Signal weights saved.")

st.subheader("Heat half-life")
with st.form("half_life_form"):
    half_life = st.number_input("Days after which a signal counts half", min_value=1.0, max_value=730.0,
                                value=float(values["half_life_days"]), step=1.0, key="half_life")
    if st.form_submit_button("Save half-life", key="half_life_save"):
        with ui.user_errors():
            actions.save_half_life(url, half_life)
            ui.flash(f"Half-life set to {half_life:g} days.")

st.subheader("Keep-in-touch cadences")
st.caption("How often to hear from people: a default for everyone with a cadence, and one per tag "
           "(for example 60 days for 'inner circle'). A cadence set on one person wins.")
cadences = pd.DataFrame(values["cadences"], columns=["applies_to", "days"])
with st.form("cadences_form"):
    edited_cadences = st.data_editor(
        cadences, hide_index=True, num_rows="dynamic", key="cadences_editor",
        column_config={"applies_to": st.column_config.TextColumn("Tag (or 'default')", required=True),
                       "days": st.column_config.NumberColumn("Every N days", min_value=1, max_value=3650, step=1,
                                                             required=True)})
    if st.form_submit_button("Save cadences", key="cadences_save"):
        with ui.user_errors():
            actions.save_cadences(url, {str(r.applies_to).strip(): int(r.days) for r in edited_cadences.itertuples()
                                        if pd.notna(r.days) and str(r.applies_to or "").strip()})
            ui.flash("Cadences saved.")
