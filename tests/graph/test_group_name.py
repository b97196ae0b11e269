"""`graph.users.group_name`: the display name of a group the Teams admin output leaves as an id."""

from __future__ import annotations

from graph import open_graph
from graph.config import GraphConfig
from sandbox.server import RunningSandbox


async def test_a_group_id_is_named_and_a_missing_group_is_none(sandbox: RunningSandbox) -> None:
    group = next(g for g in sandbox.state.groups.values() if g.displayName == "EOC Staff")
    async with open_graph(GraphConfig(base_url=sandbox.base_url)) as graph:
        assert await graph.users.group_name(group.id) == "EOC Staff"
        assert await graph.users.group_name("00000000-0000-0000-0000-00000000dead") is None
