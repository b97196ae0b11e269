"""One replica runs each scheduled job: a PostgreSQL advisory lock, or a lease row on SQLite."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy import delete, insert, or_, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now
from store.tables import job_locks


def advisory_key(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


class LockRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self.owner = str(uuid.uuid4())

    @asynccontextmanager
    async def hold(self, name: str, *, lease: dt.timedelta = dt.timedelta(hours=1)) -> AsyncIterator[bool]:
        """Yields True when this process holds the lock for the block, False when another does."""
        if self._engine.dialect.name == "postgresql":
            async with self._engine.connect() as conn:
                got = bool(
                    (
                        await conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": advisory_key(name)})
                    ).scalar()
                )
                try:
                    yield got
                finally:
                    if got:
                        await conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": advisory_key(name)})
            return
        got = await self._take_lease(name, lease)
        try:
            yield got
        finally:
            if got:
                async with self._engine.begin() as conn:
                    await conn.execute(
                        delete(job_locks).where(job_locks.c.name == name, job_locks.c.owner == self.owner)
                    )

    async def _take_lease(self, name: str, lease: dt.timedelta) -> bool:
        async with self._engine.begin() as conn:
            await conn.execute(
                delete(job_locks).where(job_locks.c.name == name, or_(job_locks.c.expires_at < now()))
            )
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    insert(job_locks).values(name=name, owner=self.owner, expires_at=now() + lease)
                )
        except IntegrityError:
            return False
        return True
