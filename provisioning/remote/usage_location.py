"""Usage location on the wire: PATCH /users/{id} usageLocation, read back with GET /users/{id}."""

from __future__ import annotations

from graph import Graph
from provisioning.boundary import read_person
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted
from provisioning.resources.usage_location import NAME


async def apply(graph: Graph, action: Action, submitted: Submitted) -> None:
    await graph.users.set_usage_location(action.target_id, action.after.country)


async def observe(graph: Graph, step: Step, target_id: str | None) -> bool | None:
    return (await read_person(graph, target_id or step.subject)).usage_location == step.value


REMOTE = RemoteKind(NAME, apply, observe)
