"""Pending opt-ins: agents taken off a call queue "until a time", kept so they are put back unattended.

One row per (queue, person): scheduling again moves the time. A row is deleted once the person is back,
and only if it is still the same promise (same due time), so a new opt-out made meanwhile survives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now, utc
from store.tables import pending_opt_ins


@dataclass(frozen=True)
class PendingOptIn:
    id: int
    queue_id: str
    queue_name: str
    user_id: str
    upn: str
    position: int  # index in the queue's Users (ring order) before the person was taken off
    method: str  # how they were taken off: "membership"
    due_at: dt.datetime
    created_at: dt.datetime
    actor: str
    attempts: int
    last_error: str | None


def _row(row: object) -> PendingOptIn:
    data = dict(row)  # type: ignore[call-overload]
    return PendingOptIn(**{**data, "due_at": utc(data["due_at"]), "created_at": utc(data["created_at"])})


class OptInRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def schedule(
        self,
        *,
        queue_id: str,
        queue_name: str,
        user_id: str,
        upn: str,
        position: int,
        due_at: dt.datetime,
        actor: str,
        method: str = "membership",
    ) -> PendingOptIn:
        """Promise to put `user_id` back on `queue_id` at `due_at` (replacing an earlier promise)."""
        key = (pending_opt_ins.c.queue_id == queue_id.lower()) & (
            pending_opt_ins.c.user_id == user_id.lower()
        )
        values = {
            "queue_id": queue_id.lower(),
            "queue_name": queue_name,
            "user_id": user_id.lower(),
            "upn": upn,
            "position": position,
            "method": method,
            "due_at": due_at.astimezone(dt.UTC),
            "created_at": now(),
            "actor": actor,
            "attempts": 0,
            "last_error": None,
        }
        async with self._engine.begin() as conn:
            earlier = (await conn.execute(select(pending_opt_ins).where(key))).mappings().first()
            if earlier is not None:  # keep the original ring position: the person was taken off once
                values["position"] = earlier["position"]
            await conn.execute(delete(pending_opt_ins).where(key))
            await conn.execute(insert(pending_opt_ins).values(**values))
            row = (await conn.execute(select(pending_opt_ins).where(key))).mappings().one()
        return _row(row)

    async def for_user(self, user_id: str) -> list[PendingOptIn]:
        query = select(pending_opt_ins).where(pending_opt_ins.c.user_id == user_id.lower())
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query.order_by(pending_opt_ins.c.due_at))).mappings().all()
        return [_row(r) for r in rows]

    async def get(self, queue_id: str, user_id: str) -> PendingOptIn | None:
        query = select(pending_opt_ins).where(
            pending_opt_ins.c.queue_id == queue_id.lower(), pending_opt_ins.c.user_id == user_id.lower()
        )
        async with self._engine.connect() as conn:
            row = (await conn.execute(query)).mappings().first()
        return _row(row) if row is not None else None

    async def due(self, at: dt.datetime | None = None, *, limit: int = 500) -> list[PendingOptIn]:
        query = (
            select(pending_opt_ins)
            .where(pending_opt_ins.c.due_at <= (at or now()))
            .order_by(pending_opt_ins.c.due_at, pending_opt_ins.c.id)
            .limit(limit)
        )
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_row(r) for r in rows]

    async def kept(self, pending: PendingOptIn) -> bool:
        """The person is back: forget the promise unless it was re-made since. True when deleted."""
        async with self._engine.begin() as conn:
            result = await conn.execute(
                delete(pending_opt_ins).where(
                    pending_opt_ins.c.id == pending.id, pending_opt_ins.c.due_at == pending.due_at
                )
            )
        return bool(result.rowcount)

    async def failed(
        self, pending: PendingOptIn, error: str, *, at: dt.datetime | None = None
    ) -> dt.datetime:
        """Keep the promise, tried again after 1, 2, 4 … minutes (at most an hour): a queue that stays full
        must not fill the audit log with a failure a minute. Returns when it is tried next."""
        retry = (at or now()) + min(dt.timedelta(minutes=2**pending.attempts), dt.timedelta(hours=1))
        async with self._engine.begin() as conn:
            await conn.execute(
                update(pending_opt_ins)
                .where(pending_opt_ins.c.id == pending.id)
                .values(attempts=pending_opt_ins.c.attempts + 1, last_error=error[:2000], due_at=retry)
            )
        return retry
