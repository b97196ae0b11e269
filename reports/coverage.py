"""Is the store's call history complete for a report's period? (store.sync_state, store.calls' span)

A period that was never synced, or that a failed sync did not reach, would otherwise print
`0 minutes … -100 %` as if nobody had phoned: refuse it, say what is missing and the command that fixes it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reports.periods import Period
from store import Store

# Call-log sources `report sync` records in sync_state, with the name people know them by.
SOURCES = {"pstn": "PSTN calls", "direct_routing": "Direct Routing calls"}
# A period still in progress is complete enough when the last sync is this recent.
FRESH = dt.timedelta(hours=1)


class ReportDataMissing(Exception):
    """The store lacks call history the period needs; `hint` is the command that fetches it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Coverage:
    """What the store holds: how far each source has synced, and the first call it has."""

    synced_through: dict[str, dt.datetime | None]
    first_call: dt.datetime | None


def _day(moment: dt.datetime, tz: str) -> dt.date:
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo(tz)).date()


def missing(period: Period, coverage: Coverage, now: dt.datetime) -> ReportDataMissing | None:
    """Pure: the problem with reporting `period` from `coverage` at `now`, or None when it is complete."""
    _start, end = period.utc_bounds()
    since = f"{period.first:%Y-%m-%d}"
    fix = f"run `switchboard report sync --since {since}`, then the report again"
    never = [label for source, label in SOURCES.items() if coverage.synced_through.get(source) is None]
    if never:
        return ReportDataMissing(
            f"{' and '.join(never)} have never been synced completely into this database, so the report "
            f"for {period.label()} would show 0 minutes",
            f"Run `switchboard report sync --since {since}` (a sync that failed part-way is resumed by it).",
        )
    needed = min(end, now - FRESH)
    behind = {
        SOURCES[source]: through
        for source, through in coverage.synced_through.items()
        if source in SOURCES and through is not None and through < needed
    }
    if behind:
        label, through = min(behind.items(), key=lambda item: item[1])
        return ReportDataMissing(
            f"{label} are synced only through {through:%Y-%m-%d %H:%M} UTC, but the period "
            f"{period.label()} runs to {_day(end - dt.timedelta(seconds=1), period.tz)} "
            "(did the last sync fail part-way?)",
            f"Run `switchboard report sync`, or pick a period ending by "
            f"{_day(through, period.tz) - dt.timedelta(days=1)} with --to.",
        )
    if coverage.first_call is not None and end <= coverage.first_call:
        return ReportDataMissing(
            f"this database holds no calls before {coverage.first_call:%Y-%m-%d} (its first sync), so the "
            f"report for {period.label()} would show 0 minutes",
            f"To fetch older history, {fix} (Microsoft keeps call logs for about a year).",
        )
    return None


def holds(period: Period, coverage: Coverage) -> bool:
    """Pure: whether the store's history covers `period` from its first day (the first call stored is on
    or before that day). Conservative: a sync that began earlier on days without calls counts as later."""
    if coverage.first_call is None:
        return False
    return _day(coverage.first_call, period.tz) <= period.first


async def coverage_of(store: Store) -> Coverage:
    synced = {source: await store.sync_state.get(source) for source in SOURCES}
    first, _last = await store.calls.pstn_span()
    return Coverage(synced, first)


async def check_synced(store: Store, period: Period, *, now: dt.datetime | None = None) -> None:
    """Raise ReportDataMissing when the store cannot answer for `period` (called before building)."""
    problem = missing(period, await coverage_of(store), now or dt.datetime.now(dt.UTC))
    if problem is not None:
        raise problem
