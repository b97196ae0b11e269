"""Associations on the wire: New-/Remove-CsOnlineApplicationInstanceAssociation, read back with
Get-CsOnlineApplicationInstanceAssociation. The app is named in the plan and looked up now: a queue
created earlier in the same run has an id only now."""

from __future__ import annotations

from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, teams_outcomes
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


REMOTE = RemoteKind(NAME, apply, observe, outcomes=teams_outcomes)
