"""Schedules (tenant-wide): weekly business hours and fixed (holiday) date ranges.

Cmdlets: New-CsOnlineTimeRange / New-CsOnlineDateTimeRange / New-CsOnlineSchedule, Get-/Set-/Remove-
CsOnlineSchedule. Output: {Id, Name, Type, WeeklyRecurrentSchedule{MondayHours[{Start, End}], ...,
ComplementEnabled}, FixedSchedule{DateTimeRanges[{Start, End}]}, AssociatedConfigurationIds}.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.teams_admin.calls import Call, Ref, Script, Value
from graph.teams_admin.client import TeamsAdminClient
from graph.teams_admin.errors import NotFound, UnknownOutcome
from graph.teams_admin.parse import Json, as_list, flag, obj, objs, text, texts, time_text

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(frozen=True)
class TimeRange:
    """Weekly hours as `HH:MM` (TimeSpans), fixed ranges as the DateTime text the module prints (ISO)."""

    start: str
    end: str

    @classmethod
    def parse(cls, data: Json) -> TimeRange:
        return cls(start=time_text(data.get("Start")), end=time_text(data.get("End")))


@dataclass(frozen=True)
class Schedule:
    id: str
    name: str
    type: str | None  # WeeklyRecurrence | Fixed (kept raw)
    weekly: Mapping[str, tuple[TimeRange, ...]] = field(default_factory=dict)
    complement: bool = False
    fixed_ranges: tuple[TimeRange, ...] = ()
    associated_configuration_ids: tuple[str, ...] = ()
    raw: Json = field(default_factory=dict, compare=False, repr=False)  # as the module printed it

    @property
    def is_fixed(self) -> bool:
        return bool(self.type and self.type.lower().startswith("fixed")) or bool(self.fixed_ranges)

    @classmethod
    def parse(cls, data: Json) -> Schedule:
        weekly = obj(data, "WeeklyRecurrentSchedule")
        return cls(
            id=text(data, "Id") or "",
            name=text(data, "Name") or "",
            type=text(data, "Type"),
            weekly={day: tuple(TimeRange.parse(r) for r in objs(weekly, f"{day}Hours")) for day in DAYS},
            complement=flag(weekly, "ComplementEnabled"),
            fixed_ranges=tuple(
                TimeRange.parse(r) for r in objs(obj(data, "FixedSchedule"), "DateTimeRanges")
            ),
            associated_configuration_ids=texts(data, "AssociatedConfigurationIds"),
            raw=data,
        )


def weekly_schedule_script(
    name: str,
    hours: Mapping[str, Sequence[tuple[str, str]]],
    *,
    complement: bool = False,
    result: str = "schedule",
) -> Script:
    """Time ranges per day (`("09:00", "17:00")`, 15-minute boundaries), then the weekly schedule."""
    calls: list[Call] = []
    params: dict[str, Any] = {"Name": name, "WeeklyRecurrentSchedule": True}
    for day, ranges in hours.items():
        if day not in DAYS:
            raise ValueError(f"schedule {name!r}: {day!r} is not a day of the week")
        refs = []
        for index, (start, end) in enumerate(ranges, start=1):
            variable = f"{day.lower()}{index}"
            calls.append(Call("New-CsOnlineTimeRange", {"Start": start, "End": end}, result=variable))
            refs.append(Ref(variable))
        params[f"{day}Hours"] = refs
    if complement:
        params["Complement"] = True
    calls.append(Call("New-CsOnlineSchedule", params, result=result))
    return Script(calls)


def fixed_schedule_script(
    name: str, ranges: Sequence[tuple[str, str | None]], *, result: str = "schedule"
) -> Script:
    """Date-time ranges (`"24/12/2026"` or `"24/12/2026 12:00"`, End optional), then a fixed schedule."""
    calls: list[Call] = []
    refs = []
    for index, (start, end) in enumerate(ranges, start=1):
        params: dict[str, Any] = {"Start": start} if end is None else {"Start": start, "End": end}
        calls.append(Call("New-CsOnlineDateTimeRange", params, result=f"range{index}"))
        refs.append(Ref(f"range{index}"))
    schedule: dict[str, Any] = {"Name": name, "FixedSchedule": True}
    if refs:
        schedule["DateTimeRanges"] = refs
    calls.append(Call("New-CsOnlineSchedule", schedule, result=result))
    return Script(calls)


def schedule_instance(schedule: Schedule) -> dict[str, Value]:
    """The `-Instance` for Set-CsOnlineSchedule: the schedule as Get printed it, with times as text
    (`"09:00"`, ISO date-times) that PowerShell converts back to TimeSpan/DateTime on binding."""
    body: dict[str, Value] = {"Id": schedule.id, "Name": schedule.name}
    if schedule.is_fixed:
        body["Type"] = schedule.type or "Fixed"
        body["FixedSchedule"] = {
            "DateTimeRanges": [{"Start": r.start, "End": r.end} for r in schedule.fixed_ranges]
        }
    else:
        body["Type"] = schedule.type or "WeeklyRecurrence"
        weekly: dict[str, Value] = {
            f"{day}Hours": [{"Start": r.start, "End": r.end} for r in schedule.weekly.get(day, ())]
            for day in DAYS
        }
        weekly["ComplementEnabled"] = schedule.complement
        body["WeeklyRecurrentSchedule"] = weekly
    return body


class SchedulesApi:
    def __init__(self, client: TeamsAdminClient) -> None:
        self.client = client

    async def list(self) -> list[Schedule]:
        (output,) = await self.client.read(Call("Get-CsOnlineSchedule"))
        return [Schedule.parse(item) for item in as_list(output) if isinstance(item, dict)]

    async def get(self, schedule_id: str) -> Schedule:
        output = await self.client.one(Call("Get-CsOnlineSchedule", {"Id": schedule_id}))
        if not isinstance(output, dict):
            raise NotFound(f"no schedule {schedule_id}", cmdlet="Get-CsOnlineSchedule")
        return Schedule.parse(output)

    async def find_by_name(self, name: str) -> Schedule | None:
        matches = [s for s in await self.list() if s.name == name]
        return matches[0] if matches else None

    async def create(self, script: Script) -> Schedule:
        """Run a *_schedule_script; after an unknown outcome, look for the schedule by name first."""
        name = str(script.calls[-1].params["Name"])
        try:
            outputs = await self.client.write(script)
        except UnknownOutcome:
            existing = await self.find_by_name(name)
            if existing is None:
                raise
            return existing
        return Schedule.parse(outputs[-1])

    async def update(self, schedule: Schedule) -> Schedule:
        """Set-CsOnlineSchedule -Instance with the whole schedule (e.g. `dataclasses.replace(s, fixed_ranges=...)`
        to open or close an emergency window); the type of a schedule never changes."""
        await self.client.write(Call("Set-CsOnlineSchedule", {"Instance": schedule_instance(schedule)}))
        return await self.get(schedule.id)

    async def remove(self, schedule_id: str) -> None:
        await self.client.write(Call("Remove-CsOnlineSchedule", {"Id": schedule_id}))
