"""Schedules on the wire: New-CsOnlineTimeRange/-DateTimeRange → New-CsOnlineSchedule (one script),
Set-CsOnlineSchedule -Instance with the schedule as just read and its hours or dates replaced,
Remove-CsOnlineSchedule. Confirmed by reading the schedule back as the domain model.

Observers: a create happened if a schedule of that name exists, an update if it reads back with the
fingerprint its journal key carries, a removal if the name is gone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from graph.teams_admin import SCHEDULE_DAYS as DAYS
from graph.teams_admin import (
    Call,
    Script,
    TeamsAdmin,
    fixed_schedule_script,
    schedule_instance,
    weekly_schedule_script,
)
from graph.teams_admin import Schedule as WireSchedule
from graph.teams_admin import ScheduleRange as TimeRange
from provisioning.plan import Action, Step
from provisioning.remote.aa_wire import placeholder
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, teams_outcomes
from provisioning.remote.voice_ids import voice_ids
from provisioning.remote.voice_read import confirm
from provisioning.resources.schedule import CREATE, NAME, REMOVE, UPDATE
from provisioning.resources.voice_keys import name_of, state_hash
from provisioning.voiceapps.model import WEEKDAYS, Schedule
from provisioning.voiceapps.wire_apps import schedule_from_wire


def clock(minutes: int) -> str:
    """Minutes since midnight as New-CsOnlineTimeRange takes them; the end of the day is 1.00:00."""
    return "1.00:00" if minutes == 1440 else f"{minutes // 60:02d}:{minutes % 60:02d}"


def dmy(moment: dt.datetime) -> str:
    """New-CsOnlineDateTimeRange's d/m/yyyy H:mm form."""
    return f"{moment.day}/{moment.month}/{moment.year} {moment.hour}:{moment.minute:02d}"


def create_script(schedule: Schedule) -> Script:
    if schedule.kind == "weekly":
        hours = {
            day.capitalize(): [(clock(r.start), clock(r.end)) for r in spans]
            for day, spans in schedule.weekly
        }
        return weekly_schedule_script(schedule.name, hours, complement=schedule.complement)
    return fixed_schedule_script(schedule.name, [(dmy(r.start), dmy(r.end)) for r in schedule.ranges])


def updated(found: WireSchedule, schedule: Schedule) -> WireSchedule:
    """The schedule as read, with this plan's hours or dates (ISO date-times as Get prints them)."""
    if schedule.kind == "weekly":
        weekly = {
            wire_day: tuple(TimeRange(clock(r.start), clock(r.end)) for r in schedule.hours(day))
            for wire_day, day in zip(DAYS, WEEKDAYS, strict=True)
        }
        return replace(found, weekly=weekly, complement=schedule.complement)
    ranges = tuple(TimeRange(r.start.isoformat(), r.end.isoformat()) for r in schedule.ranges)
    return replace(found, fixed_ranges=ranges)


def domain(found: WireSchedule) -> Schedule:
    return schedule_from_wire(found.raw, f"schedule {found.name}")


def fingerprint(schedule: Schedule) -> str:
    return state_hash(schedule)


async def _read(teams: TeamsAdmin, name: str) -> Schedule | None:
    found = await teams.schedules.find_by_name(name)
    return domain(found) if found else None


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    ids = voice_ids(wire)
    teams = ids.teams
    name = name_of(action.subject)
    found = await teams.schedules.find_by_name(name)
    if action.op == REMOVE:
        if found is not None:
            await teams.schedules.remove(found.id)
        ids.forget(NAME, name)  # the name may be reused later in the run
        return
    after: Schedule = action.after
    if action.op == CREATE:
        await teams.schedules.create(create_script(after))  # looks the name up after a lost answer
    elif action.op == UPDATE:
        if found is None:
            raise WriteFailed(f"schedule {name!r} is no longer in the tenant", code="NotFound")
        await teams.schedules.update(updated(found, after))
    else:
        raise WriteFailed(f"schedule: unknown step {action.op}")

    def differs(seen: Schedule | None) -> str | None:
        if seen is None:
            return "no schedule of that name"
        return None if seen == after else "other hours or dates"

    await confirm(f"schedule {name}", lambda: _read(teams, name), differs)


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    seen = await _read(voice_ids(wire).teams, name_of(step.subject))
    if step.op == CREATE:
        return seen is not None
    if step.op == REMOVE:
        return seen is None
    return seen is not None and fingerprint(seen) == step.value


def script(action: Action) -> Script:
    """The cmdlets apply runs (`plan --show-powershell`); ids shown as the schedule's name."""
    if action.op == CREATE:
        return create_script(action.after)
    schedule = action.before
    identity = placeholder(NAME, schedule.name)
    if action.op == REMOVE:
        return Script([Call("Remove-CsOnlineSchedule", {"Id": identity})])
    shell = WireSchedule(
        identity, schedule.name, "WeeklyRecurrence" if schedule.kind == "weekly" else "Fixed"
    )
    return Script(
        [Call("Set-CsOnlineSchedule", {"Instance": schedule_instance(updated(shell, action.after))})]
    )


REMOTE = RemoteKind(NAME, apply, observe, outcomes=teams_outcomes, script=script)
