"""Call-log history beyond Graph's 90-day window: idempotent bulk upserts keyed by row id, and streaming
reads for aggregation (a million rows never sit in memory at once).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from operator import itemgetter
from typing import Any, Protocol

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import utc
from store.tables import direct_routing_calls, pstn_calls
from store.upsert import upsert

CHUNK = 5000
PSTN_FIELDS = (
    "id",
    "call_id",
    "user_id",
    "user_principal_name",
    "user_display_name",
    "duration_seconds",
    "charge",
    "connection_charge",
    "currency",
    "call_type",
    "callee_number",
    "caller_number",
    "destination_context",
    "destination_name",
    "license_capability",
    "inventory_type",
    "operator",
    "usage_country_code",
    "tenant_country_code",
    "call_duration_source",
    "conference_id",
)
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


def _sqlite_time(value: dt.datetime | str | None) -> str | None:
    """A time as SQLAlchemy's SQLite DateTime stores it: naive UTC text with six-digit microseconds.

    quirk (SQLAlchemy): SQLite DateTime is text compared as strings, so the format must match exactly.
    ISO 8601 UTC text as Graph sends it (`2026-10-01T13:45:12Z`) is rewritten by slicing, without parsing.
    """
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == 20 and value[10] == "T" and value[19] == "Z":
            return f"{value[:10]} {value[11:19]}.000000"
        value = dt.datetime.fromisoformat(value)
    if value.utcoffset():
        value = value.astimezone(dt.UTC)
    text = value.replace(tzinfo=None).isoformat(" ")
    return text if value.microsecond else text + ".000000"


def _with_datetimes(record: dict[str, Any]) -> dict[str, Any]:
    out = dict(record)
    for name in ("start_at", "end_at"):
        if isinstance(out.get(name), str):
            out[name] = dt.datetime.fromisoformat(out[name])
    return out


class CallRow(Protocol):
    """What a call row offers (graph.types.PstnCall fits without store importing graph)."""

    id: str
    start: dt.datetime
    end: dt.datetime | None
    duration_seconds: int


def pstn_record(row: Any) -> dict[str, Any]:
    record = {name: getattr(row, name) for name in PSTN_FIELDS}
    record["start_at"], record["end_at"] = row.start, row.end
    return record


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
        async with self._engine.begin() as conn:
            statement = upsert(conn.dialect.name, table, ["id"], update=False)
            for offset in range(0, len(records), CHUNK):
                await conn.execute(statement, list(records[offset : offset + CHUNK]))

    async def upsert_pstn(self, rows: Sequence[CallRow]) -> None:
        """Insert rows not yet stored; a row id seen before is left as it is (re-syncing changes nothing)."""
        await self._insert(pstn_calls, [pstn_record(r) for r in rows])

    async def upsert_pstn_records(self, records: Sequence[dict[str, Any]]) -> None:
        """Same, for callers that already hold table-shaped dicts (the fast sync path); `start_at` and
        `end_at` may be datetimes or ISO 8601 text.

        On SQLite the rows go to the driver's executemany as tuples: SQLAlchemy's per-row parameter
        processing was the largest cost of a million-row sync.
        """
        if not records:
            return
        if self._engine.dialect.name != "sqlite":
            await self._insert(pstn_calls, [_with_datetimes(r) for r in records])
            return
        columns = [c.name for c in pstn_calls.columns]
        pick = itemgetter(*columns)
        start_index, end_index = columns.index("start_at"), columns.index("end_at")
        sql = (
            f"INSERT OR IGNORE INTO pstn_calls ({', '.join(columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        rows: list[tuple[Any, ...]] = []
        for record in records:
            row = list(pick(record))  # C-speed: only the two time columns need converting
            row[start_index] = _sqlite_time(row[start_index])
            row[end_index] = _sqlite_time(row[end_index])
            rows.append(tuple(row))
        async with self._engine.begin() as conn:
            await conn.exec_driver_sql(sql, rows)

    async def upsert_direct_routing(self, rows: Sequence[Any]) -> None:
        await self._insert(direct_routing_calls, [direct_routing_record(r) for r in rows])

    async def count_pstn(self, start: dt.datetime | None = None, end: dt.datetime | None = None) -> int:
        query = select(func.count()).select_from(pstn_calls)
        if start is not None:
            query = query.where(pstn_calls.c.start_at >= start)
        if end is not None:
            query = query.where(pstn_calls.c.start_at < end)
        async with self._engine.connect() as conn:
            return int((await conn.execute(query)).scalar() or 0)

    async def pstn_totals(self, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        """(calls, seconds) with start in [start, end), summed by the database."""
        query = select(func.count(), func.coalesce(func.sum(pstn_calls.c.duration_seconds), 0)).where(
            pstn_calls.c.start_at >= start, pstn_calls.c.start_at < end
        )
        async with self._engine.connect() as conn:
            calls, seconds = (await conn.execute(query)).one()
        return int(calls), int(seconds)

    async def pstn_span(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        async with self._engine.connect() as conn:
            row = (
                await conn.execute(select(func.min(pstn_calls.c.start_at), func.max(pstn_calls.c.start_at)))
            ).one()
        return utc(row[0]), utc(row[1])

    async def iter_pstn(
        self,
        start: dt.datetime,
        end: dt.datetime,
        *,
        chunk: int = CHUNK,
        columns: Sequence[str] | None = None,
    ) -> AsyncIterator[list[dict[str, Any]]]:
        """Rows with start in [start, end), in start order, chunk by chunk (server-side cursor).

        `columns` limits what is read (a report needs a third of them; fewer columns, faster rows).
        """
        chosen = [pstn_calls.c[name] for name in columns] if columns else list(pstn_calls.c)
        query = (
            select(*chosen)
            .where(pstn_calls.c.start_at >= start, pstn_calls.c.start_at < end)
            .order_by(pstn_calls.c.start_at)
        )
        async with self._engine.connect() as conn:
            result = await conn.stream(query.execution_options(yield_per=chunk))
            async for partition in result.mappings().partitions(chunk):
                rows = [dict(row) for row in partition]
                for row in rows:
                    row["start_at"] = utc(row["start_at"])
                    if "end_at" in row:
                        row["end_at"] = utc(row["end_at"])
                yield rows
