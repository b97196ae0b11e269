"""Directory snapshots for reports: users (department, office, city, licence) and numbers → lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now
from store.tables import directory_numbers, directory_users


class DirectoryRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def _replace(self, table: Any, rows: Sequence[Mapping[str, Any]]) -> None:
        stamp = now()
        async with self._engine.begin() as conn:  # one transaction: readers see old or new, never half
            await conn.execute(delete(table))
            if rows:
                await conn.execute(insert(table), [{**row, "snapshot_at": stamp} for row in rows])

    async def replace_users(self, rows: Sequence[Mapping[str, Any]]) -> None:
        await self._replace(directory_users, rows)

    async def replace_numbers(self, rows: Sequence[Mapping[str, Any]]) -> None:
        await self._replace(directory_numbers, rows)

    async def users(self) -> list[dict[str, Any]]:
        async with self._engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(select(directory_users))).mappings().all()]

    async def numbers(self) -> list[dict[str, Any]]:
        async with self._engine.connect() as conn:
            return [dict(r) for r in (await conn.execute(select(directory_numbers))).mappings().all()]
