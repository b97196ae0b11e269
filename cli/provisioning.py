"""Placeholder until the feature lands; replaced by its owner."""

import typer


def register(app: typer.Typer) -> None:
    """No commands yet."""
