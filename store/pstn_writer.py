"""Bulk writing of PSTN call-log rows for syncs of up to millions of rows.

Rows arrive as lists in `PSTN_COLUMNS` order (no per-row dict), with `start_at`/`end_at` as Graph's ISO
8601 text or datetimes. A row whose (start_at, id) is stored already is left alone, so re-syncing a day
changes nothing. Commits happen every `COMMIT_ROWS` rows rather than per page: each commit rewrites the
index pages it touched, and a thousand-row commit touches nearly as many pages as a twenty-thousand-row one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from types import TracebackType
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from store.tables import pstn_calls
from store.upsert import upsert

PSTN_COLUMNS: tuple[str, ...] = tuple(c.name for c in pstn_calls.columns)
PSTN_KEY: tuple[str, ...] = tuple(c.name for c in pstn_calls.primary_key.columns)
START, END = PSTN_COLUMNS.index("start_at"), PSTN_COLUMNS.index("end_at")
COMMIT_ROWS = 20_000


def sqlite_time(value: dt.datetime | str | None) -> str | None:
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


def aware_time(value: dt.datetime | str | None) -> dt.datetime | None:
    """A timezone-aware datetime for drivers that bind real timestamps (PostgreSQL)."""
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(value)


class PstnWriter:
    """`async with repo.pstn_writer() as writer: await writer.add(rows)`; an error rolls back only the
    rows since the last commit (the sync's high-water mark is not advanced, so the next run fills them)."""

    def __init__(self, engine: AsyncEngine, commit_rows: int = COMMIT_ROWS) -> None:
        self._engine = engine
        self._commit_rows = commit_rows
        self._conn: AsyncConnection | None = None
        self._pending = 0
        self._sqlite = engine.dialect.name == "sqlite"
        self._sql = (
            f"INSERT OR IGNORE INTO pstn_calls ({', '.join(PSTN_COLUMNS)}) "
            f"VALUES ({', '.join('?' for _ in PSTN_COLUMNS)})"
        )
        self._statement = upsert(engine.dialect.name, pstn_calls, PSTN_KEY, update=False)

    async def __aenter__(self) -> PstnWriter:
        self._conn = await self._engine.connect()
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        assert self._conn is not None
        try:
            if kind is None:
                await self._conn.commit()
            else:
                await self._conn.rollback()
        finally:
            await self._conn.close()
            self._conn = None

    async def add(self, rows: Sequence[list[Any]]) -> None:
        """Write rows (lists in PSTN_COLUMNS order; the lists are converted in place)."""
        if not rows:
            return
        assert self._conn is not None, "use PstnWriter as an async context manager"
        if self._sqlite:
            prepared = []
            for row in rows:  # the only per-row Python on SQLite
                row[START] = sqlite_time(row[START])
                row[END] = sqlite_time(row[END])
                prepared.append(tuple(row))
            await self._conn.exec_driver_sql(self._sql, prepared)
        else:
            records = []
            for row in rows:
                record = dict(zip(PSTN_COLUMNS, row, strict=True))
                record["start_at"], record["end_at"] = aware_time(row[START]), aware_time(row[END])
                records.append(record)
            await self._conn.execute(self._statement, records)
        self._pending += len(rows)
        if self._pending >= self._commit_rows:
            await self._conn.commit()
            self._pending = 0
