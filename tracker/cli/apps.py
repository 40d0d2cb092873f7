"""The Typer apps that several command modules add commands to."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="hjm",
    help="Hidden job market tracker: hiring signals at your target companies, and whom in your network to ask.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
companies_app = typer.Typer(
    help="Target companies: add, import, list, match employers, pipeline.", no_args_is_help=True
)
contacts_app = typer.Typer(help="Your network: import exports, list, merge, split, forget.", no_args_is_help=True)
sources_app = typer.Typer(help="Sources to crawl: add, discover, list with health.", no_args_is_help=True)
interactions_app = typer.Typer(help="Interactions with contacts: log and list.", no_args_is_help=True)
profile_app = typer.Typer(help="Your own goals: target roles, functions, seniority, locations.", no_args_is_help=True)

app.add_typer(companies_app, name="companies")
app.add_typer(contacts_app, name="contacts")
app.add_typer(sources_app, name="sources")
app.add_typer(interactions_app, name="interactions")
app.add_typer(profile_app, name="profile")
