"""CLI commands (being built)."""
