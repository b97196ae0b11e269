"""A person's call queues as an agent: which queues, their opt-in state, opting out until a time and back in.

quirk: the admin cmdlets have no parameter for another user's `OptIn` (voice-apps.md §1.4): only the agent
(Teams call settings, when the queue's `AllowOptOut` is on) or a lead with Teams Premium can flip it. An
app acting as admin can only change membership, so "opt out until 3 pm" takes the person off the queue's
`Users` list and a pending opt-in (store) puts them back at the same ring position when the time comes —
`run_due_opt_ins`, run periodically under a store lock, keeps that promise unattended. Agents who come in
through a group or channel are not removed (that would change their group); they are told which switch
they have. Every change is audited.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from graph import TeamsAdmin
from graph.teams_admin import CallQueue, TeamsAdminError, UnknownOutcome, Validation
from provisioning.errors import InvalidInput, Missing, ServiceFailed, Unsupported
from store import PendingOptIn, Store

log = logging.getLogger(__name__)
MEMBERSHIP = "membership"  # how Switchboard opts someone out: the only admin switch there is
MAX_PAUSE = dt.timedelta(days=7)
JOB_LOCK = "queue-opt-ins"
SCHEDULER = "switchboard (scheduled opt-in)"


@dataclass(frozen=True)
class AgentSeat:
    """One queue a person answers (or answered before Switchboard paused them)."""

    queue_id: str
    queue_name: str
    opted_in: bool  # the agent's own switch (Agents[].OptIn); False while paused by Switchboard
    direct: bool  # listed in the queue's Users, so Switchboard can pause them by membership
    via_group: bool  # an agent through a distribution list, team or channel
    allow_opt_out: bool  # the queue lets agents flip their own switch in Teams
    paused_until: dt.datetime | None  # Switchboard took them off; back at this time (UTC)


@dataclass(frozen=True)
class OptChange:
    seat: AgentSeat
    changed: bool  # False: already as asked (nothing sent)
    method: str  # MEMBERSHIP


def _seat(queue: CallQueue, user_id: str, pending: PendingOptIn | None) -> AgentSeat | None:
    uid = user_id.lower()
    direct = uid in {u.lower() for u in queue.users}
    agent = next((a for a in queue.agents if a.object_id.lower() == uid), None)
    if agent is None and not direct and pending is None:
        return None
    return AgentSeat(
        queue_id=queue.identity,
        queue_name=queue.name,
        opted_in=agent.opt_in if agent is not None else False,
        direct=direct or pending is not None,
        via_group=agent is not None and not direct,
        allow_opt_out=queue.allow_opt_out,
        paused_until=pending.due_at if pending is not None and not direct else None,
    )


async def agent_seats(admin: TeamsAdmin, store: Store, user_id: str) -> list[AgentSeat]:
    """Every queue `user_id` is an agent of (directly or through a group), plus those Switchboard paused."""
    try:
        queues = await admin.call_queues.list()
    except TeamsAdminError as exc:
        raise ServiceFailed(f"could not read the call queues: {exc}") from exc
    pending = {p.queue_id: p for p in await store.opt_ins.for_user(user_id)}
    seats = [_seat(q, user_id, pending.get(q.identity.lower())) for q in queues]
    return sorted((s for s in seats if s is not None), key=lambda s: s.queue_name.lower())


async def _queue(admin: TeamsAdmin, queue_id: str) -> CallQueue:
    try:
        return await admin.call_queues.get(queue_id)
    except TeamsAdminError as exc:
        raise Missing(f"no call queue {queue_id}") from exc


async def _set_users(admin: TeamsAdmin, queue: CallQueue, users: Sequence[str]) -> None:
    """Set-CsCallQueue -Users; after an unknown outcome the queue is re-read (writes are never re-sent)."""
    try:
        await admin.call_queues.update(queue.identity, {"Users": list(users)})
    except UnknownOutcome:
        after = await _queue(admin, queue.identity)
        if [u.lower() for u in after.users] != [u.lower() for u in users]:
            raise ServiceFailed(f"the change to {queue.name} did not take effect; try again") from None
    except Validation as exc:
        raise InvalidInput(f"{queue.name}: {exc}") from exc
    except TeamsAdminError as exc:
        raise ServiceFailed(f"could not change {queue.name}: {exc}") from exc


def check_until(until: dt.datetime, now: dt.datetime) -> dt.datetime:
    if until.tzinfo is None:
        raise InvalidInput("the time to opt back in needs a time zone")
    if until <= now:
        raise InvalidInput("the time to opt back in has already passed")
    if until - now > MAX_PAUSE:
        raise InvalidInput("Switchboard pauses queue calls for at most 7 days")
    return until.astimezone(dt.UTC)


async def opt_out_until(
    admin: TeamsAdmin,
    store: Store,
    *,
    user_id: str,
    upn: str,
    queue_id: str,
    until: dt.datetime,
    actor: str,
    now: dt.datetime | None = None,
) -> OptChange:
    """Take `user_id` off `queue_id` now and promise (in the store, first) to put them back at `until`."""
    due = check_until(until, now or dt.datetime.now(dt.UTC))
    queue = await _queue(admin, queue_id)
    users = list(queue.users)
    position = next((i for i, u in enumerate(users) if u.lower() == user_id.lower()), None)
    pending = await store.opt_ins.get(queue.identity, user_id)
    if position is None and pending is None:
        seat = _seat(queue, user_id, None)
        if seat is not None and seat.via_group:
            raise Unsupported(_group_message(seat))
        raise Missing(f"you are not an agent of {queue.name}")
    # The promise is written before the change: if we die in between, the job puts back someone who is
    # still there, which changes nothing.
    kept = await store.opt_ins.schedule(
        queue_id=queue.identity,
        queue_name=queue.name,
        user_id=user_id,
        upn=upn,
        position=position if position is not None else (pending.position if pending else 0),
        due_at=due,
        actor=actor,
    )
    if position is not None:
        await _set_users(admin, queue, users[:position] + users[position + 1 :])
    await store.audit.append(
        actor=actor,
        action="queue.opt_out",
        target=f"{queue.name}: {upn}",
        before={"users": users},
        after={"users": [u for u in users if u.lower() != user_id.lower()], "back_at": due.isoformat()},
        result="ok" if position is not None else "no-op",
        detail=(
            "taken off the agent list (admins cannot set an agent's own opt-in); back at the same position"
            if position is not None
            else "already off the agent list: the time to put them back moved"
        ),
    )
    seat = AgentSeat(queue.identity, queue.name, False, True, False, queue.allow_opt_out, kept.due_at)
    return OptChange(seat, position is not None, MEMBERSHIP)


def _group_message(seat: AgentSeat) -> str:
    own = (
        "turn off 'Receive calls' for it in Teams: Settings › Calls › Call queues"
        if seat.allow_opt_out
        else "ask your supervisor: this queue does not let agents opt out"
    )
    return (
        f"You answer {seat.queue_name} through a group, and Switchboard does not change group membership "
        f"(it would change your other access). To stop its calls, {own}."
    )


async def opt_back_in(
    admin: TeamsAdmin, store: Store, *, user_id: str, upn: str, queue_id: str, actor: str
) -> OptChange:
    """Put `user_id` back on `queue_id` at their old ring position; a no-op when they are already there."""
    queue = await _queue(admin, queue_id)
    pending = await store.opt_ins.get(queue.identity, user_id)
    users = list(queue.users)
    present = any(u.lower() == user_id.lower() for u in users)
    if not present and pending is None:
        raise Missing(f"Switchboard has not paused you on {queue.name}")
    restored = users
    if not present:
        position = min(pending.position if pending else len(users), len(users))
        restored = users[:position] + [user_id] + users[position:]
        await _set_users(admin, queue, restored)
    if pending is not None:
        await store.opt_ins.kept(pending)
    await store.audit.append(
        actor=actor,
        action="queue.opt_in",
        target=f"{queue.name}: {upn}",
        before={"users": users},
        after={"users": restored},
        result="no-op" if present else "ok",
        detail="already on the agent list" if present else "back on the agent list",
    )
    seat = AgentSeat(queue.identity, queue.name, True, True, False, queue.allow_opt_out, None)
    return OptChange(seat, not present, MEMBERSHIP)


@dataclass(frozen=True)
class DueRun:
    ran: bool  # False: another replica holds the lock
    restored: int = 0
    failed: int = 0


async def run_due_opt_ins(admin: TeamsAdmin, store: Store, *, now: dt.datetime | None = None) -> DueRun:
    """Put back everyone whose pause has ended. Under the store's lock, so several replicas run it once;
    idempotent (a person already back is a no-op); a failure stays pending for the next run."""
    async with store.locks.hold(JOB_LOCK, lease=dt.timedelta(minutes=10)) as held:
        if not held:
            return DueRun(False)
        restored = failed = 0
        for pending in await store.opt_ins.due(now):
            try:
                await opt_back_in(
                    admin,
                    store,
                    user_id=pending.user_id,
                    upn=pending.upn,
                    queue_id=pending.queue_id,
                    actor=SCHEDULER,
                )
                restored += 1
            except (InvalidInput, Missing, ServiceFailed) as exc:
                failed += 1
                log.warning("could not opt %s back in to %s: %s", pending.upn, pending.queue_name, exc)
                retry = await store.opt_ins.failed(pending, exc.message, at=now)
                await store.audit.append(
                    actor=SCHEDULER,
                    action="queue.opt_in",
                    target=f"{pending.queue_name}: {pending.upn}",
                    result="failed",
                    detail=f"{exc.message} (tried again at {retry:%Y-%m-%d %H:%M} UTC)",
                )
        return DueRun(True, restored, failed)
