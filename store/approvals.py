"""Pending approvals: an admin action (an emergency activation from the Teams bot) that waits for a
second admin. The request is stored, not applied; deciding it is one guarded UPDATE (only a pending,
unexpired row changes), so two admins pressing "Approve" at once apply it once.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Column, Index, String, Table, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now, utc
from store.tables import JsonType, UtcDateTime, metadata

ApprovalState = Literal["pending", "approved", "rejected", "expired"]

approvals = Table(
    "approvals",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("action", String(60), nullable=False),
    Column("target", String(200), nullable=False),
    Column("payload", JsonType, nullable=False),
    Column("state", String(20), nullable=False),
    Column("requested_by", String(300), nullable=False),
    Column("requester_id", String(100), nullable=False),
    Column("requested_at", UtcDateTime, nullable=False),
    Column("expires_at", UtcDateTime, nullable=False),
    Column("decided_by", String(300)),
    Column("decided_at", UtcDateTime),
    Index("ix_approvals_state", "state"),
)


@dataclass(frozen=True)
class Approval:
    id: str
    action: str  # e.g. "emergency.activate"
    target: str  # e.g. the mode's name
    payload: dict[str, Any]  # what to apply once approved (mode, message)
    state: ApprovalState
    requested_by: str  # the requester's audit label (UPN + Entra object id)
    requester_id: str  # the requester's Entra object id: the approver must differ
    requested_at: dt.datetime
    expires_at: dt.datetime
    decided_by: str | None = None
    decided_at: dt.datetime | None = None


def _approval(row: Any) -> Approval:
    values = dict(row)
    for name in ("requested_at", "expires_at", "decided_at"):
        if values[name] is not None:
            values[name] = utc(values[name])
    return Approval(**values)


class ApprovalRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def request(
        self,
        *,
        action: str,
        target: str,
        payload: dict[str, Any],
        requested_by: str,
        requester_id: str,
        ttl: dt.timedelta,
        at: dt.datetime | None = None,
    ) -> Approval:
        stamp = at or now()
        row = {
            "id": str(uuid.uuid4()),
            "action": action,
            "target": target,
            "payload": payload,
            "state": "pending",
            "requested_by": requested_by,
            "requester_id": requester_id,
            "requested_at": stamp,
            "expires_at": stamp + ttl,
            "decided_by": None,
            "decided_at": None,
        }
        async with self._engine.begin() as conn:
            await conn.execute(approvals.insert().values(**row))
        return _approval(row)

    async def get(self, approval_id: str) -> Approval | None:
        async with self._engine.connect() as conn:
            row = (
                (await conn.execute(select(approvals).where(approvals.c.id == approval_id)))
                .mappings()
                .first()
            )
        return _approval(row) if row else None

    async def pending(self, *, at: dt.datetime | None = None) -> list[Approval]:
        """Undecided, unexpired requests, oldest first (expired ones are marked on the way)."""
        await self.expire(at=at)
        query = select(approvals).where(approvals.c.state == "pending").order_by(approvals.c.requested_at)
        async with self._engine.connect() as conn:
            rows = (await conn.execute(query)).mappings().all()
        return [_approval(row) for row in rows]

    async def decide(
        self, approval_id: str, state: ApprovalState, *, by: str, at: dt.datetime | None = None
    ) -> bool:
        """True when this call moved a pending, unexpired request to `state`; False when someone else
        decided it first, it expired, or it does not exist."""
        stamp = at or now()
        query = (
            update(approvals)
            .where(
                approvals.c.id == approval_id,
                approvals.c.state == "pending",
                approvals.c.expires_at > stamp,
            )
            .values(state=state, decided_by=by, decided_at=stamp)
        )
        async with self._engine.begin() as conn:
            return (await conn.execute(query)).rowcount == 1

    async def expire(self, *, at: dt.datetime | None = None) -> int:
        """Mark requests nobody approved in time as expired; how many were."""
        stamp = at or now()
        query = (
            update(approvals)
            .where(approvals.c.state == "pending", approvals.c.expires_at <= stamp)
            .values(state="expired", decided_at=stamp)
        )
        async with self._engine.begin() as conn:
            return int((await conn.execute(query)).rowcount)
