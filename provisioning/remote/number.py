"""Numbers on the wire: numberAssignments assignNumber / unassignNumber orders (202 + operation), read
back by filtering numberAssignments on telephoneNumber."""

from __future__ import annotations

from provisioning.boundary import read_number, read_person
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire
from provisioning.resources.number import ASSIGN, NAME

# quirk: while an order runs the number shows assignmentPending/updatePending and its old holder.
IN_FLIGHT = {"assignmentPending", "updatePending"}


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    if action.op == ASSIGN:
        operation = await wire.graph.numbers.assign(
            telephone_number=action.after.number,
            target_id=action.target_id,
            number_type=action.after.number_type,
            category=action.after.category or "primary",
            location_id=action.after.location_id,
        )
    else:
        operation = await wire.graph.numbers.unassign(
            telephone_number=action.before.number, number_type=action.before.number_type
        )
    await submitted(operation)
    await wire.graph.numbers.wait(operation)


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    found = await read_number(wire.graph, step.ref)
    if found is None:
        return False
    if found.activation_state in IN_FLIGHT:
        return None
    if step.op == ASSIGN:
        holder = target_id or (await read_person(wire.graph, step.subject)).id
        return found.holder_id == holder
    return found.is_free


async def wait(wire: Wire, operation_id: str, timeout_s: float) -> None:
    await wire.graph.numbers.wait(operation_id, timeout_s=timeout_s)


REMOTE = RemoteKind(NAME, apply, observe, wait)
