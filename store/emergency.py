"""Emergency modes: one row per mode being activated, active or being restored; the snapshot of every object
it touches, as read before the first write; and a claim per object, so two modes never hold one line.

Rows exist only while a mode is not fully restored (history is in the audit log). A fresh activation
inserts all three in one transaction: the mode's primary key makes two admins activating at once race
for one row, and each object's claim makes a second mode over the same line fail the same way.
A `runner` column says which process is writing now (host:pid:uuid with a lease), so a re-run after a
crash takes over while a concurrent run is refused.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import uuid
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Column, PrimaryKeyConstraint, String, Table, Text, delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from store.engine import now, utc
from store.tables import JsonType, UtcDateTime, metadata

ModeState = Literal["activating", "active", "restoring"]

emergency_modes = Table(
    "emergency_modes",
    metadata,
    Column("mode", String(60), primary_key=True),
    Column("state", String(20), nullable=False),
    Column("actor", String(200), nullable=False),
    Column("started_at", UtcDateTime, nullable=False),
    Column("activated_at", UtcDateTime),
    Column("message", Text),
    Column("details", JsonType, nullable=False),  # the mode as activated (lines, target, announcements)
    Column("runner", String(200)),
    Column("runner_until", UtcDateTime),
    Column("updated_at", UtcDateTime, nullable=False),
)

emergency_snapshots = Table(
    "emergency_snapshots",
    metadata,
    Column("mode", String(60), nullable=False),
    Column("object_id", String(100), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("name", String(300), nullable=False),
    Column("raw", JsonType, nullable=False),
    Column("taken_at", UtcDateTime, nullable=False),
    PrimaryKeyConstraint("mode", "object_id", name="pk_emergency_snapshots"),
)

emergency_claims = Table(
    "emergency_claims",
    metadata,
    Column("object_id", String(100), primary_key=True),
    Column("mode", String(60), nullable=False),
    Column("name", String(300), nullable=False),
)


@dataclass(frozen=True)
class Snapshot:
    """An object as the module printed it before the mode touched it."""

    kind: str  # auto_attendant | call_queue
    object_id: str
    name: str
    raw: dict[str, Any]


@dataclass(frozen=True)
class ModeRecord:
    mode: str
    state: ModeState
    actor: str
    started_at: dt.datetime
    activated_at: dt.datetime | None
    message: str | None
    details: dict[str, Any]
    runner: str | None
    runner_until: dt.datetime | None
    snapshots: tuple[Snapshot, ...]


@dataclass(frozen=True)
class Taken:
    """Why a fresh activation could not start: this mode's row exists, or `claims` (object name → mode)."""

    existing: ModeRecord | None
    claims: dict[str, str]


