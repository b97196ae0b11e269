"""Auto attendants on the wire: New-CsAutoAttendant (prompts → entities → options → menus → flows →
associations, one script), Set-CsAutoAttendant -Instance with the whole object rebuilt over what was just
read, Remove-CsAutoAttendant; every write confirmed by reading the attendant back as the domain model.

Observers after a crash: a create happened if an attendant of that name exists; an update if the
attendant reads back with the fingerprint its journal key carries; a removal if the name is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from graph.teams_admin import Call, Script, auto_attendant_script, replace_script
from provisioning.plan import Action, Step
from provisioning.remote.aa_wire import kept_prompts, needed, placeholder, wire_spec
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, teams_outcomes
from provisioning.remote.voice_ids import VoiceIds, voice_ids
from provisioning.remote.voice_read import confirm, read_apps
from provisioning.resources.auto_attendant import (
    CREATE,
    NAME,
    REMOVE,
    UPDATE,
    changes,
    comparable,
    fingerprint,
)
from provisioning.resources.voice_keys import name_of
from provisioning.voiceapps import VoiceApps
from provisioning.voiceapps.model import AutoAttendant


async def _ids(ids: VoiceIds, aa: AutoAttendant) -> dict[tuple[str, str], str]:
    methods = {
        "user": ids.user,
        "group": ids.group,
        "call_queue": ids.call_queue,
        "auto_attendant": ids.auto_attendant,
        "schedule": ids.schedule,
        "resource_account": ids.resource_account,
    }
    return {(kind, key): await methods[kind](key) for kind, key in needed(aa)}


def _differs(after: AutoAttendant) -> Callable[[VoiceApps], str | None]:
    def check(apps: VoiceApps) -> str | None:
        found = apps.auto_attendant(after.name)
        if found is None:
            return "no attendant of that name"
        # a file that names no voice gets the language's default, which the tenant then reports
        voiced = after if after.voice is not None else replace(after, voice=found.voice)
        wanted, seen = comparable(voiced), comparable(found)
        return None if seen == wanted else ", ".join(changes(seen, wanted)) + " different"

    return check


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    ids = voice_ids(wire)
    teams = ids.teams
    name = name_of(action.subject)
    if action.op == REMOVE:
        found = await teams.auto_attendants.find_by_name(name)
        if found is not None:
            await teams.auto_attendants.remove(found.id)
        ids.forget(NAME, name)  # the name may be reused later in the run
        return
    after: AutoAttendant = action.after
    known = await _ids(ids, after)

    def lookup(kind: str, key: str) -> str:
        return known[(kind, key)]

    if action.op == CREATE:
        await teams.auto_attendants.create(wire_spec(after, lookup))  # looks the name up after a lost answer
    elif action.op == UPDATE:
        found = await teams.auto_attendants.find_by_name(name)
        if found is None:
            raise WriteFailed(f"auto attendant {name!r} is no longer in the tenant", code="NotFound")
        spec = wire_spec(after, lookup, kept_prompts(found.raw))  # audio prompts go back as they are
        await teams.client.write(replace_script(found.raw, spec))
    else:
        raise WriteFailed(f"auto attendant: unknown step {action.op}")
    await confirm(f"auto attendant {name}", lambda: read_apps(wire), _differs(after))


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    apps = await read_apps(wire)
    found = apps.auto_attendant(name_of(step.subject))
    if step.op == CREATE:
        return found is not None
    if step.op == REMOVE:
        return found is None
    return found is not None and fingerprint(found) == step.value


def script(action: Action) -> Script:
    """The cmdlets apply runs, ids shown as the objects' names (`plan --show-powershell`)."""
    if action.op == REMOVE:
        aa = action.before
        return Script([Call("Remove-CsAutoAttendant", {"Identity": placeholder(NAME, aa.name)})])
    spec = wire_spec(action.after, placeholder)
    if action.op == CREATE:
        return auto_attendant_script(spec)
    raw = {"Id": placeholder(NAME, action.after.name), "Name": action.after.name}
    return replace_script(raw, spec)


REMOTE = RemoteKind(NAME, apply, observe, outcomes=teams_outcomes, script=script)
