"""Schedules (tenant-wide, shared by auto attendants): created, updated in place, and with prune removed
once no attendant that stays uses them.

The type of a schedule never changes (New-CsOnlineSchedule); a weekly schedule that should become a set of
dates is a plan problem (give it a new name). The service refuses to remove a schedule in use: a schedule
an attendant that stays keeps using is kept (with the reason), and a removal waits for the attendant
changes and removals that let go of it (they refer to it, see auto_attendant.refers and planner.link).
"""

from __future__ import annotations

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Problem, Step
from provisioning.resources.base import Diff, ResourceKind, Wanted
from provisioning.resources.voice_keys import state_hash, subject_of
from provisioning.voiceapps.model import AutoAttendant, Schedule, VoiceApps

NAME = "schedule"
CREATE, UPDATE, REMOVE = "create_schedule", "update_schedule", "remove_schedule"


def _uses(aa: AutoAttendant, schedule: str) -> bool:
    return any(h.schedule == schedule for h in aa.handling)


def _kept_users(name: str, wanted: Wanted, current: VoiceApps) -> list[str]:
    """Attendants that will still use the schedule after the plan: wanted ones that list it, and tenant
    ones the file does not list and prune may not remove."""
    assert wanted.voice is not None
    kept = [aa.name for aa in wanted.voice.auto_attendants if _uses(aa, name)]
    for aa in current.auto_attendants:
        stays = not wanted.may_remove(("auto_attendant", aa.name))
        if wanted.voice.auto_attendant(aa.name) is None and _uses(aa, name) and stays:
            kept.append(aa.name)
    return kept


def _changed(before: Schedule, after: Schedule) -> str:
    if before.kind == "weekly":
        return "business hours differ" if before.weekly != after.weekly else "complement differs"
    counts = (before.ranges, after.ranges)
    return "dates differ" + (
        f" ({len(counts[0])} → {len(counts[1])} ranges)" if len(counts[0]) != len(counts[1]) else ""
    )


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    out = Diff()
    if wanted.voice is None:
        return out
    have = current.voice or VoiceApps()
    for schedule in sorted(wanted.voice.schedules, key=lambda s: s.name):
        subject = subject_of(schedule.name)
        existing = have.schedule(schedule.name)
        if existing is None:
            out.actions.append(
                Action(NAME, Step(CREATE, subject), "", None, schedule, "new schedule", Change.CREATE)
            )
        elif existing.kind != schedule.kind:
            where = wanted.where("schedules")
            out.problems.append(
                Problem(
                    subject,
                    f"{where}: schedules: {schedule.name!r} is a {existing.kind} schedule in the tenant and "
                    f"cannot become a {schedule.kind} one (the module never changes a schedule's type); "
                    "give it a new name",
                )
            )
        elif existing == schedule:
            out.unchanged.append(NoOp(subject, f"schedule {schedule.name} matches", NAME))
        else:
            step = Step(UPDATE, subject, value=state_hash(schedule))
            out.actions.append(
                Action(NAME, step, "", existing, schedule, _changed(existing, schedule), Change.CHANGE)
            )
    for schedule in sorted(have.schedules, key=lambda s: s.name):
        if wanted.voice.schedule(schedule.name) is not None:
            continue
        subject = subject_of(schedule.name)
        if not wanted.may_remove((NAME, schedule.name)):
            continue  # not the file's: left alone
        kept = _kept_users(schedule.name, wanted, have)
        if kept:
            out.unchanged.append(
                NoOp(subject, f"schedule {schedule.name} kept: used by {', '.join(kept)}", NAME)
            )
        else:
            out.actions.append(
                Action(
                    NAME,
                    Step(REMOVE, subject),
                    "",
                    schedule,
                    None,
                    "not in the file (prune)",
                    Change.REMOVE,
                )
            )
    return out


def describe(action: Action) -> str:
    schedule = action.after or action.before
    if action.op == REMOVE:
        return f"remove schedule {schedule.name}"
    if schedule.kind == "weekly":
        days = ", ".join(f"{day} {len(spans)} range(s)" for day, spans in schedule.weekly)
        text = f"weekly schedule {schedule.name}: {days}" + (" (complement)" if schedule.complement else "")
    else:
        text = f"fixed schedule {schedule.name}: {len(schedule.ranges)} date range(s)"
    return ("create " if action.op == CREATE else "update ") + text


KIND = ResourceKind(NAME, (), Schedule, diff, describe, voice=True)
