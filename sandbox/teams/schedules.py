"""New/Set/Get/Remove-CsOnlineSchedule: tenant-wide weekly and fixed (holiday) schedules.

Rules: a weekly schedule has hours on at least one day, on 15-minute boundaries, not overlapping; a fixed
schedule has at most 10 date-time ranges on 30-minute boundaries; the type never changes; a schedule an
auto attendant still uses cannot be removed.
"""

from __future__ import annotations

import itertools
from typing import Any

from sandbox.teams.builders import as_list, parse_date_time, timespan_json, timespan_seconds
from sandbox.teams.context import Ctx
from sandbox.teams.errors import bad_request, not_found
from sandbox.teams.ids import new_id

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MAX_FIXED_RANGES = 10


def schedule_json(ctx: Ctx, schedule: dict[str, Any]) -> dict[str, Any]:
    """The stored schedule plus AssociatedConfigurationIds: the AAs whose associations use it."""
    users = [
        aa_id
        for aa_id, aa in sorted(ctx.teams.autoAttendants.items())
        if any(a.get("ScheduleId") == schedule["Id"] for a in aa.get("CallHandlingAssociations") or [])
    ]
    return {**schedule, "AssociatedConfigurationIds": users}


def _weekly(cmdlet: str, hours: dict[str, Any], complement: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for day in DAYS:
        spans = []
        for item in as_list(hours.get(f"{day}Hours")):
            start = timespan_seconds(item.get("Start")) if isinstance(item, dict) else None
            end = timespan_seconds(item.get("End")) if isinstance(item, dict) else None
            if start is None or end is None or start >= end or end > 86400:
                raise bad_request(cmdlet, f"{day}Hours: each time range needs a Start before its End.")
            if start % 900 or end % 900:
                raise bad_request(cmdlet, f"{day}Hours: time ranges must be on 15-minute boundaries.")
            spans.append((start, end))
        spans.sort()
        for (_, end_a), (start_b, _) in itertools.pairwise(spans):
            if start_b < end_a:
                raise bad_request(cmdlet, f"{day}Hours: time ranges overlap.")
        out[f"{day}Hours"] = [{"Start": timespan_json(s), "End": timespan_json(e)} for s, e in spans]
    if not any(out[f"{day}Hours"] for day in DAYS):
        raise bad_request(cmdlet, "A weekly recurrent schedule needs time ranges on at least one day.")
    out["ComplementEnabled"] = complement
    return out


def _fixed(cmdlet: str, ranges: list[Any]) -> dict[str, Any]:
    if len(ranges) > MAX_FIXED_RANGES:
        raise bad_request(
            cmdlet,
            f"A fixed schedule can have at most {MAX_FIXED_RANGES} date-time ranges; {len(ranges)} given.",
        )
    out = []
    for item in ranges:
        start = parse_date_time(str(item.get("Start"))) if isinstance(item, dict) else None
        end = parse_date_time(str(item.get("End"))) if isinstance(item, dict) else None
        if start is None or end is None or start >= end:
            raise bad_request(cmdlet, "DateTimeRanges: each range needs a Start before its End.")
        if start.minute % 30 or end.minute % 30:
            raise bad_request(cmdlet, "DateTimeRanges: ranges must be on 30- or 60-minute boundaries.")
        out.append({"Start": start.isoformat(), "End": end.isoformat()})
    return {"DateTimeRanges": sorted(out, key=lambda r: r["Start"])}


def new_schedule(ctx: Ctx, params: dict[str, Any]) -> dict[str, Any]:
    cmdlet = "New-CsOnlineSchedule"
    schedule: dict[str, Any] = {"Id": new_id(), "Name": params["Name"]}
    if params.get("FixedSchedule"):
        schedule |= {
            "Type": "Fixed",
            "WeeklyRecurrentSchedule": None,
            "FixedSchedule": _fixed(cmdlet, as_list(params.get("DateTimeRanges"))),
        }
    else:
        schedule |= {
            "Type": "WeeklyRecurrence",
            "WeeklyRecurrentSchedule": _weekly(cmdlet, params, bool(params.get("Complement"))),
            "FixedSchedule": None,
        }
    ctx.teams.schedules[schedule["Id"]] = schedule
    return schedule_json(ctx, schedule)


def set_schedule(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Set-CsOnlineSchedule"
    instance = params["Instance"]
    if not isinstance(instance, dict) or not isinstance(instance.get("Id"), str):
        raise bad_request(cmdlet, "Instance must be a schedule object (Get-CsOnlineSchedule).")
    current = ctx.teams.schedules.get(instance["Id"])
    if current is None:
        raise not_found(cmdlet, f"Schedule '{instance['Id']}' was not found.")
    kind = instance.get("Type", current["Type"])
    if kind != current["Type"]:
        raise bad_request(cmdlet, f"The type of a schedule cannot be changed ({current['Type']} → {kind}).")
    updated = {**current, "Name": instance.get("Name") or current["Name"]}
    if kind == "Fixed":
        fixed = instance.get("FixedSchedule") or {}
        updated["FixedSchedule"] = _fixed(cmdlet, as_list(fixed.get("DateTimeRanges")))
    else:
        weekly = instance.get("WeeklyRecurrentSchedule") or {}
        updated["WeeklyRecurrentSchedule"] = _weekly(cmdlet, weekly, bool(weekly.get("ComplementEnabled")))
    ctx.teams.schedules[current["Id"]] = updated
    return None  # quirk: Set-CsOnlineSchedule writes nothing to the pipeline


def get_schedule(ctx: Ctx, params: dict[str, Any]) -> Any:
    if "Id" not in params:
        return [schedule_json(ctx, s) for s in sorted(ctx.teams.schedules.values(), key=lambda s: s["Name"])]
    schedule = ctx.teams.schedules.get(params["Id"])
    if schedule is None:
        raise not_found("Get-CsOnlineSchedule", f"Schedule '{params['Id']}' was not found.")
    return schedule_json(ctx, schedule)


def remove_schedule(ctx: Ctx, params: dict[str, Any]) -> None:
    cmdlet = "Remove-CsOnlineSchedule"
    schedule = ctx.teams.schedules.get(params["Id"])
    if schedule is None:
        raise not_found(cmdlet, f"Schedule '{params['Id']}' was not found.")
    users = schedule_json(ctx, schedule)["AssociatedConfigurationIds"]
    if users:
        raise bad_request(
            cmdlet,
            f"Schedule '{schedule['Name']}' is still used by auto attendant(s) {', '.join(users)}; "
            "remove its call handling associations first.",
        )
    del ctx.teams.schedules[schedule["Id"]]
