"""Licences on the wire: POST /users/{id}/assignLicense, read back with GET /users/{id}."""

from __future__ import annotations

from graph import Graph
from provisioning.boundary import read_person
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted
from provisioning.resources.licence import NAME


async def apply(graph: Graph, action: Action, submitted: Submitted) -> None:
    await graph.users.assign_license(action.target_id, add=[action.after.sku_id])


async def observe(graph: Graph, step: Step, target_id: str | None) -> bool | None:
    return step.value in (await read_person(graph, target_id or step.subject)).licences


REMOTE = RemoteKind(NAME, apply, observe)
