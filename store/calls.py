"""Call-log history beyond Graph's 90-day window: idempotent bulk upserts keyed by row id, and streaming
reads for aggregation (a million rows never sit in memory at once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, DateTime, String, Table, func, select, type_coerce
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import utc
from store.pstn_writer import PstnWriter
from store.tables import direct_routing_calls, pstn_calls
from store.upsert import upsert

CHUNK = 5000
DR_FIELDS = (
    "id",
    "correlation_id",
    "user_id",
    "user_principal_name",
    "user_display_name",
    "duration_seconds",
    "call_type",
    "successful_call",
    "caller_number",
    "callee_number",
    "final_sip_code",
    "final_sip_code_phrase",
    "call_end_sub_reason",
    "trunk_fqdn",
    "media_bypass_enabled",
    "media_path_location",
    "signaling_location",
)


def direct_routing_record(row: Any) -> dict[str, Any]:
    record = {name: getattr(row, name) for name in DR_FIELDS}
    record.update(start_at=row.start, end_at=row.end, invite_at=row.invite, failure_at=row.failure)
    return record


class CallLogRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _insert(self, table: Any, records: Sequence[dict[str, Any]]) -> None:
        if not records:
            return
        keys = [c.name for c in table.primary_key.columns]
        async with self._engine.begin() as conn:
            statement = upsert(conn.dialect.name, table, keys, update=False)
            for offset in range(0, len(records), CHUNK):
                await conn.execute(statement, list(records[offset : offset + CHUNK]))

    def pstn_writer(self) -> PstnWriter:
        """The bulk path for syncs: rows as lists in PSTN_COLUMNS order, long transactions."""
        return PstnWriter(self._engine)

    async def upsert_direct_routing(self, rows: Sequence[Any]) -> None:
        await self._insert(direct_routing_calls, [direct_routing_record(r) for r in rows])

    async def pstn_totals(self, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        """(calls, seconds) with start in [start, end), summed by the database."""
        query = select(func.count(), func.coalesce(func.sum(pstn_calls.c.duration_seconds), 0)).where(
            pstn_calls.c.start_at >= start, pstn_calls.c.start_at < end
        )
        async with self._engine.connect() as conn:
            calls, seconds = (await conn.execute(query)).one()
        return int(calls), int(seconds)

    async def pstn_span(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        """First and last stored call start: a report before the first is a period never synced."""
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(select(func.min(pstn_calls.c.start_at), func.max(pstn_calls.c.start_at)))
            ).one()
        return utc(row[0]), utc(row[1])

    async def iter_pstn_rows(
        self, start: dt.datetime, end: dt.datetime, columns: Sequence[str], *, chunk: int = CHUNK
    ) -> AsyncIterator[Sequence[Sequence[Any]]]:
        """Rows with start in [start, end), in start order, as plain rows in `columns` order, chunk by
        chunk (a server-side cursor: a million rows never sit in memory at once).

        On SQLite `start_at`/`end_at` come back as the stored UTC text ("2026-10-01 13:45:12.000000"),
        skipping a datetime per row; PostgreSQL hands back aware datetimes.
        """
        async for partition in self._plain_rows(pstn_calls, start, end, columns, chunk):
            yield partition

    async def iter_direct_routing_rows(
        self, start: dt.datetime, end: dt.datetime, columns: Sequence[str], *, chunk: int = CHUNK
    ) -> AsyncIterator[Sequence[Sequence[Any]]]:
        """Successful Direct Routing calls as plain rows (failed attempts carry no minutes)."""
        successful = direct_routing_calls.c.successful_call.is_not(False)
        async for partition in self._plain_rows(direct_routing_calls, start, end, columns, chunk, successful):
            yield partition

    async def direct_routing_totals(self, start: dt.datetime, end: dt.datetime) -> tuple[int, int, int]:
        """(successful calls, their seconds, failed attempts) with start in [start, end)."""
        c = direct_routing_calls.c
        failed = c.successful_call.is_(False)
        query = select(
            func.count().filter(~failed),
            func.coalesce(func.sum(c.duration_seconds).filter(~failed), 0),
            func.count().filter(failed),
        ).where(c.start_at >= start, c.start_at < end)
        async with self._engine.connect() as conn:
            calls, seconds, failures = (await conn.execute(query)).one()
        return int(calls), int(seconds), int(failures)

    async def _plain_rows(
        self,
        table: Table,
        start: dt.datetime,
        end: dt.datetime,
        columns: Sequence[str],
        chunk: int,
        *conditions: ColumnElement[bool],
    ) -> AsyncIterator[Sequence[Sequence[Any]]]:
        sqlite = self._engine.dialect.name == "sqlite"
        chosen = [
            type_coerce(table.c[name], String)
            if sqlite and isinstance(table.c[name].type, DateTime)
            else table.c[name]
            for name in columns
        ]
        query = (
            select(*chosen)
            .where(table.c.start_at >= start, table.c.start_at < end, *conditions)
            .order_by(table.c.start_at)
        )
        async with self._engine.connect() as conn:
            result = await conn.stream(query.execution_options(yield_per=chunk))
            async for partition in result.partitions(chunk):
                yield partition
