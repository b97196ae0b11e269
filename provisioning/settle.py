"""Settling what an earlier run left `submitted` (killed or crashed between send and confirm): wait for
its order if it has one, else read the resource back; then journal and audit the outcome once.

quirk: an operation can be forgotten by the service (404 "Operation … was not found", e.g. after a
restart); its number's state is then the only truth, so it is read instead of failing the step.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import uuid

from graph import Graph, NotFound, OperationFailed, OperationTimeout
from provisioning.clock import Clock, LoopClock
from provisioning.plan import Step
from provisioning.remote import REMOTES, Wire
from provisioning.resources import OPS
from store import AuditEvent, JournalEntry, Store

SETTLED_DETAIL = "confirmed after an interrupted run"


class Settler:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        *,
        actor: str,
        clock: Clock | None = None,
        timeout_s: float = 120,
        teams: object | None = None,
    ) -> None:
        self.wire = Wire(graph, teams)
        self.store, self.actor = store, actor
        self.clock = clock or LoopClock()
        self.timeout_s = timeout_s
        self.run_id = str(uuid.uuid4())
        self.audited: set[tuple[str, str, str]] = set()

    async def settle_all(self) -> int:
        """Settle every entry any earlier run left submitted; returns how many there were."""
        entries = await self.store.journal.unsettled_all()
        if entries:
            self.audited = await already_audited(self.store, entries)
        await asyncio.gather(*(self.settle(e) for e in entries))
        return len(entries)

    async def settle(self, entry: JournalEntry) -> None:
        step = Step.parse(entry.action_key)
        kind = OPS.get(step.op)
        if kind is None:  # a step this version does not know: re-planning decides
            await self.store.journal.mark_pending(entry.fingerprint, entry.action_key)
            return
        remote = REMOTES[kind]
        if entry.operation_id and remote.wait is not None:
            try:
                await remote.wait(self.wire, entry.operation_id, self.timeout_s)
                await self.record(entry, step, None)
                return
            except OperationFailed as exc:
                await self.record(entry, step, exc.message, code=exc.code)
                return
            except OperationTimeout:
                return  # still running: left submitted for the next run
            except NotFound:
                pass  # the service forgot the operation: read the resource instead
        deadline = self.clock.monotonic() + self.timeout_s
        while (seen := await remote.observe(self.wire, step, None)) is None:
            if self.clock.monotonic() >= deadline:
                return  # still in flight: left submitted for the next run
            await self.clock.sleep(0.5)
        if seen:
            await self.record(entry, step, None)
        else:
            await self.store.journal.mark_pending(entry.fingerprint, entry.action_key)  # re-planning decides

    async def record(
        self, entry: JournalEntry, step: Step, error: str | None, *, code: str | None = None
    ) -> None:
        """Audit the outcome, then journal it; a step its own run audited before dying is not audited again."""
        if error is not None or (step.op, step.subject, step.ref) not in self.audited:
            await self.store.audit.append(
                actor=self.actor,
                action=step.op,
                target=step.subject,
                after={k: v for k, v in (("ref", step.ref), ("value", step.value)) if v} or None,
                result="done" if error is None else "failed",
                run_id=self.run_id,
                detail=SETTLED_DETAIL if error is None else f"{error} ({SETTLED_DETAIL})",
            )
        if error is None:
            await self.store.journal.mark_done(entry.fingerprint, entry.action_key)
        else:
            await self.store.journal.mark_failed(entry.fingerprint, entry.action_key, code, error)


def audited_step(event: AuditEvent) -> tuple[str, str, str]:
    """(op, subject, ref) of an audit row: settled rows name `ref`; applied rows carry the kind's states,
    whose `number` is the ref of number kinds (people kinds have none)."""
    states = [s for s in (event.after, event.before) if s]
    ref = next((str(s.get("ref") or s.get("number") or "") for s in states), "")
    return event.action, event.target, ref


async def already_audited(store: Store, entries: list[JournalEntry]) -> set[tuple[str, str, str]]:
    """Steps audited as done since the earliest unsettled entry was last touched: their run was killed
    between writing the audit row and marking the journal, and must not be audited twice."""
    since = min((e.updated_at for e in entries if e.updated_at), default=None)
    if since is None:
        return set()
    events = await store.audit.list(since=since - dt.timedelta(seconds=1), limit=1_000_000)
    return {audited_step(e) for e in events if e.result == "done"}
