"""Scalar values as `ConvertTo-Json` prints the MicrosoftTeams module's objects: enums, TimeSpan,
DateTime, `tel:` URIs. Every failure names the field's path, so a bad state points at its source.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any


class WireError(ValueError):
    """The module's output did not have the shape the docs describe; the message names the field."""


def text(value: Any, path: str, *, default: str = "") -> str:
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise WireError(f"{path}: expected a string, got {type(value).__name__}")


def flag(value: Any, path: str, *, default: bool = False) -> bool:
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.casefold() in ("true", "false"):
        return value.casefold() == "true"
    raise WireError(f"{path}: expected true/false, got {value!r}")


def number(value: Any, path: str, *, default: int | None = None) -> int | None:
    if value is None:
        return default
    if isinstance(value, bool):
        raise WireError(f"{path}: expected a number, got {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    raise WireError(f"{path}: expected a number, got {value!r}")


def items(value: Any, path: str) -> list[Any]:
    """A list property; `ConvertTo-Json` prints a one-element array as the bare element, and $null as null."""
    if value is None:
        return []
    if isinstance(value, list):
        return value
    # quirk: PowerShell unrolls single-item collections, so one object can stand where a list is expected.
    return [value]


def record(value: Any, path: str) -> Mapping[str, Any]:
    if isinstance(value, Mapping):
        return value
    raise WireError(f"{path}: expected an object, got {type(value).__name__}")


def enum(value: Any, path: str, allowed: Sequence[str], *, numeric: Sequence[str] = ()) -> str:
    """An enum value by name (case-insensitive). `numeric` is the documented order, used only when the
    value arrives as a number (ConvertTo-Json without -EnumsAsStrings prints .NET enums as integers)."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value < len(numeric):
            return numeric[value]
        raise WireError(
            f"{path}: enum printed as the number {value}; the worker must use ConvertTo-Json -EnumsAsStrings"
        )
    name = text(value, path)
    for candidate in allowed:
        if candidate.casefold() == name.casefold():
            return candidate
    raise WireError(f"{path}: {name!r} is not one of {', '.join(allowed)}")


def tel(value: str) -> str:
    """`tel:+15615550100` → `+15615550100` (Teams writes PSTN targets as tel: URIs)."""
    return value[4:] if value.casefold().startswith("tel:") else value


_TIMESPAN = re.compile(r"(?:(\d+)\.)?(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?")
TICKS_PER_MINUTE = 600_000_000


def minutes_of_day(value: Any, path: str) -> int:
    """A TimeSpan (New-CsOnlineTimeRange Start/End) as minutes since midnight; 1.00:00:00 is 1440."""
    if isinstance(value, Mapping):
        # quirk: ConvertTo-Json prints a .NET TimeSpan as an object (Ticks, Days, Hours, Minutes, …).
        if "Ticks" in value:
            ticks = number(value["Ticks"], f"{path}.Ticks", default=0) or 0
            return ticks // TICKS_PER_MINUTE
        parts = [number(value.get(k), f"{path}.{k}", default=0) or 0 for k in ("Days", "Hours", "Minutes")]
        return parts[0] * 1440 + parts[1] * 60 + parts[2]
    match = _TIMESPAN.fullmatch(text(value, path).strip())
    if not match:
        raise WireError(f"{path}: {value!r} is not a time of day (HH:MM[:SS])")
    days, hours, minutes = int(match[1] or 0), int(match[2]), int(match[3])
    total = days * 1440 + hours * 60 + minutes
    if total > 1440 or minutes >= 60:
        raise WireError(f"{path}: {value!r} is not a time of day (HH:MM[:SS])")
    return total


_MS_DATE = re.compile(r"/Date\((-?\d+)(?:[+-]\d{4})?\)/")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2}))?")


def wall_clock(value: Any, path: str) -> dt.datetime:
    """A DateTime of a fixed schedule as a naive wall-clock time: schedules are evaluated in the AA's own
    time zone (voice-apps.md §2.3), so any offset the serializer attached is dropped, not converted."""
    raw = text(value, path).strip()
    if match := _MS_DATE.fullmatch(raw):  # Windows PowerShell 5.1 prints "\/Date(ms)\/"
        return dt.datetime(1970, 1, 1) + dt.timedelta(milliseconds=int(match[1]))
    if match := _DMY.fullmatch(raw):  # the New-CsOnlineDateTimeRange / display format d/m/yyyy H:mm
        day, month, year = int(match[1]), int(match[2]), int(match[3])
        return dt.datetime(year, month, day, int(match[4] or 0), int(match[5] or 0))
    try:
        parsed = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError as exc:
        raise WireError(f"{path}: {raw!r} is not a date-time") from exc
    # quirk: PowerShell 7 prints DateTime of Kind Local with the machine's offset; the wall clock is the value.
    return parsed.replace(tzinfo=None)
