"""Applying a plan: people in parallel (graph/'s limiter keeps us under the throttle), each person's
steps in order, every step journalled before and after, and nothing re-sent without reading state.

A re-run after a crash or kill first settles what an earlier run left `submitted` — by waiting for its
operation or reading the number — then re-plans from the tenant as it now is, so done work is skipped.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from graph import Graph
from graph.errors import GraphError, OperationFailed, ServiceUnavailable
from provisioning.plan import Action, Kind, Plan
from store import JournalEntry, Store

Progress = Callable[[Action, str], None]
ORDERS = {Kind.ASSIGN_NUMBER, Kind.UNASSIGN_NUMBER}


@dataclass
class ApplyResult:
    run_id: str
    done: list[Action] = field(default_factory=list)
    failed: list[tuple[Action, str]] = field(default_factory=list)
    skipped: list[tuple[Action, str]] = field(default_factory=list)
    settled: int = 0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.skipped


def journal_id(plan: Plan) -> str:
    return plan.desired_hash[:16] + plan.fingerprint[:16]


async def effect_visible(
    graph: Graph, kind: str, upn_or_id: str, number: str, *, user_id: str | None
) -> bool | None:
    """Did an order take effect? None while the number is still pending."""
    found = await graph.numbers.find(number)
    if found is None:
        return False
    if found.activation_state in {"assignmentPending", "updatePending"}:
        return None
    if kind == Kind.ASSIGN_NUMBER.value:
        return user_id is not None and found.assignment_target_id == user_id
    return found.is_free


async def settle(graph: Graph, store: Store, entry: JournalEntry, *, timeout_s: float = 120) -> None:
    """Finish an entry an earlier run left `submitted`, by its operation or by the number's state."""
    number = entry.action_key.split(":", 2)[2]
    if entry.kind not in {k.value for k in ORDERS} or not number:
        await store.journal.mark_pending(
            entry.fingerprint, entry.action_key
        )  # idempotent write: re-plan decides
        return
    if entry.operation_id:
        try:
            await graph.numbers.wait(entry.operation_id, timeout_s=timeout_s)
            await store.journal.mark_done(entry.fingerprint, entry.action_key)
        except OperationFailed as exc:
            await store.journal.mark_failed(entry.fingerprint, entry.action_key, exc.code, exc.message)
        return
    user_id = None
    if entry.kind == Kind.ASSIGN_NUMBER.value:
        user_id = (await graph.users.get(entry.target)).id
    deadline = asyncio.get_running_loop().time() + timeout_s
    while (visible := await effect_visible(graph, entry.kind, entry.target, number, user_id=user_id)) is None:
        if asyncio.get_running_loop().time() > deadline:
            return  # still pending: leave it submitted for the next run
        await asyncio.sleep(0.5)
    if visible:
        await store.journal.mark_done(entry.fingerprint, entry.action_key)
    else:
        await store.journal.mark_pending(entry.fingerprint, entry.action_key)


async def settle_all(graph: Graph, store: Store) -> int:
    entries = await store.journal.unsettled_all()
    await asyncio.gather(*(settle(graph, store, e) for e in entries))
    return len(entries)


