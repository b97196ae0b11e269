"""A resource account's number on the wire: Set-/Remove-CsPhoneNumberAssignment (Teams; Graph's
numberAssignments orders are for people), read back through Graph's number inventory."""

from __future__ import annotations

from graph.teams_admin import Call, Script
from provisioning.boundary import read_number
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire, teams_outcomes
from provisioning.remote.voice_ids import voice_ids
from provisioning.resources.ra_number import ASSIGN, NAME

NUMBER_TYPES = {
    "operatorConnect": "OperatorConnect",
    "directRouting": "DirectRouting",
    "callingPlan": "CallingPlan",
}


async def _release(wire: Wire, ra_id: str, number: str, number_type: str) -> None:
    """Remove the number if the account still holds it (a re-run after a crash may find it gone)."""
    found = await read_number(wire.graph, number)
    if found is not None and found.holder_id == ra_id:
        await voice_ids(wire).teams.resource_accounts.remove_number(ra_id, number, NUMBER_TYPES[number_type])


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    ids = voice_ids(wire)
    ra_id = await ids.resource_account(action.subject)
    if action.before is not None:
        await _release(wire, ra_id, action.before.number, action.before.number_type)
    if action.after is not None:
        after = action.after
        await ids.teams.resource_accounts.assign_number(ra_id, after.number, NUMBER_TYPES[after.number_type])


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    found = await read_number(wire.graph, step.ref)
    if found is None:
        return False
    if step.op != ASSIGN:
        return found.is_free
    return found.holder_id == await voice_ids(wire).resource_account(step.subject)


def script(action: Action) -> Script:
    calls = []
    for side, cmdlet in (
        (action.before, "Remove-CsPhoneNumberAssignment"),
        (action.after, "Set-CsPhoneNumberAssignment"),
    ):
        if side is not None:
            params = {
                "Identity": action.subject,
                "TelephoneNumber": side.number,
                "NumberType": NUMBER_TYPES[side.number_type],
            }
            calls.append(Call(cmdlet, params))
    return Script(calls)


REMOTE = RemoteKind(NAME, apply, observe, outcomes=teams_outcomes, script=script)
