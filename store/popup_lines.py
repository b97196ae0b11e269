"""Pop-up public lines: each line's request, the voice-app objects it wants and where it is in its life
(opening → open → closing → closed), so a crashed `popup open` or `close` is finished by re-running it.

Keyed by the line's name folded to lower case: one live line per name; a closed line's row is reused
when the name is opened again (its history stays in the audit log).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from typing import Any, Literal

from sqlalchemy import Column, Date, String, Table, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now, utc
from store.tables import JsonType, UtcDateTime, metadata

PopupState = Literal["opening", "open", "closing", "closed"]
LIVE_STATES: tuple[PopupState, ...] = ("opening", "open", "closing")

popup_lines = Table(
    "popup_lines",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("state", String(20), nullable=False),
    Column("request", JsonType, nullable=False),
    Column("desired", JsonType),
    Column("number", String(32)),
    Column("owner", String(300)),
    Column("until", Date),
    Column("opened_by", String(200), nullable=False),
    Column("created_at", UtcDateTime, nullable=False),
    Column("opened_at", UtcDateTime),
    Column("closed_by", String(200)),
    Column("closed_at", UtcDateTime),
    Column("updated_at", UtcDateTime, nullable=False),
)


@dataclass(frozen=True)
class PopupRecord:
    key: str
    name: str
    state: PopupState
    request: dict[str, Any]  # the request as given (agents specs, hours…), to re-run or show it
    desired: dict[str, Any] | None  # the line's voice-app objects as provisioning serialised them
    number: str | None
    owner: str | None
    until: dt.date | None
    opened_by: str
    created_at: dt.datetime
    opened_at: dt.datetime | None = None
    closed_by: str | None = None
    closed_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


_TIMES = ("created_at", "opened_at", "closed_at", "updated_at")


def _record(row: Any) -> PopupRecord:
    values = dict(row)
    for name in _TIMES:
        values[name] = utc(values[name])
    return PopupRecord(**values)


def line_key(name: str) -> str:
    return " ".join(name.split()).casefold()


class PopupLineRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def claim(self, record: PopupRecord) -> tuple[PopupRecord, bool]:
        """Insert `record` unless a live line has its key; a closed line's row is taken over.

        Returns the row now stored and whether this call created it (False: a live line already had the
        name, returned as it is, for the caller to resume or refuse). Safe when two admins race."""
        values = {f.name: getattr(record, f.name) for f in fields(record)}
        values["updated_at"] = now()
        async with self._engine.begin() as conn:
            dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
            inserted = await conn.execute(
                dialect.insert(popup_lines).values(**values).on_conflict_do_nothing(index_elements=["key"])
            )
            created = inserted.rowcount == 1
            if not created:
                taken = await conn.execute(
                    update(popup_lines)
                    .where(popup_lines.c.key == record.key, popup_lines.c.state == "closed")
                    .values(**values)
                )
                created = taken.rowcount == 1
            row = (await conn.execute(select(popup_lines).where(popup_lines.c.key == record.key))).mappings()
            return _record(row.one()), created

    async def get(self, name: str) -> PopupRecord | None:
        async with self._engine.connect() as conn:
            query = select(popup_lines).where(popup_lines.c.key == line_key(name))
            row = (await conn.execute(query)).mappings().first()
        return None if row is None else _record(row)

    async def list(self, *, include_closed: bool = False) -> list[PopupRecord]:
        query = select(popup_lines).order_by(popup_lines.c.key)
        if not include_closed:
            query = query.where(popup_lines.c.state.in_(LIVE_STATES))
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_record(row) for row in rows]

    async def change(
        self, record: PopupRecord, *, expect: tuple[PopupState, ...] | None = None, **values: Any
    ) -> PopupRecord | None:
        """Set `values` on the line; with `expect`, only while its state is one of them (None when it
        was not: another admin moved it on)."""
        unknown = set(values) - {f.name for f in fields(PopupRecord)}
        if unknown:
            raise ValueError(f"popup_lines has no column(s) {', '.join(sorted(unknown))}")
        stamped = {**values, "updated_at": now()}
        query = update(popup_lines).where(popup_lines.c.key == record.key).values(**stamped)
        if expect is not None:
            query = query.where(popup_lines.c.state.in_(expect))
        async with self._engine.begin() as conn:
            if (await conn.execute(query)).rowcount != 1:
                return None
        return replace(record, **stamped)
