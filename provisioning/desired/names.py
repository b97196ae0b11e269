"""Names are each voice-app section's friendly key: Teams does not enforce them, plans do."""

from __future__ import annotations

from collections.abc import Sequence


def unique_names(section: str, names: Sequence[str]) -> None:
    """Unique within `section`, case-insensitively (as the admin center shows them); the error names both
    items, and the loader turns `section[index]` into the file's line."""
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        if name.casefold() in seen:
            raise ValueError(f"{section}[{index}]: {name!r} is also {section}[{seen[name.casefold()]}]")
        seen[name.casefold()] = index
