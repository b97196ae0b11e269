"""The apply journal: each planned action moves pending → submitted (with operation id) → done | failed,
so a re-run after a crash skips what is done and settles what was submitted by reading state first.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now, utc
from store.tables import journal
from store.upsert import upsert

STATUSES = ("pending", "submitted", "done", "failed")
# Allowed moves; anything else is a bug in the caller and is refused.
TRANSITIONS = {
    "pending": {"submitted", "done", "failed"},
    "submitted": {"done", "failed", "pending"},
    "failed": {"pending"},
    "done": set(),
}


@dataclass(frozen=True)
class JournalEntry:
    fingerprint: str
    action_key: str
    kind: str
    target: str
    status: str
    operation_id: str | None
    error_code: str | None
    error_message: str | None
    attempts: int
    updated_at: dt.datetime | None


def entry(row: Any) -> JournalEntry:
    return JournalEntry(
        row["fingerprint"],
        row["action_key"],
        row["kind"],
        row["target"],
        row["status"],
        row["operation_id"],
        row["error_code"],
        row["error_message"],
        row["attempts"],
        utc(row["updated_at"]),
    )


class JournalRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def start(
        self, fingerprint: str, actions: Sequence[tuple[str, str, str]], run_id: str | None = None
    ) -> None:
        """Record (key, kind, target) actions as pending; existing entries keep their status."""
        stamp = now()
        records = [
            {
                "fingerprint": fingerprint,
                "action_key": key,
                "kind": kind,
                "target": target,
                "status": "pending",
                "attempts": 0,
                "run_id": run_id,
                "created_at": stamp,
                "updated_at": stamp,
            }
            for key, kind, target in actions
        ]
        if not records:
            return
        async with self._engine.begin() as conn:
            await conn.execute(
                upsert(conn.dialect.name, journal, ["fingerprint", "action_key"], update=False), records
            )

    async def entries(self, fingerprint: str) -> dict[str, JournalEntry]:
        async with self._engine.connect() as conn:
            rows = (
                (await conn.execute(select(journal).where(journal.c.fingerprint == fingerprint)))
                .mappings()
                .all()
            )
        return {r["action_key"]: entry(r) for r in rows}

    async def _move(self, fingerprint: str, key: str, status: str, **values: object) -> None:
        async with self._engine.begin() as conn:
            current = (
                await conn.execute(
                    select(journal.c.status).where(
                        journal.c.fingerprint == fingerprint, journal.c.action_key == key
                    )
                )
            ).scalar()
            if current is None:
                raise KeyError(f"no journal entry {key!r} for plan {fingerprint}")
            if status != current and status not in TRANSITIONS[current]:
                raise ValueError(f"journal entry {key!r}: cannot move from {current} to {status}")
            await conn.execute(
                update(journal)
                .where(journal.c.fingerprint == fingerprint, journal.c.action_key == key)
                .values(status=status, updated_at=now(), **values)
            )

    async def mark_submitted(self, fingerprint: str, key: str, operation_id: str | None) -> None:
        await self._move(
            fingerprint, key, "submitted", operation_id=operation_id, attempts=journal.c.attempts + 1
        )

    async def mark_done(self, fingerprint: str, key: str) -> None:
        await self._move(fingerprint, key, "done", error_code=None, error_message=None)

    async def mark_failed(self, fingerprint: str, key: str, code: str | None, message: str) -> None:
        await self._move(fingerprint, key, "failed", error_code=code, error_message=message)

    async def mark_pending(self, fingerprint: str, key: str) -> None:
        await self._move(fingerprint, key, "pending")

    async def unsettled_all(self) -> list[JournalEntry]:
        """Entries left `submitted` by any earlier run (a crash or kill between send and confirm)."""
        async with self._engine.connect() as conn:
            rows = (
                (await conn.execute(select(journal).where(journal.c.status == "submitted"))).mappings().all()
            )
        return [entry(r) for r in rows]

    async def unsettled(self, fingerprint: str) -> list[JournalEntry]:
        return [e for e in (await self.entries(fingerprint)).values() if e.status == "submitted"]
