"""Sync call logs, the Teams activity report and a directory snapshot into the store.

Incremental and idempotent: rows are keyed by their Graph id, each source remembers how far it got, and
a re-sync re-reads a small overlap (late-arriving rows: PSTN logs can land 24–48 h late) without
duplicating anything. History then grows beyond Graph's 90-day window as syncs accumulate.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from graph import Graph, TeamsAdmin
from graph.teams_admin import TeamsAdminError
from graph.types import SKU_TEAMS_PHONE
from reports.activity import sync_daily_activity
from reports.lines import sync_line_names
from store import PSTN_COLUMNS, Store

OVERLAP = dt.timedelta(days=2)
FIRST_SYNC = dt.timedelta(days=180)


@dataclass(frozen=True)
class SyncResult:
    pstn_rows: int
    direct_routing_rows: int
    activity_rows: int
    users: int
    numbers: int
    start: dt.datetime
    end: dt.datetime
    lines: int = 0  # public lines named by their voice app (0: not read this time, see `notes`)
    notes: tuple[str, ...] = ()


async def sync_start(store: Store, source: str, since: dt.date | None, end: dt.datetime) -> dt.datetime:
    if since is not None:
        return dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    through = await store.sync_state.get(source)
    return (through - OVERLAP) if through else end - FIRST_SYNC


async def _pipeline(pages: Any, write: Any) -> int:
    """Fetch the next page while the previous one is written: network and database waits overlap."""
    queue: asyncio.Queue[list[Any] | None] = asyncio.Queue(maxsize=2)
    count = 0

    async def writer() -> None:
        while (batch := await queue.get()) is not None:
            await write(batch)

    task = asyncio.create_task(writer())

    async def put(item: list[Any] | None) -> bool:
        """Queue `item` unless the writer died first (a full queue would then wait forever)."""
        putting = asyncio.ensure_future(queue.put(item))
        await asyncio.wait({putting, task}, return_when=asyncio.FIRST_COMPLETED)
        if not putting.done():
            putting.cancel()
        return putting.done() and not putting.cancelled()

    try:
        async for page in pages:
            count += len(page)
            if not await put(page) or task.done():  # the writer failed: stop fetching, surface its error
                break
        if not task.done():
            await put(None)
        await task
    finally:
        if not task.done():  # interrupted (Ctrl-C) or the fetch failed: the writer must not outlive us
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
    return count


async def sync_calls(
    graph: Graph, store: Store, *, since: dt.date | None, end: dt.datetime
) -> tuple[int, int, dt.datetime]:
    start = await sync_start(store, "pstn", since, end)

    async with store.calls.pstn_writer() as writer:
        pstn = await _pipeline(graph.call_records.pstn_rows(start, end, PSTN_COLUMNS), writer.add)
    await store.sync_state.set("pstn", end)
    dr_start = await sync_start(store, "direct_routing", since, end)
    direct = await _pipeline(
        graph.call_records.direct_routing_pages(dr_start, end), store.calls.upsert_direct_routing
    )
    await store.sync_state.set("direct_routing", end)
    return pstn, direct, start


async def sync_directory(graph: Graph, store: Store) -> tuple[int, int]:
    """Who is in which department and office, and which number is which public line, as of now."""
    users = await graph.users.list()
    configurations = {c.id: c for c in await graph.users.configurations()}
    numbers = await graph.numbers.list()
    by_id = {u.id: u for u in users}
    await store.directory.replace_users(
        [
            {
                "id": u.id,
                "user_principal_name": u.user_principal_name.lower(),
                "display_name": u.display_name,
                "department": u.department,
                "office_location": u.office_location,
                "city": u.city,
                "has_teams_phone": SKU_TEAMS_PHONE in u.assigned_sku_ids,
                "account_type": configurations[u.id].account_type if u.id in configurations else "user",
            }
            for u in users
        ]
    )
    await store.directory.replace_numbers(
        [
            {
                "telephone_number": n.telephone_number,
                "target_id": n.assignment_target_id,
                "target_name": by_id[n.assignment_target_id].display_name
                if n.assignment_target_id in by_id
                else None,
                "target_kind": n.assignment_status,
                "operator_id": n.operator_id,
                "number_type": n.number_type,
                "city": n.city,
            }
            for n in numbers
        ]
    )
    return len(users), len(numbers)


async def sync_all(
    graph: Graph,
    store: Store,
    *,
    since: dt.date | None = None,
    now: dt.datetime | None = None,
    activity: bool = True,
    directory: bool = True,
    admin: TeamsAdmin | None = None,
) -> SyncResult:
    """`admin` (the Teams admin worker pool) names the public lines by their voice app; without it, or
    when the Teams side fails, lines keep the names the store already has and the result says so."""
    end = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0)
    pstn, direct, start = await sync_calls(graph, store, since=since, end=end)
    users, numbers = await sync_directory(graph, store) if directory else (0, 0)
    activity_rows = await sync_daily_activity(graph, store, since=since) if activity else 0
    lines: int = 0
    notes: tuple[str, ...] = ()
    if admin is not None and directory:
        try:
            lines = await sync_line_names(admin, store, end)
        except TeamsAdminError as exc:  # call logs are in; the names stay as last seen
            notes = (f"public-line names not refreshed: the Teams admin side failed ({type(exc).__name__})",)
    return SyncResult(pstn, direct, activity_rows, users, numbers, start, end, lines, notes)
