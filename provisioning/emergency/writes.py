"""The writes of an emergency mode, one object at a time, each idempotent (a re-run after a crash skips
what is already done) and each answered with the object as read back.

Auto attendants: the holiday-override pattern (voice-apps.md §6.1). One fixed schedule per mode, active
from before today to years ahead, is attached to each AA as a Holiday association put first, with a call
flow of its own (the announcement, then `Automatic` to the target). Holiday beats after hours beats the
default flow, so one association covers every hour; the AA's own flows, menus and associations are left
as they were, so activation adds two things and changes none. A call-flow swap would rewrite the
DefaultCallFlow and still miss after hours and holidays unless those associations were removed too.
Restore sends the AA back exactly as snapshotted (`Set-CsAutoAttendant -Instance` with the snapshot,
ids included), then removes the mode's schedule once nothing uses it.

Call queues: the overflow-at-zero redirect (§6.2): `OverflowThreshold 0` with the action to the target
and the announcement as the redirect prompt; every new call takes it at once. Restore sets back every
settable property that differs from the snapshot (graph.teams_admin.restore_params).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.teams_admin import (
    FlowSpec,
    HandlingSpec,
    OptionSpec,
    Schedule,
    TeamsAdmin,
    fixed_schedule_script,
    restore_params,
)
from graph.teams_admin import Target as WireTarget
from provisioning.emergency.compare import differences
from provisioning.voiceapps import Target

WINDOW_BEFORE = dt.timedelta(days=2)  # the AA's own zone may still be on yesterday
WINDOW_YEARS = 5  # the EOC stayed active for 610 days after the hurricane


def schedule_name(mode: str) -> str:
    return f"Switchboard emergency {mode}"


@dataclass(frozen=True)
class Routing:
    """Where the mode sends calls, as the cmdlets take it: the AA callable entity, and the queue's
    overflow action and target id."""

    entity: WireTarget
    overflow_action: str  # Forward | SharedVoicemail | Voicemail
    overflow_target: str

    def prompt_parameter(self) -> str:
        """The queue's redirect prompt for this action (played before the call moves on)."""
        if self.overflow_action == "SharedVoicemail":
            return "OverflowSharedVoicemailTextToSpeechPrompt"
        if self.overflow_action == "Voicemail":
            return "OverflowRedirectVoicemailTextToSpeechPrompt"
        kind = {"User": "Person", "ExternalPstn": "PhoneNumber"}.get(self.entity.type, "VoiceApp")
        return f"OverflowRedirect{kind}TextToSpeechPrompt"


def routing(target: Target, entity: WireTarget) -> Routing:
    action = {"shared_voicemail": "SharedVoicemail", "voicemail": "Voicemail"}.get(target.kind, "Forward")
    return Routing(entity, action, entity.identity)


async def mode_schedule(teams: TeamsAdmin, mode: str, today: dt.date) -> Schedule:
    """The mode's fixed schedule, created once (a re-run finds the one a crashed run made)."""
    found = await teams.schedules.find_by_name(schedule_name(mode))
    if found is not None:
        return found
    start, end = today - WINDOW_BEFORE, today.replace(year=today.year + WINDOW_YEARS)
    script = fixed_schedule_script(schedule_name(mode), [(_day(start), _day(end))])
    return await teams.schedules.create(script)


def _day(day: dt.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"  # New-CsOnlineDateTimeRange's "d/m/yyyy"


def attendant_switched(raw: Mapping[str, Any], schedule_id: str) -> bool:
    """The mode's Holiday association is there, and first (it wins over the AA's own holidays)."""
    associations = raw.get("CallHandlingAssociations") or []
    return bool(associations) and associations[0].get("ScheduleId") == schedule_id


def queue_switched(raw: Mapping[str, Any], settings: dict[str, Any]) -> bool:
    return _has(raw, settings)


async def activate_attendant(
    teams: TeamsAdmin, object_id: str, schedule_id: str, flow: FlowSpec
) -> dict[str, Any]:
    attendant = await teams.auto_attendants.get(object_id)
    if any(a.schedule_id == schedule_id for a in attendant.call_handling_associations):
        return dict(attendant.raw)  # done by an earlier run
    handling = HandlingSpec("Holiday", schedule_id, flow)
    return dict((await teams.auto_attendants.add_handling(attendant, handling, first=True)).raw)


def emergency_flow(mode: str, announcement: str, entity: WireTarget) -> FlowSpec:
    option = OptionSpec("Automatic", "TransferCallToTarget", entity)
    return FlowSpec(f"Emergency {mode}", (option,), greeting=announcement)


def queue_settings(route: Routing, announcement: str) -> dict[str, Any]:
    return {
        "OverflowThreshold": 0,
        "OverflowAction": route.overflow_action,
        "OverflowActionTarget": route.overflow_target,
        route.prompt_parameter(): announcement,
    }


async def activate_queue(teams: TeamsAdmin, object_id: str, settings: dict[str, Any]) -> dict[str, Any]:
    queue = await teams.call_queues.get(object_id)
    if _has(queue.raw, settings):
        return dict(queue.raw)
    await teams.call_queues.update(object_id, settings)
    return dict((await teams.call_queues.get(object_id)).raw)


def _has(raw: Mapping[str, Any], settings: dict[str, Any]) -> bool:
    def value(name: str) -> Any:
        found = raw.get(name)
        return found.get("Id") if name.endswith("ActionTarget") and isinstance(found, dict) else found

    return all(str(value(name)).casefold() == str(wanted).casefold() for name, wanted in settings.items())


async def restore_attendant(teams: TeamsAdmin, snapshot: dict[str, Any]) -> dict[str, Any]:
    """Set-CsAutoAttendant -Instance with the AA exactly as snapshotted; nothing sent if it already is."""
    current = await teams.auto_attendants.get(str(snapshot["Id"]))
    if not differences(snapshot, current.raw):
        return dict(current.raw)
    snapshotted = type(current).parse(snapshot)
    return dict((await teams.auto_attendants.update(snapshotted, {})).raw)


async def restore_queue(teams: TeamsAdmin, snapshot: dict[str, Any]) -> dict[str, Any]:
    identity = str(snapshot.get("Identity"))
    current = await teams.call_queues.get(identity)
    params = restore_params(snapshot, current.raw)
    if not params:
        return dict(current.raw)
    await teams.call_queues.update(identity, params)
    return dict((await teams.call_queues.get(identity)).raw)


async def remove_mode_schedule(teams: TeamsAdmin, mode: str) -> bool:
    """Delete the mode's schedule; False when it is still attached somewhere (an AA not restored)."""
    found = await teams.schedules.find_by_name(schedule_name(mode))
    if found is None:
        return True
    if found.associated_configuration_ids:
        return False
    await teams.schedules.remove(found.id)
    return True
