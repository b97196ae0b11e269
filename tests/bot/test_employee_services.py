"""TenantServices' employee side on the county sandbox through the real Teams admin pool: the bot's use
cases as `bot serve` wires them (the Playground test drives the same through Microsoft's client)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest

from bot import TenantServices
from graph import GraphConfig, open_graph, open_teams_admin, teams_admin_config
from provisioning import InvalidInput, Unsupported
from sandbox.server import RunningSandbox
from store import Store


@pytest.fixture
async def services(sandbox: RunningSandbox, tmp_path: object) -> AsyncIterator[TenantServices]:
    store = await Store.open(f"sqlite:///{tmp_path}/bot.db")
    config = teams_admin_config(GraphConfig(base_url=sandbox.base_url), pool_size=1, request_timeout_s=20)
    try:
        async with (
            open_graph(GraphConfig(base_url=sandbox.base_url)) as graph,
            open_teams_admin(config) as admin,
        ):
            yield TenantServices(graph, store, "America/New_York", admin=admin)
    finally:
        await store.close()


def queue(sandbox: RunningSandbox, name: str) -> dict[str, object]:
    (found,) = [q for q in sandbox.state.teams.callQueues.values() if q["Name"] == name]
    return found


async def test_queues_opt_out_and_the_job(sandbox: RunningSandbox, services: TenantServices) -> None:
    permits = queue(sandbox, "Building Permits")
    agent = permits["Users"][0]  # type: ignore[index]
    names = [s.queue_name for s in await services.queues(agent) or []]
    assert "Building Permits" in names
    assert await services.queues("00000000-0000-0000-0000-000000000000") is None

    until = dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)
    seat = await services.opt_out(agent, str(permits["Identity"]), until)
    assert seat.paused_until is not None and abs(seat.paused_until - until) < dt.timedelta(seconds=1)
    assert agent not in queue(sandbox, "Building Permits")["Users"]  # type: ignore[operator]
    assert not (await services.run_due_opt_ins()).restored  # not due yet
    upn = sandbox.state.users[agent].userPrincipalName
    (event,) = await services._store.audit.list()
    assert event.actor == f"bot:{upn}" and event.action == "queue.opt_out"


async def test_ring_also_and_stop(sandbox: RunningSandbox, services: TenantServices) -> None:
    person = next(u.id for u in sandbox.state.users.values() if u.accountType == "user" and u.assignedSkuIds)
    on = await services.ring_also(person, "561-555-0199")
    assert on.also_ring == "+15615550199"
    phone = await services.phone(person)
    assert phone is not None and phone.forwarding == "off (your calls also ring +15615550199)"
    assert (await services.stop_ring(person)).also_ring is None
    with pytest.raises(InvalidInput, match="not a phone number"):
        await services.ring_also(person, "my cell")


async def test_without_the_admin_pool_changes_are_refused(sandbox: RunningSandbox, tmp_path: object) -> None:
    store = await Store.open(f"sqlite:///{tmp_path}/plain.db")
    try:
        async with open_graph(GraphConfig(base_url=sandbox.base_url)) as graph:
            plain = TenantServices(graph, store, "America/New_York")
            person = next(u.id for u in sandbox.state.users.values() if u.accountType == "user")
            with pytest.raises(Unsupported, match="not set up on this bot"):
                await plain.queues(person)
            assert not (await plain.run_due_opt_ins()).ran
    finally:
        await store.close()
