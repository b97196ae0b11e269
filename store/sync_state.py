"""How far each incremental sync has got ("synced through" per source), so re-runs resume."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now, utc
from store.tables import sync_state
from store.upsert import upsert


class SyncStateRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def get(self, source: str) -> dt.datetime | None:
        async with self._engine.connect() as conn:
            value = (
                await conn.execute(select(sync_state.c.synced_through).where(sync_state.c.source == source))
            ).scalar()
        return utc(value)

    async def set(self, source: str, synced_through: dt.datetime) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                upsert(conn.dialect.name, sync_state, ["source"], update=True),
                [{"source": source, "synced_through": synced_through, "updated_at": now()}],
            )
