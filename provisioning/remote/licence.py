"""Licences on the wire: POST /users/{id}/assignLicense, read back with GET /users/{id}."""

from __future__ import annotations

from provisioning.boundary import read_person
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire
from provisioning.resources.licence import NAME


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    await wire.graph.users.assign_license(action.target_id, add=[action.after.sku_id])


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    return step.value in (await read_person(wire.graph, target_id or step.subject)).licences


REMOTE = RemoteKind(NAME, apply, observe)
