"""The audit log: who did what, when, with the state before and after (every applied action)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now, utc
from store.tables import audit


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: dt.datetime
    run_id: str | None
    actor: str
    action: str
    target: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    result: str
    detail: str | None
    request_id: str | None


class AuditRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def append(
        self,
        *,
        actor: str,
        action: str,
        target: str,
        result: str,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        run_id: str | None = None,
        detail: str | None = None,
        request_id: str | None = None,
    ) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                insert(audit).values(
                    at=now(),
                    run_id=run_id,
                    actor=actor,
                    action=action,
                    target=target,
                    before=before,
                    after=after,
                    result=result,
                    detail=detail,
                    request_id=request_id,
                )
            )

    async def list(self, *, since: dt.datetime | None = None, limit: int = 1000) -> list[AuditEvent]:
        query = select(audit).order_by(audit.c.at, audit.c.id).limit(limit)
        if since is not None:
            query = query.where(audit.c.at >= since)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [AuditEvent(**{**row, "at": utc(row["at"])}) for row in rows]