class Applier:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        *,
        actor: str,
        concurrency: int | None = None,
        progress: Progress | None = None,
    ) -> None:
        self.graph, self.store, self.actor = graph, store, actor
        self.concurrency = concurrency or graph.limiter.ceiling
        self.progress = progress or (lambda action, outcome: None)

    async def apply(self, plan: Plan) -> ApplyResult:
        result = ApplyResult(run_id=str(uuid.uuid4()))
        namespace = journal_id(plan)
        await self.store.journal.start(
            namespace, [(a.key, a.kind.value, a.upn) for a in plan.actions], result.run_id
        )
        entries = await self.store.journal.entries(namespace)
        people: dict[str, list[Action]] = {}
        for action in plan.actions:
            people.setdefault(action.upn, []).append(action)
        gate = asyncio.Semaphore(self.concurrency)

        async def person(actions: list[Action]) -> None:
            async with gate:
                for index, action in enumerate(actions):
                    entry = entries.get(action.key)
                    if entry is not None and entry.status == "done":
                        result.done.append(action)
                        self.progress(action, "done earlier")
                        continue
                    if entry is not None and entry.status == "failed":
                        await self.store.journal.mark_pending(namespace, action.key)
                    error = await self.run(namespace, action, result.run_id)
                    if error is None:
                        result.done.append(action)
                        self.progress(action, "done")
                        continue
                    result.failed.append((action, error))
                    self.progress(action, "failed")
                    for later in actions[index + 1 :]:
                        result.skipped.append((later, f"skipped: {action.kind.value} failed"))
                        self.progress(later, "skipped")
                    return

        await asyncio.gather(*(person(actions) for actions in people.values()))
        return result

    async def run(self, namespace: str, action: Action, run_id: str, *, attempts: int = 3) -> str | None:
        """One step; returns None on success or a one-line reason.

        After a 5xx or timeout the outcome is unknown, so the state is read first; only a write that
        demonstrably did not happen is sent again (never blindly).
        """
        journal = self.store.journal
        for attempt in range(1, attempts + 1):
            await journal.mark_submitted(
                namespace, action.key, None
            )  # intent first: a crash now is settled later
            try:
                await self.write(namespace, action)
            except ServiceUnavailable as exc:
                if await self.confirm(action):
                    break
                if attempt < attempts:
                    continue
                reason = f"{exc.message} — not applied after {attempts} checked attempts; re-run to retry"
                await self.finish(
                    namespace, action, run_id, "failed", reason, code=exc.code, request_id=exc.request_id
                )
                return reason
            except GraphError as exc:
                await self.finish(
                    namespace, action, run_id, "failed", exc.message, code=exc.code, request_id=exc.request_id
                )
                return f"{exc.message}" + (f" ({exc.code})" if exc.code else "")
            break
        await self.finish(namespace, action, run_id, "done", None)
        return None

    async def write(self, namespace: str, action: Action) -> None:
        numbers, users = self.graph.numbers, self.graph.users
        if action.kind is Kind.SET_USAGE_LOCATION:
            await users.set_usage_location(action.user_id, str(action.after["usageLocation"]))
        elif action.kind is Kind.ASSIGN_LICENCE:
            await users.assign_license(action.user_id, add=[str(action.after["skuId"])])
        elif action.kind is Kind.UPDATE_LOCATION:
            await numbers.update(
                telephone_number=action.number or "", location_id=action.after["locationId"] or ""
            )
        elif action.kind is Kind.ASSIGN_NUMBER:
            operation = await numbers.assign(
                telephone_number=action.number or "",
                target_id=action.user_id,
                number_type=action.number_type or "operatorConnect",
                category=str(action.after.get("category") or "primary"),
                location_id=action.after.get("locationId"),
            )
            await self.store.journal.mark_submitted(namespace, action.key, operation)
            await numbers.wait(operation)
        elif action.kind is Kind.UNASSIGN_NUMBER:
            operation = await numbers.unassign(
                telephone_number=action.number or "", number_type=action.number_type or "operatorConnect"
            )
            await self.store.journal.mark_submitted(namespace, action.key, operation)
            await numbers.wait(operation)

    async def confirm(self, action: Action) -> bool:
        if action.kind in ORDERS and action.number:
            for _ in range(60):
                visible = await effect_visible(
                    self.graph, action.kind.value, action.upn, action.number, user_id=action.user_id
                )
                if visible is not None:
                    return visible
                await asyncio.sleep(0.5)
            return False
        user = await self.graph.users.get(action.user_id)
        if action.kind is Kind.SET_USAGE_LOCATION:
            return bool(user.usage_location == action.after["usageLocation"])
        if action.kind is Kind.ASSIGN_LICENCE:
            return str(action.after["skuId"]) in user.assigned_sku_ids
        found = await self.graph.numbers.find(action.number or "")
        return found is not None and found.location_id == (action.after["locationId"] or None)

    async def finish(
        self,
        namespace: str,
        action: Action,
        run_id: str,
        outcome: str,
        detail: str | None,
        *,
        code: str | None = None,
        request_id: str | None = None,
    ) -> None:
        if outcome == "done":
            await self.store.journal.mark_done(namespace, action.key)
        else:
            await self.store.journal.mark_failed(namespace, action.key, code, detail or "failed")
        await self.store.audit.append(
            actor=self.actor,
            action=action.kind.value,
            target=action.upn,
            before=action.before,
            after={**action.after, "number": action.number}
            if action.number and "number" not in action.after
            else action.after,
            result=outcome,
            run_id=run_id,
            detail=detail,
            request_id=request_id,
        )
