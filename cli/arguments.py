"""Argument parsing shared by commands: an ISO date option, or exit 2 naming the option."""

from __future__ import annotations

import datetime as dt

from cli.output import EXIT_BAD_INPUT, fail


def iso_date(option: str, text: str | None) -> dt.date | None:
    """None when the option was not given; a bad date exits 2 with a message naming the option."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date in the form YYYY-MM-DD", code=EXIT_BAD_INPUT)


def iso_timestamp(option: str, text: str | None) -> dt.datetime | None:
    """A date or an ISO timestamp; a time without an offset is taken as UTC."""
    if text is None:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date (YYYY-MM-DD) or ISO timestamp", code=EXIT_BAD_INPUT)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
