"""When a schedule is active and which call flow an auto attendant runs at an instant (voice-apps.md §2.4):
holiday over after hours over the default call flow, every schedule in the AA's own time zone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from tzlocal.windows_tz import win_tz

from provisioning.voiceapps.model import WEEKDAYS, AutoAttendant, CallFlow, Handling, Schedule, VoiceApps


def zone(time_zone: str) -> ZoneInfo:
    """The IANA zone of a Windows time zone id as `New-CsAutoAttendant -TimeZoneId` takes it (CLDR's
    mapping, through tzlocal); an IANA name is accepted too. Unknown → ValueError naming it."""
    name = win_tz.get(time_zone, time_zone)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {time_zone!r}") from exc


def local_wall_clock(at: dt.datetime, time_zone: str) -> dt.datetime:
    """The AA's wall-clock time at an aware instant, as a naive datetime (what schedules compare with)."""
    if at.tzinfo is None:
        raise ValueError("local_wall_clock needs an aware datetime")
    return at.astimezone(zone(time_zone)).replace(tzinfo=None)


def is_active(schedule: Schedule, local: dt.datetime) -> bool:
    """Fixed: inside any [start, end). Weekly: inside a range of that weekday, inverted by Complement."""
    if schedule.kind == "fixed":
        return any(r.start <= local < r.end for r in schedule.ranges)
    minute = local.hour * 60 + local.minute
    inside = any(r.start <= minute < r.end for r in schedule.hours(WEEKDAYS[local.weekday()]))
    return inside != schedule.complement


Period = Literal["holiday", "after_hours", "business_hours"]


@dataclass(frozen=True)
class ActivePeriod:
    period: Period
    flow: CallFlow
    handling: Handling | None  # None for the default call flow


def active_period(aa: AutoAttendant, apps: VoiceApps, local: dt.datetime) -> ActivePeriod:
    """The call flow that answers at a wall-clock time. Disabled associations never apply. Among several
    active holidays the lowest Priority wins, then the first listed [Inf: Priority's meaning is not
    documented]. A handling whose schedule or flow is missing is skipped (check reports it)."""

    def applying(kind: str) -> list[tuple[Handling, CallFlow]]:
        found = []
        for handling in aa.handling:
            schedule = apps.schedule(handling.schedule)
            flow = aa.flow(handling.flow)
            if (
                handling.kind == kind
                and handling.enabled
                and schedule
                and flow
                and is_active(schedule, local)
            ):
                found.append((handling, flow))
        return found

    holidays = sorted(applying("holiday"), key=lambda pair: pair[0].priority)
    if holidays:
        return ActivePeriod("holiday", holidays[0][1], holidays[0][0])
    after_hours = applying("after_hours")
    if after_hours:
        return ActivePeriod("after_hours", after_hours[0][1], after_hours[0][0])
    return ActivePeriod("business_hours", aa.default_flow, None)
