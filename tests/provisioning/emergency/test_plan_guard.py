"""While a mode is active, the YAML plan does not undo it: the held queue and attendant are problems naming
the mode, and apply refuses; after restore the same file plans to nothing again."""

from __future__ import annotations

import pytest

from graph import GraphConfig, open_graph
from provisioning import PhoneService, PlanBlocked
from sandbox.server import RunningSandbox
from tests.provisioning.emergency.county import CRISIS, MAIN, county_file, opened


async def test_an_active_mode_blocks_the_yaml_plan_until_it_is_restored(
    sandbox: RunningSandbox, database_url: str
) -> None:
    async with (
        opened(sandbox, database_url) as env,
        open_graph(GraphConfig(base_url=sandbox.base_url)) as graph,
    ):
        phone = PhoneService(graph, env.store, actor="alice", teams=env.teams)
        exported = (await phone.export_noting()).system
        assert (await phone.plan(exported)).plan.empty  # the county as it is: nothing to do

        assert (await env.service.activate(county_file(), "eoc")).ok
        blocked = (await phone.plan(exported)).plan
        held = {p.upn: p.message for p in blocked.problems}
        assert set(held) >= {MAIN, CRISIS}, held
        assert all("eoc" in held[name] for name in (MAIN, CRISIS)), held
        touched = {a.subject for a in blocked.actions}
        assert not touched & {MAIN, CRISIS}  # nothing would rewrite the held objects
        with pytest.raises(PlanBlocked):
            await phone.apply(exported)

        assert (await env.service.restore("eoc")).exact
        assert (await phone.plan(exported)).plan.empty
