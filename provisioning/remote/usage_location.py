"""Usage location on the wire: PATCH /users/{id} usageLocation, read back with GET /users/{id}."""

from __future__ import annotations

from provisioning.boundary import read_person
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire
from provisioning.resources.usage_location import NAME


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    await wire.graph.users.set_usage_location(action.target_id, action.after.country)


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    return (await read_person(wire.graph, target_id or step.subject)).usage_location == step.value


REMOTE = RemoteKind(NAME, apply, observe)
