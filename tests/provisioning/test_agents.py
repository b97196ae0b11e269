"""Queue opt-out until a time and back in, against the county sandbox through the real worker pool.

What the sandbox's `/_sandbox/teams` shows is the tenant: these tests read it to prove a person left the
agent list, came back at their old ring position, and that the due-opt-in job did it once, unattended.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from graph.config import GraphConfig
from graph.teams_admin import TeamsAdmin, open_teams_admin, teams_admin_config
from provisioning import (
    InvalidInput,
    Unsupported,
    agent_seats,
    opt_back_in,
    opt_out_until,
    run_due_opt_ins,
)
from sandbox.server import RunningSandbox
from store import Store

NOW = dt.datetime(2026, 11, 2, 15, 0, tzinfo=dt.UTC)


@dataclass
class Rig:
    sandbox: RunningSandbox
    admin: TeamsAdmin
    store: Store

    def queue(self, name: str) -> dict[str, Any]:
        (queue,) = [q for q in self.sandbox.state.teams.callQueues.values() if q["Name"] == name]
        return queue


@pytest.fixture
async def rig(sandbox: RunningSandbox, database_url: str) -> AsyncIterator[Rig]:
    config = teams_admin_config(GraphConfig(base_url=sandbox.base_url), pool_size=1, request_timeout_s=20)
    store = await Store.open(database_url)
    try:
        async with open_teams_admin(config) as admin:
            yield Rig(sandbox, admin, store)
    finally:
        await store.close()


async def test_opt_out_takes_the_agent_off_and_the_job_puts_them_back_in_place(rig: Rig) -> None:
    queue = rig.queue("Building Permits")
    users = list(queue["Users"])
    agent = users[3]
    seats = {s.queue_name: s for s in await agent_seats(rig.admin, rig.store, agent)}
    assert seats["Building Permits"].direct and seats["Building Permits"].opted_in

    until = NOW + dt.timedelta(hours=2)
    change = await opt_out_until(
        rig.admin,
        rig.store,
        user_id=agent,
        upn="a@x",
        queue_id=queue["Identity"],
        until=until,
        actor="t",
        now=NOW,
    )
    assert change.changed and change.method == "membership"
    assert rig.queue("Building Permits")["Users"] == users[:3] + users[4:]
    paused = {s.queue_name: s for s in await agent_seats(rig.admin, rig.store, agent)}["Building Permits"]
    assert paused.paused_until == until and not paused.opted_in

    early = await run_due_opt_ins(rig.admin, rig.store, now=NOW + dt.timedelta(hours=1))
    assert (early.ran, early.restored) == (True, 0)
    assert agent not in rig.queue("Building Permits")["Users"]

    due = await run_due_opt_ins(rig.admin, rig.store, now=until + dt.timedelta(minutes=1))
    assert (due.restored, due.failed) == (1, 0)
    assert rig.queue("Building Permits")["Users"] == users  # same ring position
    again = await run_due_opt_ins(rig.admin, rig.store, now=until + dt.timedelta(minutes=2))
    assert again.restored == 0  # the promise was kept once and forgotten
    actions = [(e.action, e.actor, e.result) for e in await rig.store.audit.list()]
    assert actions == [("queue.opt_out", "t", "ok"), ("queue.opt_in", "switchboard (scheduled opt-in)", "ok")]


async def test_another_replica_holding_the_lock_runs_nothing(rig: Rig) -> None:
    queue = rig.queue("Customer Service")
    agent = queue["Users"][0]
    await opt_out_until(
        rig.admin,
        rig.store,
        user_id=agent,
        upn="a@x",
        queue_id=queue["Identity"],
        until=NOW + dt.timedelta(minutes=5),
        actor="t",
        now=NOW,
    )
    later = NOW + dt.timedelta(hours=1)
    async with rig.store.locks.hold("queue-opt-ins") as held:
        assert held
        replica = dataclasses.replace(rig.store, locks=type(rig.store.locks)(rig.store.engine))
        other = await run_due_opt_ins(rig.admin, replica, now=later)
    assert not other.ran
    assert agent not in rig.queue("Customer Service")["Users"]
    assert (await run_due_opt_ins(rig.admin, rig.store, now=later)).restored == 1
    assert agent in rig.queue("Customer Service")["Users"]


async def test_opt_back_in_by_hand_is_idempotent(rig: Rig) -> None:
    queue = rig.queue("Tax Collector")
    users = list(queue["Users"])
    agent = users[0]
    await opt_out_until(
        rig.admin,
        rig.store,
        user_id=agent,
        upn="a@x",
        queue_id=queue["Identity"],
        until=NOW + dt.timedelta(hours=1),
        actor="t",
        now=NOW,
    )
    first = await opt_back_in(
        rig.admin, rig.store, user_id=agent, upn="a@x", queue_id=queue["Identity"], actor="t"
    )
    second = await opt_back_in(
        rig.admin, rig.store, user_id=agent, upn="a@x", queue_id=queue["Identity"], actor="t"
    )
    assert (first.changed, second.changed) == (True, False)
    assert rig.queue("Tax Collector")["Users"] == users
    assert await rig.store.opt_ins.for_user(agent) == []


async def test_group_agent_is_told_which_switch_they_have(rig: Rig) -> None:
    queue = rig.queue("Clerk of Courts")
    agent = queue["Agents"][0]["ObjectId"]
    seat = {s.queue_name: s for s in await agent_seats(rig.admin, rig.store, agent)}["Clerk of Courts"]
    assert seat.via_group and not seat.direct
    with pytest.raises(Unsupported, match=r"through a group.*Settings › Calls › Call queues"):
        await opt_out_until(
            rig.admin,
            rig.store,
            user_id=agent,
            upn="a@x",
            queue_id=queue["Identity"],
            until=NOW + dt.timedelta(hours=1),
            actor="t",
            now=NOW,
        )
    assert await rig.store.opt_ins.for_user(agent) == []


@pytest.mark.parametrize(
    ("until", "message"),
    [
        (NOW - dt.timedelta(minutes=1), "already passed"),
        (NOW + dt.timedelta(days=8), "at most 7 days"),
        (dt.datetime(2026, 11, 2, 18, 0), "time zone"),
    ],
)
async def test_bad_times_change_nothing(rig: Rig, until: dt.datetime, message: str) -> None:
    queue = rig.queue("Libraries")
    users = list(queue["Users"])
    with pytest.raises(InvalidInput, match=message):
        await opt_out_until(
            rig.admin,
            rig.store,
            user_id=users[0],
            upn="a@x",
            queue_id=queue["Identity"],
            until=until,
            actor="t",
            now=NOW,
        )
    assert rig.queue("Libraries")["Users"] == users
    assert await rig.store.opt_ins.for_user(users[0]) == []


async def test_a_full_queue_is_retried_with_backoff_not_every_minute(rig: Rig) -> None:
    queue = rig.queue("Utilities Billing")
    users = list(queue["Users"])
    assert len(users) == 20  # the limit for direct agents
    agent, qid = users[5], queue["Identity"]
    until = NOW + dt.timedelta(minutes=30)
    await opt_out_until(
        rig.admin, rig.store, user_id=agent, upn="a@x", queue_id=qid, until=until, actor="t", now=NOW
    )
    stranger = next(
        u.id for u in rig.sandbox.state.users.values() if u.accountType == "user" and u.id not in users
    )
    await rig.admin.call_queues.update(qid, {"Users": [*rig.queue("Utilities Billing")["Users"], stranger]})

    first = await run_due_opt_ins(rig.admin, rig.store, now=until)
    assert (first.restored, first.failed) == (0, 1)
    (pending,) = await rig.store.opt_ins.for_user(agent)
    assert pending.attempts == 1 and pending.due_at == until + dt.timedelta(minutes=1)
    assert (await run_due_opt_ins(rig.admin, rig.store, now=until + dt.timedelta(seconds=30))).failed == 0

    await rig.admin.call_queues.update(
        qid, {"Users": [u for u in rig.queue("Utilities Billing")["Users"] if u != stranger]}
    )
    later = await run_due_opt_ins(rig.admin, rig.store, now=until + dt.timedelta(minutes=1))
    assert later.restored == 1
    assert rig.queue("Utilities Billing")["Users"] == users
    results = [(e.action, e.result) for e in await rig.store.audit.list()]
    assert results == [("queue.opt_out", "ok"), ("queue.opt_in", "failed"), ("queue.opt_in", "ok")]


async def test_opting_out_again_moves_the_time_and_keeps_the_ring_position(rig: Rig) -> None:
    queue = rig.queue("Real-Time Crime Center")
    users, qid = list(queue["Users"]), queue["Identity"]
    agent = users[2]
    for hours in (1, 3):
        await opt_out_until(
            rig.admin,
            rig.store,
            user_id=agent,
            upn="a@x",
            queue_id=qid,
            until=NOW + dt.timedelta(hours=hours),
            actor="t",
            now=NOW,
        )
    (pending,) = await rig.store.opt_ins.for_user(agent)
    assert pending.due_at == NOW + dt.timedelta(hours=3) and pending.position == 2
    assert (await run_due_opt_ins(rig.admin, rig.store, now=NOW + dt.timedelta(hours=2))).restored == 0
    assert (await run_due_opt_ins(rig.admin, rig.store, now=NOW + dt.timedelta(hours=3))).restored == 1
    assert rig.queue("Real-Time Crime Center")["Users"] == users
    assert [e.result for e in await rig.store.audit.list()] == ["ok", "no-op", "ok"]
