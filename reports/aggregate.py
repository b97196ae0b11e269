"""Usage minutes from call-log rows: one streaming pass, plain data in and out (no I/O here).

Rows are store rows (dicts with start_at in UTC, duration_seconds, call_type, user_id, callee_number,
operator, charge…); the directory maps user ids to department and office and numbers to public lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from reports.periods import Period

INBOUND = frozenset({"user_in", "ucap_in", "conf_in", "unassigned_in", "dr_in", "ByotIn"})
UNKNOWN = "(unknown)"
_HASHED = re.compile(r"^[0-9A-Fa-f]{32}$")


@dataclass
class Bucket:
    calls: int = 0
    seconds: int = 0

    @property
    def minutes(self) -> float:
        return self.seconds / 60


@dataclass(frozen=True)
class Person:
    upn: str
    display_name: str | None
    department: str | None
    office: str | None
    has_teams_phone: bool


@dataclass(frozen=True)
class Directory:
    people: Mapping[str, Person]  # by user id
    lines: Mapping[str, str]  # public number → line name (voice apps)

    def staff(self) -> int:
        return sum(1 for p in self.people.values() if p.has_teams_phone)


def direction(call_type: str) -> str:
    if call_type in INBOUND or call_type.endswith("_in"):
        return "inbound"
    if "out" in call_type.lower():
        return "outbound"
    return "other"


@dataclass
class Usage:
    period: Period
    total: Bucket = field(default_factory=Bucket)
    user_total: Bucket = field(default_factory=Bucket)
    by_direction: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_department: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_office: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_line: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_carrier: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_call_type: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_user: dict[str, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    by_day: dict[dt.date, Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    hour_of_week: dict[tuple[int, int], Bucket] = field(default_factory=lambda: defaultdict(Bucket))
    charges: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    concealed_rows: int = 0


class Aggregator:
    """Feed rows with `add`; `usage` holds every breakdown so far. Rows outside the period are ignored."""

    def __init__(self, period: Period, directory: Directory) -> None:
        self.usage = Usage(period)
        self.directory = directory
        self.zone = ZoneInfo(period.tz)
        self.bounds = period.utc_bounds()

    def add(self, row: Mapping[str, Any]) -> None:
        start: dt.datetime = row["start_at"]
        if not (self.bounds[0] <= start < self.bounds[1]):
            return
        seconds = int(row["duration_seconds"] or 0)
        call_type = row.get("call_type") or UNKNOWN
        u = self.usage
        for bucket in (
            u.total,
            u.by_direction[direction(call_type)],
            u.by_call_type[call_type],
            u.by_carrier[row.get("operator") or UNKNOWN],
        ):
            bucket.calls += 1
            bucket.seconds += seconds
        local = start.astimezone(self.zone)
        for bucket in (u.by_day[local.date()], u.hour_of_week[(local.weekday(), local.hour)]):
            bucket.calls += 1
            bucket.seconds += seconds
        if call_type.startswith("ucap"):
            number = row.get("callee_number") if call_type == "ucap_in" else row.get("caller_number")
            line = self.directory.lines.get(number or "", number or UNKNOWN)
            u.by_line[line].calls += 1
            u.by_line[line].seconds += seconds
        user_id = row.get("user_id")
        if user_id:
            person = self.directory.people.get(user_id)
            upn = person.upn if person else (row.get("user_principal_name") or user_id)
            if person is None and _HASHED.match(upn or ""):
                u.concealed_rows += 1
            department = (person.department if person else None) or UNKNOWN
            office = (person.office if person else None) or UNKNOWN
            for bucket in (u.user_total, u.by_department[department], u.by_office[office], u.by_user[upn]):
                bucket.calls += 1
                bucket.seconds += seconds
        charge = float(row.get("charge") or 0) + float(row.get("connection_charge") or 0)
        if charge:
            u.charges[row.get("currency") or "?"] += charge


def aggregate(rows: Iterable[Mapping[str, Any]], period: Period, directory: Directory) -> Usage:
    aggregator = Aggregator(period, directory)
    for row in rows:
        aggregator.add(row)
    return aggregator.usage


@dataclass(frozen=True)
class Summary:
    """The figures a report leads with, and what they mean."""

    minutes: float
    calls: int
    days: int
    staff: int
    minutes_per_staff_per_day: float
    inbound_minutes: float
    outbound_minutes: float
    previous_minutes: float | None
    staff_definition: str

    @property
    def change(self) -> float | None:
        if not self.previous_minutes:
            return None
        return (self.minutes - self.previous_minutes) / self.previous_minutes


def summarise(usage: Usage, directory: Directory, previous: Usage | None = None) -> Summary:
    staff = directory.staff()
    days = usage.period.days
    per_staff = usage.user_total.minutes / staff / days if staff and days else 0.0
    definition = (
        f"Staff = the {staff} people licensed for Teams Phone (MCOEV) when the directory was last synced; "
        "minutes per staff per day = PSTN minutes on calls made or taken by a person (not by an auto "
        f"attendant or queue) ÷ staff ÷ {days} calendar days."
    )
    return Summary(
        usage.total.minutes,
        usage.total.calls,
        days,
        staff,
        per_staff,
        usage.by_direction["inbound"].minutes,
        usage.by_direction["outbound"].minutes,
        previous.total.minutes if previous else None,
        definition,
    )


def top(buckets: Mapping[Any, Bucket], n: int | None = None) -> list[tuple[Any, Bucket]]:
    """Largest first by minutes, ties by name, so output is stable."""
    ranked = sorted(buckets.items(), key=lambda kv: (-kv[1].seconds, str(kv[0])))
    return ranked if n is None else ranked[:n]
