"""Is an object back to its snapshot? A field-by-field comparison of two objects as the module printed
them (pure), giving one line per difference ("DefaultCallFlow.Menu.MenuOptions[0].CallTarget.Id: was …,
now …") for `emergency restore` to print.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# Properties the service computes on every read (not settings anyone restores): provisioning status.
VOLATILE = frozenset({"Status"})


def differences(before: Any, after: Any, path: str = "") -> list[str]:
    """Where `after` differs from `before`; lists compare item by item (order matters to Teams: menu
    options, ring order, association priority)."""
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        found: list[str] = []
        for key in sorted(set(before) | set(after)):
            if not path and key in VOLATILE:
                continue
            child = f"{path}.{key}" if path else str(key)
            if key not in after:
                found.append(f"{child}: was {_show(before[key])}, now missing")
            elif key not in before:
                if after[key] not in (None, [], {}, ""):
                    found.append(f"{child}: was not set, now {_show(after[key])}")
            else:
                found += differences(before[key], after[key], child)
        return found
    if isinstance(before, list) and isinstance(after, list):
        if len(before) != len(after):
            return [f"{path}: was {len(before)} items, now {len(after)}"]
        return [
            line
            for i, (b, a) in enumerate(zip(before, after, strict=True))
            for line in differences(b, a, f"{path}[{i}]")
        ]
    if before != after:
        return [f"{path or '(object)'}: was {_show(before)}, now {_show(after)}"]
    return []


def _show(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return text if len(text) <= 80 else text[:77] + "..."
