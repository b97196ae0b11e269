"""Associations on the wire: New-/Remove-CsOnlineApplicationInstanceAssociation, read back with
Get-CsOnlineApplicationInstanceAssociation. The app is named in the plan and looked up now: a queue
created earlier in the same run has an id only now."""

from __future__ import annotations

from typing import Any

from graph.teams_admin import Call, Ref, Script
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, teams_outcomes, variable
from provisioning.remote.voice_ids import VoiceIds, voice_ids
from provisioning.resources.association import ASSOCIATE, NAME

TEAMS_TYPE = {"call_queue": "CallQueue", "auto_attendant": "AutoAttendant"}


async def app_id(ids: VoiceIds, app_kind: str, app: str) -> str:
    if app_kind == "call_queue":
        return await ids.call_queue(app)
    if app_kind == "auto_attendant":
        return await ids.auto_attendant(app)
    raise WriteFailed(f"cannot associate a resource account with a {app_kind}")


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    ids = voice_ids(wire)
    ra_id = await ids.resource_account(action.subject)
    existing = await ids.teams.associations.get(ra_id)
    after = action.after
    config_id = await app_id(ids, after.app_kind, after.app) if after is not None else None
    if existing is not None and existing.configuration_id == config_id:
        return  # done by a run that died before journalling it
    if existing is not None:
        await ids.teams.associations.remove(ra_id)
    if after is not None and config_id is not None:
        await ids.teams.associations.associate(
            ra_id, config_id, TEAMS_TYPE[after.app_kind], call_priority=after.priority
        )


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    ids = voice_ids(wire)
    existing = await ids.teams.associations.get(await ids.resource_account(step.subject))
    if step.op != ASSOCIATE:
        return existing is None
    try:
        config_id = await app_id(ids, step.ref, step.value)
    except WriteFailed:
        return False
    return existing is not None and existing.configuration_id == config_id


LOOKUP = {
    "call_queue": ("Get-CsCallQueue", "queue", "Identity"),
    "auto_attendant": ("Get-CsAutoAttendant", "aa", "Identity"),
}


def script(action: Action) -> Script:
    ra = variable("ra", action.subject)
    calls = [Call("Get-CsOnlineApplicationInstance", {"Identity": action.subject}, result=ra)]
    if action.before is not None:
        calls.append(
            Call("Remove-CsOnlineApplicationInstanceAssociation", {"Identities": [Ref(ra, "ObjectId")]})
        )
    if action.after is not None:
        cmdlet, prefix, prop = LOOKUP[action.after.app_kind]
        app = variable(prefix, action.after.app)
        calls.append(Call(cmdlet, {"NameFilter": action.after.app}, result=app))
        params: dict[str, Any] = {
            "Identities": [Ref(ra, "ObjectId")],
            "ConfigurationId": Ref(app, prop),
            "ConfigurationType": TEAMS_TYPE[action.after.app_kind],
        }
        if action.after.priority is not None:
            params["CallPriority"] = action.after.priority
        calls.append(Call("New-CsOnlineApplicationInstanceAssociation", params))
    return Script(calls)


REMOTE = RemoteKind(NAME, apply, observe, outcomes=teams_outcomes, script=script)
