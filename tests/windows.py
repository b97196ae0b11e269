"""Which call-log windows a client asked the sandbox for, from its request log."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

_WINDOW = re.compile(r"\(fromDateTime=([^,]+),toDateTime=([^)]+)\)")


def requested_windows(
    entries: Iterable[Any], function: str = "getPstnCalls"
) -> list[tuple[dt.datetime, dt.datetime]]:
    """First requests of each window (nextLink pages carry $skip), sorted by start."""
    windows = []
    for entry in entries:
        if f"{function}(" in entry.path and "$skip" not in entry.query:
            match = _WINDOW.search(entry.path)
            assert match, entry.path
            windows.append((dt.datetime.fromisoformat(match[1]), dt.datetime.fromisoformat(match[2])))
    return sorted(windows)


def tile(windows: list[tuple[dt.datetime, dt.datetime]], start: dt.datetime, end: dt.datetime) -> bool:
    """Half-open windows of at most 90 days laid end to end over exactly [start, end)."""
    return (
        bool(windows)
        and windows[0][0] == start
        and windows[-1][1] == end
        and all(windows[i][1] == windows[i + 1][0] for i in range(len(windows) - 1))
        and all(a < b <= a + dt.timedelta(days=90) for a, b in windows)
    )
