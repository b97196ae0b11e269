"""Call queues on the wire: New-/Set-/Remove-CsCallQueue through graph/teams_admin, names turned into ids
at apply time (a queue or RA created earlier in the run has an id only now), every write confirmed by
reading the queue back, with a deadline (Teams is eventually consistent).

Never twice: a create first looks the name up (a run that died after creating finds its queue and
updates it instead), and graph/teams_admin's create reads by name after a lost answer. The observer
settles a crashed step: a create is seen by name, a removal by the name's absence, an update when the
queue reads back with the settings whose fingerprint the step's journal key carries.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from graph.teams_admin import Call, NotFound, Ref, Script, TeamsAdmin
from graph.teams_admin import CallQueue as WireQueue
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, teams_outcomes, variable
from provisioning.remote.queue_params import IdKey, needed, queue_params, set_params
from provisioning.remote.voice_ids import VoiceIds, voice_ids
from provisioning.resources.call_queue import CREATE, NAME, REMOVE, fingerprint
from provisioning.voiceapps import read_voice_apps, teams_admin_source
from provisioning.voiceapps.model import CallQueue

CONFIRM_WITHIN_S = 60.0
FIRST_POLL_S, LAST_POLL_S = 0.5, 5.0


async def resolve(ids: VoiceIds, queue: CallQueue) -> dict[IdKey, str]:
    """The id of everything the queue names (a missing one is WriteFailed naming it)."""
    lookups = {
        "user": ids.user,
        "group": ids.group,
        "call_queue": ids.call_queue,
        "auto_attendant": ids.auto_attendant,
        "resource_account": ids.resource_account,
    }
    keys = needed(queue)
    found = await asyncio.gather(*(lookups[kind](key) for kind, key in keys))
    return {key: value for key, value in zip(keys, found, strict=True)}


def _same(sent: Any, read: Any) -> bool:
    """A parameter as sent and as Get-CsCallQueue prints it (targets as {Id, Type}; ids in any case)."""
    if isinstance(read, Mapping) and "Id" in read:
        read = read["Id"]
    if sent is None:
        return read in (None, "", [])
    if isinstance(sent, list):
        return isinstance(read, list) and [str(v).casefold() for v in sent] == [
            str(v).casefold() for v in read
        ]
    if isinstance(sent, str):
        return isinstance(read, str) and sent.casefold() == read.casefold()
    return bool(sent == read)


def mismatches(sent: Mapping[str, Any], read: Mapping[str, Any]) -> list[str]:
    names = {"User": "Users"}
    return [name for name, value in sent.items() if not _same(value, read.get(names.get(name, name)))]


async def _read_back(teams: TeamsAdmin, identity: str, sent: Mapping[str, Any]) -> list[str]:
    """What does not read back yet; a queue Teams does not show yet differs in everything."""
    try:
        queue = await teams.call_queues.get(identity)
    except NotFound:
        return ["the queue itself (not visible yet)"]
    return mismatches(sent, queue.raw)


async def confirm(wire: Wire, action: Action, identity: str, sent: Mapping[str, Any]) -> None:
    """Read the queue until it shows every parameter sent, or fail at the deadline naming what differs."""
    teams = voice_ids(wire).teams
    loop = asyncio.get_running_loop()
    deadline, interval = loop.time() + CONFIRM_WITHIN_S, FIRST_POLL_S
    while wrong := await _read_back(teams, identity, sent):
        if loop.time() >= deadline:
            raise WriteFailed(
                f"call queue {action.subject} does not read back as written after {CONFIRM_WITHIN_S:.0f} s: "
                f"{', '.join(wrong)}",
                code="NotConfirmed",
            )
        wire.progress(
            action, f"waiting for Teams to show the queue's settings (up to {CONFIRM_WITHIN_S:.0f} s)"
        )
        await teams.client.sleep(interval)
        interval = min(LAST_POLL_S, interval * 2)


async def _write(wire: Wire, action: Action, existing: WireQueue | None) -> None:
    ids = voice_ids(wire)
    queue: CallQueue = action.after
    resolved = await resolve(ids, queue)

    def id_of(kind: str, key: str) -> str:
        return resolved[(kind, key)]

    if existing is None:
        params = queue_params(queue, id_of, new=True)
        created = await ids.teams.call_queues.create(queue.name, params)
        ids.cache[("call_queue", queue.name.casefold())] = created.identity
        await confirm(wire, action, created.identity, params)
        return
    read = await ids.teams.call_queues.get(existing.identity)  # what the update is built from
    params = set_params(queue, id_of, read.raw)
    await ids.teams.call_queues.update(existing.identity, params)
    await confirm(wire, action, existing.identity, params)


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    teams = voice_ids(wire).teams
    existing = await teams.call_queues.find_by_name(action.subject)
    if action.op == REMOVE:
        if existing is not None:
            await teams.call_queues.remove(existing.identity)
        voice_ids(wire).forget("call_queue", action.subject)
        return
    await _write(wire, action, existing)


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    teams = voice_ids(wire).teams
    existing = await teams.call_queues.find_by_name(step.subject)
    if step.op == CREATE:
        return existing is not None
    if step.op == REMOVE:
        return existing is None
    if existing is None:
        return False
    apps = await read_voice_apps(teams_admin_source(teams), wire.graph)
    queue = apps.call_queue(step.subject)
    return queue is not None and fingerprint(queue) == step.value


PREVIEW_PREFIX = {"user": "user", "call_queue": "queue", "auto_attendant": "aa", "resource_account": "ra"}
PREVIEW_FIND = {
    "call_queue": ("Get-CsCallQueue", "NameFilter"),
    "auto_attendant": ("Get-CsAutoAttendant", "NameFilter"),
    "user": ("Get-CsOnlineUser", "Identity"),
    "resource_account": ("Get-CsOnlineUser", "Identity"),
}


def script(action: Action) -> Script:
    """The cmdlets apply runs for the action, ids looked up by name first (`plan --show-powershell`);
    groups are found through Graph, so the preview names them in a placeholder."""
    own = variable("queue", action.subject)
    calls = (
        [] if action.op == CREATE else [Call("Get-CsCallQueue", {"NameFilter": action.subject}, result=own)]
    )
    if action.op == REMOVE:
        return Script([*calls, Call("Remove-CsCallQueue", {"Identity": Ref(own, "Identity")})])
    queue: CallQueue = action.after
    refs: dict[IdKey, Any] = {}
    taken = {own}
    for kind, key in needed(queue):
        if kind == "group":
            refs[(kind, key)] = f"<object id of group {key}>"
            continue
        name = variable(PREVIEW_PREFIX[kind], key)
        while name in taken:
            name += "_"
        taken.add(name)
        cmdlet, parameter = PREVIEW_FIND[kind]
        calls.append(Call(cmdlet, {parameter: key}, result=name))
        refs[(kind, key)] = Ref(name, "Identity")

    def id_of(kind: str, key: str) -> Any:
        return refs[(kind, key)]

    if action.op == CREATE:
        return Script([*calls, Call("New-CsCallQueue", queue_params(queue, id_of, new=True))])
    params = {"Identity": Ref(own, "Identity"), **queue_params(queue, id_of, new=False)}
    return Script([*calls, Call("Set-CsCallQueue", params)])


REMOTE = RemoteKind(NAME, apply, observe, outcomes=teams_outcomes, script=script)
