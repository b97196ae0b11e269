"""Serialisation helpers shared by the routes: Graph's datetime format and record → JSON."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from typing import Any

ZERO_TIME = "0001-01-01T00:00:00Z"


def iso_utc(value: dt.datetime | None) -> str | None:
    """`2026-10-01T13:45:12Z`: Graph's DateTimeOffset form, always UTC."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = value.astimezone(dt.UTC).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ") if not value.microsecond else value.isoformat() + "Z"


def record_json(record: Any, *, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A dataclass record's public fields as wire JSON (datetimes formatted, private names dropped)."""
    out: dict[str, Any] = {}
    for field in fields(record):
        name = field.name
        if name in skip or name.startswith("_"):
            continue
        value = getattr(record, name)
        if isinstance(value, dt.datetime):
            value = iso_utc(value)
        elif isinstance(value, dt.date):
            value = value.isoformat()
        elif isinstance(value, list):
            value = list(value)
        out[name] = value
    return out
