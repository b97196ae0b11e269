"""Emergency locations on the wire: numberAssignments updateNumber (locationId; "" clears), read back
by filtering numberAssignments on telephoneNumber."""

from __future__ import annotations

from provisioning.boundary import read_number
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire
from provisioning.resources.emergency_location import NAME


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    await wire.graph.numbers.update(
        telephone_number=action.after.number, location_id=action.after.location_id or ""
    )


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    found = await read_number(wire.graph, step.ref)
    return found is not None and found.location_id == (step.value or None)


REMOTE = RemoteKind(NAME, apply, observe)
