"""Applying a plan: its actions walked as a dependency graph (independent chains side by side, graph/'s
adaptive limiter keeping us under the throttle), every step journalled before and after, audited once,
and nothing re-sent without reading state first.

A plan made from another state of the tenant is refused (`StalePlan`) rather than applied. Setting the
`stop` event (Ctrl-C) starts no further step and abandons the in-flight ones; they stay `submitted` in the
journal and the next run settles them.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from graph import Graph
from provisioning.clock import Clock, LoopClock
from provisioning.current import CurrentState
from provisioning.errors import StalePlan
from provisioning.plan import Action, Plan, state_json
from provisioning.remote import REMOTES, Wire, WriteFailed, WriteUnknown
from store import Store

Progress = Callable[[Action, str], None]
CONFIRM_FOR_S = 30.0  # how long to watch an order whose send met a 5xx before calling it not applied
POLL_S = 0.5
INTERRUPTED = "interrupted; re-run to resume"
T = TypeVar("T")


class StepInterrupted(Exception):
    """The stop event fired while a step was waiting on the service; its outcome is settled next run."""


@dataclass
class ApplyResult:
    run_id: str
    done: list[Action] = field(default_factory=list)
    failed: list[tuple[Action, str]] = field(default_factory=list)
    skipped: list[tuple[Action, str]] = field(default_factory=list)
    settled: int = 0
    interrupted: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed and not self.skipped


def journal_id(plan: Plan) -> str:
    return plan.desired_hash[:16] + plan.fingerprint[:16]


class Applier:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        *,
        actor: str,
        concurrency: int | None = None,
        progress: Progress | None = None,
        clock: Clock | None = None,
        teams: object | None = None,
        stop: asyncio.Event | None = None,
    ) -> None:
        self.stop = stop or asyncio.Event()
        self.journal_writes: set[asyncio.Task[None]] = set()
        self.wire = Wire(graph, teams, progress=lambda action, note: self.progress(action, note))
        self.store, self.actor = store, actor
        self.concurrency = concurrency or graph.limiter.ceiling
        self.progress = progress or (lambda action, outcome: None)
        self.clock = clock or LoopClock()

    async def apply(self, plan: Plan, current: CurrentState) -> ApplyResult:
        """Apply `plan`, which must have been made from `current` (the tenant as just read)."""
        if plan.fingerprint != current.fingerprint():
            raise StalePlan("the plan is stale: the tenant changed since it was made; run plan again")
        result = ApplyResult(run_id=str(uuid.uuid4()))
        namespace = journal_id(plan)
        await self.store.journal.start(
            namespace, [(a.key, a.op, a.subject) for a in plan.actions], result.run_id
        )
        entries = await self.store.journal.entries(namespace)
        outcome: dict[str, asyncio.Future[str | None]] = {
            a.key: asyncio.get_running_loop().create_future() for a in plan.actions
        }
        gate = asyncio.Semaphore(self.concurrency)

        async def walk(action: Action) -> None:
            """Wait for what the action needs; run it unless one of those did not get done."""
            blocker = None
            for need in action.needs:
                if need in outcome and (why := await outcome[need]) is not None:
                    blocker = why
            if blocker is not None:
                result.skipped.append((action, blocker))
                self.progress(action, "skipped")
                outcome[action.key].set_result(blocker)
                return
            entry = entries.get(action.key)
            if entry is not None and entry.status == "done":
                result.done.append(action)
                self.progress(action, "done earlier")
                outcome[action.key].set_result(None)
                return
            async with gate:
                if self.stop.is_set():  # interrupted: start nothing new
                    result.skipped.append((action, INTERRUPTED))
                    outcome[action.key].set_result(INTERRUPTED)
                    return
                if entry is not None and entry.status == "failed":
                    await self.store.journal.mark_pending(namespace, action.key)
                error = await self.run(namespace, action, result.run_id)
            if error is INTERRUPTED:
                result.skipped.append((action, INTERRUPTED))
                outcome[action.key].set_result(INTERRUPTED)
            elif error is None:
                result.done.append(action)
                self.progress(action, "done")
                outcome[action.key].set_result(None)
            else:
                result.failed.append((action, error))
                self.progress(action, "failed")
                outcome[action.key].set_result(f"skipped: {action.op} failed")

        await asyncio.gather(*(walk(action) for action in plan.actions))
        await asyncio.gather(*self.journal_writes)  # operation ids journalled while a step was abandoned
        result.interrupted = self.stop.is_set()
        return result

    async def unless_stopped(self, work: Awaitable[T]) -> T:
        """`work`, abandoned (StepInterrupted) when the stop event fires first. Only service calls are
        abandoned this way: a database write cut off mid-transaction would hold the file's lock."""
        task = asyncio.ensure_future(work)
        stopper = asyncio.ensure_future(self.stop.wait())
        try:
            await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopper.cancel()
        if task.done():
            return task.result()
        task.cancel()
        await asyncio.wait({task})
        raise StepInterrupted

    async def journalled(self, write: Awaitable[None]) -> None:
        """A journal write that finishes even when its step is abandoned part-way (see unless_stopped)."""
        task = asyncio.ensure_future(write)
        self.journal_writes.add(task)
        await asyncio.shield(task)

    async def run(self, namespace: str, action: Action, run_id: str, *, attempts: int = 3) -> str | None:
        """One step; returns None on success or a one-line reason.

        After a 5xx or timeout the outcome is unknown, so the state is read first; only a write that
        demonstrably did not happen is sent again (never blindly).
        """
        remote = REMOTES[action.kind]
        journal = self.store.journal

        async def submitted(operation_id: str) -> None:
            await self.journalled(journal.mark_submitted(namespace, action.key, operation_id))

        for attempt in range(1, attempts + 1):
            # Intent first: a crash from here on leaves the step `submitted`, and the next run settles it.
            await journal.mark_submitted(namespace, action.key, None)
            try:
                with remote.outcomes():
                    await self.unless_stopped(remote.apply(self.wire, action, submitted))
            except StepInterrupted:
                return INTERRUPTED  # left `submitted`: the next run reads the state and settles it
            except WriteUnknown as exc:
                try:
                    confirmed = await self.unless_stopped(self.confirm(action))
                except StepInterrupted:
                    return INTERRUPTED
                if confirmed:
                    break
                if attempt < attempts:
                    continue
                reason = f"{exc.message} — not applied after {attempts} checked attempts; re-run to retry"
                await self.finish(namespace, action, run_id, reason, code=exc.code, request_id=exc.request_id)
                return reason
            except WriteFailed as exc:
                await self.finish(
                    namespace, action, run_id, exc.message, code=exc.code, request_id=exc.request_id
                )
                return f"{exc.message}" + (f" ({exc.code})" if exc.code else "")
            break
        await self.finish(namespace, action, run_id, None)
        return None

    async def confirm(self, action: Action) -> bool:
        """Did a write whose answer was lost take effect? Orders still in flight are watched a while."""
        observe = REMOTES[action.kind].observe
        deadline = self.clock.monotonic() + CONFIRM_FOR_S
        while (seen := await observe(self.wire, action.step, action.target_id)) is None:
            if self.clock.monotonic() >= deadline:
                return False
            await self.clock.sleep(POLL_S)
        return seen

    async def finish(
        self,
        namespace: str,
        action: Action,
        run_id: str,
        error: str | None,
        *,
        code: str | None = None,
        request_id: str | None = None,
    ) -> None:
        # The audit row goes first: a kill between the two writes leaves the step `submitted`, and
        # settling finds this row instead of writing a second one (see settle.already_audited).
        await self.store.audit.append(
            actor=self.actor,
            action=action.op,
            target=action.subject,
            before=state_json(action.before),
            after=state_json(action.after),
            result="done" if error is None else "failed",
            run_id=run_id,
            detail=error,
            request_id=request_id,
        )
        if error is None:
            await self.store.journal.mark_done(namespace, action.key)
        else:
            await self.store.journal.mark_failed(namespace, action.key, code, error)
