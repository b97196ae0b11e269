"""A resource account's usage location and licence on the wire: Graph PATCH /users/{id} and
assignLicense, then Get-CsOnlineUser until the licence's plan MCOEV_VIRTUALUSER is provisioned in Teams
(minutes in a real tenant, voice-apps.md §3.5); releasing is assignLicense with removeLicenses."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from graph.teams_admin import Call
from provisioning.boundary import read_person
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, teams_outcomes
from provisioning.remote.voice_ids import voice_ids
from provisioning.resources.ra_licence import ASSIGN, RELEASE, SET_LOCATION
from provisioning.resources.ra_licence import NAME as KIND_NAME

PLAN = "MCOEV_VIRTUALUSER"
PROVISIONED_WITHIN_S = 600.0
FIRST_POLL_S, LAST_POLL_S = 1.0, 30.0


def provisioned(output: Any) -> bool:
    """Whether Get-CsOnlineUser's ProvisionedPlan lists the resource-account plan as enabled."""
    rows = output if isinstance(output, list) else [output]
    for row in rows:
        plans = row.get("ProvisionedPlan") if isinstance(row, Mapping) else None
        for plan in plans if isinstance(plans, list) else []:
            if isinstance(plan, Mapping) and plan.get("Capability") == PLAN:
                return str(plan.get("CapabilityStatus") or "Enabled") == "Enabled"
    return False


async def wait_provisioned(wire: Wire, action: Action, within_s: float = PROVISIONED_WITHIN_S) -> None:
    teams = voice_ids(wire).teams
    wire.progress(action, f"waiting for Teams to provision the licence (up to {within_s:.0f} s)")
    loop = asyncio.get_running_loop()
    deadline, interval = loop.time() + within_s, FIRST_POLL_S
    while not provisioned(await teams.client.one(Call("Get-CsOnlineUser", {"Identity": action.subject}))):
        if loop.time() >= deadline:
            raise WriteFailed(
                f"the licence of {action.subject} is assigned, but Teams has not provisioned it after "
                f"{within_s:.0f} s; re-run later to continue",
                code="NotProvisionedYet",
            )
        await teams.client.sleep(interval)
        interval = min(LAST_POLL_S, interval * 2)


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    user_id = action.target_id or await voice_ids(wire).user(action.subject)
    if action.op == SET_LOCATION:
        await wire.graph.users.set_usage_location(user_id, action.step.value)
    elif action.op == ASSIGN:
        await wire.graph.users.assign_license(user_id, add=[action.step.value])
        await wait_provisioned(wire, action)
    elif action.op == RELEASE:
        await wire.graph.users.assign_license(user_id, remove=[action.step.value])


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    person = await read_person(wire.graph, target_id or step.subject)
    if step.op == SET_LOCATION:
        return person.usage_location == step.value
    return (step.value in person.licences) == (step.op == ASSIGN)


REMOTE = RemoteKind(KIND_NAME, apply, observe, outcomes=teams_outcomes)