def runner_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def runner_gone(runner: str | None) -> bool:
    """A runner on this host whose process no longer exists (SIGKILLed mid-run) holds nothing."""
    if runner is None:
        return True
    host, _, rest = runner.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class EmergencyRepo:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def start(
        self,
        mode: str,
        *,
        actor: str,
        message: str | None,
        details: dict[str, Any],
        snapshots: list[Snapshot],
        runner: str,
        lease: dt.timedelta,
    ) -> Taken | None:
        """Insert the mode, its snapshots and claims at once; None when it started, else what is in the way."""
        at = now()
        try:
            async with self._engine.begin() as conn:
                await conn.execute(
                    insert(emergency_modes).values(
                        mode=mode,
                        state="activating",
                        actor=actor,
                        started_at=at,
                        message=message,
                        details=details,
                        runner=runner,
                        runner_until=at + lease,
                        updated_at=at,
                    )
                )
                if snapshots:
                    rows = [{**s.__dict__, "mode": mode, "taken_at": at} for s in snapshots]
                    await conn.execute(insert(emergency_snapshots), rows)
                    claims = [{"object_id": s.object_id, "mode": mode, "name": s.name} for s in snapshots]
                    await conn.execute(insert(emergency_claims), claims)
        except IntegrityError:
            return await self._in_the_way(mode, [s.object_id for s in snapshots])
        return None

    async def _in_the_way(self, mode: str, object_ids: list[str]) -> Taken:
        async with self._engine.connect() as conn:
            rows = (
                await conn.execute(
                    select(emergency_claims).where(emergency_claims.c.object_id.in_(object_ids))
                )
            ).mappings()
            claims = {row["name"]: row["mode"] for row in rows if row["mode"] != mode}
        return Taken(await self.get(mode), claims)

    async def get(self, mode: str) -> ModeRecord | None:
        async with self._engine.connect() as conn:
            row = (
                (await conn.execute(select(emergency_modes).where(emergency_modes.c.mode == mode)))
                .mappings()
                .first()
            )
            if row is None:
                return None
            shots = (
                await conn.execute(
                    select(emergency_snapshots)
                    .where(emergency_snapshots.c.mode == mode)
                    .order_by(emergency_snapshots.c.kind, emergency_snapshots.c.name)
                )
            ).mappings()
            snapshots = tuple(Snapshot(s["kind"], s["object_id"], s["name"], dict(s["raw"])) for s in shots)
        return _record(row, snapshots)

    async def list(self) -> list[ModeRecord]:
        async with self._engine.connect() as conn:
            modes = (await conn.execute(select(emergency_modes.c.mode).order_by("mode"))).scalars().all()
        found = [await self.get(mode) for mode in modes]
        return [record for record in found if record is not None]

    async def claimed(self) -> dict[str, str]:
        """Every object id held by a mode → the mode (the planner keeps its hands off them)."""
        async with self._engine.connect() as conn:
            rows = (await conn.execute(select(emergency_claims))).mappings().all()
        return {row["object_id"]: row["mode"] for row in rows}

    async def take_over(self, mode: str, runner: str, lease: dt.timedelta) -> ModeRecord | None:
        """Become the mode's runner if nobody live is: the previous one finished, its lease ran out, or
        its process is gone. Compare-and-set on the old runner, so two re-runs cannot both win."""
        record = await self.get(mode)
        if record is None:
            return None
        at = now()
        free = record.runner is None or runner_gone(record.runner)
        if not free and record.runner_until is not None and record.runner_until < at:
            free = True
        if not free:
            return None
        old = emergency_modes.c.runner
        condition = old.is_(None) if record.runner is None else old == record.runner
        async with self._engine.begin() as conn:
            result = await conn.execute(
                update(emergency_modes)
                .where(emergency_modes.c.mode == mode, condition)
                .values(runner=runner, runner_until=at + lease, updated_at=at)
            )
        return record if result.rowcount == 1 else None

    async def set_state(self, mode: str, state: ModeState, *, runner: str | None = None) -> None:
        """Move the mode on; `runner=None` also lets go of it (the command is done)."""
        values: dict[str, Any] = {"state": state, "updated_at": now(), "runner": runner}
        if runner is None:
            values["runner_until"] = None
        if state == "active":
            values["activated_at"] = now()
        async with self._engine.begin() as conn:
            await conn.execute(update(emergency_modes).where(emergency_modes.c.mode == mode).values(**values))

    async def release(self, mode: str, runner: str) -> None:
        async with self._engine.begin() as conn:
            await conn.execute(
                update(emergency_modes)
                .where(emergency_modes.c.mode == mode, emergency_modes.c.runner == runner)
                .values(runner=None, runner_until=None, updated_at=now())
            )

    async def finish(self, mode: str) -> None:
        """The mode is restored exactly: its rows go (the audit log keeps what happened)."""
        async with self._engine.begin() as conn:
            for table in (emergency_claims, emergency_snapshots, emergency_modes):
                await conn.execute(delete(table).where(table.c.mode == mode))


def _record(row: Any, snapshots: tuple[Snapshot, ...]) -> ModeRecord:
    started = utc(row["started_at"])
    assert started is not None  # NOT NULL column
    return ModeRecord(
        mode=row["mode"],
        state=row["state"],
        actor=row["actor"],
        started_at=started,
        activated_at=utc(row["activated_at"]),
        message=row["message"],
        details=dict(row["details"]),
        runner=row["runner"],
        runner_until=utc(row["runner_until"]),
        snapshots=snapshots,
    )
