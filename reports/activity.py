"""Teams activity per day (`getTeamsUserActivityUserDetail(date=…)`) into the store, and Teams audio
for a report's days.

Why per day: the period form (D7/D30/D90, ending at the report's refresh date) never lines up with a
report's period, so its audio cannot be added to a period's PSTN minutes. Single-day reports can, and
kept daily they grow beyond the service's window just as the call logs do.
"""

from __future__ import annotations

import asyncio
import datetime as dt

from graph import ActivityRow, BadRequest, Graph
from store import Store

# quirk: the date form serves only the last ~30 days (graph.md §4); 28 stays inside it.
DATE_FORM_DAYS = 28
REFRESH_OVERLAP_DAYS = 2  # the newest days are re-read: the service can still add to them
AT_ONCE = 4


async def refresh_date(graph: Graph) -> dt.date | None:
    """The last day the service has data for: the refresh date of the shortest period report."""
    rows = await graph.activity.user_detail(period="D7")
    return max((r.report_refresh_date for r in rows), default=None)


async def sync_daily_activity(graph: Graph, store: Store, *, since: dt.date | None = None) -> int:
    """Fetch each day the service still serves that the store lacks (or that is among the newest)."""
    last = await refresh_date(graph)
    if last is None:
        return 0
    first = last - dt.timedelta(days=DATE_FORM_DAYS - 1)
    stored = set(await store.activity.daily_audio(first, last))
    fresh = last - dt.timedelta(days=REFRESH_OVERLAP_DAYS - 1)
    days = [first + dt.timedelta(days=i) for i in range(DATE_FORM_DAYS)]
    wanted = [d for d in days if d not in stored or d >= fresh or (since is not None and d >= since)]
    gate = asyncio.Semaphore(AT_ONCE)

    async def fetch(day: dt.date) -> list[ActivityRow]:
        async with gate:
            try:
                return await graph.activity.user_detail(day=day)
            except BadRequest:  # quirk: a day just outside the service's window is refused, not empty
                return []

    # Fetched at once, written one day after another: concurrent writers would each hold a database
    # connection (on SQLite, a thread with its own memory arena) for a few hundred rows.
    fetched = await asyncio.gather(*(fetch(day) for day in wanted))
    for day, rows in zip(wanted, fetched, strict=True):
        if rows:
            await store.activity.upsert_day(day, rows)
    return sum(len(rows) for rows in fetched)


async def audio_by_day(store: Store, first: dt.date, last: dt.date) -> dict[dt.date, int]:
    """Teams audio seconds per day in [first, last], for the days the store holds."""
    return await store.activity.daily_audio(first, last)
