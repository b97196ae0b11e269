"""Who is an admin: Graph group membership on the sandbox (cached for the TTL, re-read after it), agency
scopes from the setting, and the scope rule itself."""

from __future__ import annotations

import pytest

from bot.admins import (
    AdminDirectory,
    AdminPolicy,
    AdminPolicyError,
    AdminRole,
    Agency,
    Identity,
    parse_agencies,
)
from graph import GraphConfig, open_graph
from sandbox.server import RunningSandbox


def members(sandbox: RunningSandbox, name: str) -> list[str]:
    (group,) = [g for g in sandbox.state.groups.values() if g.displayName == name]
    return list(group.memberIds)


async def test_roles_come_from_graph_groups_and_are_cached_for_the_ttl(sandbox: RunningSandbox) -> None:
    now = [0.0]
    policy = AdminPolicy(
        admin_group="Teams Phone Admins",
        agencies=(Agency("Fire Fee Line Agents", frozenset({"Tax Collector", "Libraries"})),),
        cache_s=120,
    )
    admin_id = members(sandbox, "Teams Phone Admins")[0]
    agent_ids = [
        m for m in members(sandbox, "Fire Fee Line Agents") if m not in members(sandbox, "Teams Phone Admins")
    ]
    async with open_graph(GraphConfig(base_url=sandbox.base_url)) as graph:
        directory = AdminDirectory(graph.users, policy, clock=lambda: now[0])
        admin = await directory.role(admin_id)
        assert admin is not None and admin.county_wide
        assert admin.identity.upn == sandbox.state.users[admin_id].userPrincipalName
        agent = await directory.role(agent_ids[0])
        assert agent is not None and agent.departments == frozenset({"Tax Collector", "Libraries"})
        assert await directory.role("no-such-object-id") is None
        reads = sandbox.requests.count("GET", "/members")
        assert reads == 2  # one members read per configured group

        sandbox.state.groups[
            next(g.id for g in sandbox.state.groups.values() if g.displayName == "Teams Phone Admins")
        ].memberIds.remove(admin_id)
        now[0] = 119.0
        assert await directory.role(admin_id) is not None  # still cached
        assert sandbox.requests.count("GET", "/members") == reads
        now[0] = 121.0
        assert await directory.role(admin_id) is None  # removed from the group: gone after the TTL
        assert sandbox.requests.count("GET", "/members") == 2 * reads


async def test_a_misspelt_admin_group_grants_nothing(sandbox: RunningSandbox) -> None:
    admin_id = members(sandbox, "Teams Phone Admins")[0]
    async with open_graph(GraphConfig(base_url=sandbox.base_url)) as graph:
        directory = AdminDirectory(graph.users, AdminPolicy(admin_group="Teams Phone Admin"))
        assert await directory.role(admin_id) is None
        who = await directory.identify(admin_id)  # a refusal still names the person
        assert who.upn == sandbox.state.users[admin_id].userPrincipalName


def test_agencies_setting() -> None:
    assert parse_agencies("Sheriff IT=Sheriff's Office|Detention; Fire IT=Fire Rescue") == (
        Agency("Sheriff IT", frozenset({"Sheriff's Office", "Detention"})),
        Agency("Fire IT", frozenset({"Fire Rescue"})),
    )
    assert parse_agencies("") == ()
    with pytest.raises(AdminPolicyError, match=r"SWITCHBOARD_BOT_AGENCY_ADMINS: entry 2 \('Fire IT'\)"):
        parse_agencies("Sheriff IT=Sheriff's Office; Fire IT")


def test_scope_rule() -> None:
    who = Identity("oid", "a@county.example")
    agency = AdminRole(who, frozenset({"Libraries"}))
    assert agency.may_act_on(["Libraries", "Libraries"])
    assert not agency.may_act_on(["Libraries", "Fire Rescue"])
    assert not agency.may_act_on([None])  # no department: nobody's agency
    assert not agency.may_act_on([])
    assert AdminRole(who, None).may_act_on(["Fire Rescue", None])
    assert who.label == "a@county.example (aad oid)"
