"""Small readers for the module's JSON output (PascalCase, as `ConvertTo-Json` prints it).

Missing properties read as None/empty; enum values stay raw strings so an unknown value survives.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Json = Mapping[str, Any]


def as_list(value: Any) -> list[Any]:
    """ConvertTo-Json prints one object for a single result and a list for several: always a list."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def obj(data: Json, key: str) -> Json:
    value = data.get(key)
    return value if isinstance(value, Mapping) else {}


def objs(data: Json, key: str) -> list[Json]:
    return [item for item in as_list(data.get(key)) if isinstance(item, Mapping)]


def text(data: Json, *keys: str) -> str | None:
    """The first of `keys` that holds a value, as text (ids may come as GUID strings or numbers)."""
    for key in keys:
        value = data.get(key)
        if value is not None and value != "":
            return str(value)
    return None


def texts(data: Json, key: str) -> tuple[str, ...]:
    return tuple(str(item) for item in as_list(data.get(key)) if item is not None and item != "")


def flag(data: Json, key: str, default: bool = False) -> bool:
    value = data.get(key)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return default


def number(data: Json, key: str) -> int | None:
    value = data.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.lstrip("-").isdigit():
        return int(value)
    return None


def time_text(value: Any) -> str:
    """A TimeSpan prints as .NET's object ({"Days", "Hours", "Minutes", ...}): as `HH:MM` (`1.00:00` for
    midnight at the end of a day). A DateTime prints as ISO text and is kept as it is."""
    if isinstance(value, Mapping) and "Hours" in value:
        days, hours, minutes = (int(value.get(k) or 0) for k in ("Days", "Hours", "Minutes"))
        seconds = int(value.get("Seconds") or 0)
        clock = f"{hours:02d}:{minutes:02d}" + (f":{seconds:02d}" if seconds else "")
        return f"{days}.{clock}" if days else clock
    return "" if value is None else str(value)
