"""Usage minutes from call-log rows: one streaming pass, plain data in and out (no I/O here).

Rows are store rows (tuples in ROW_COLUMNS order, start_at in UTC as a datetime or ISO text); the
directory maps user ids to department and office and numbers to public lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from reports.calling import Calling, calling_figures
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
    # Seconds per local day of calls with no person on them (auto attendants, call queues).
    unattributed_by_day: dict[dt.date, int] = field(default_factory=lambda: defaultdict(int))


# The columns `add_rows` reads, in this order (store rows as tuples: no per-row dict on the hot path).
ROW_COLUMNS = (
    "start_at",
    "duration_seconds",
    "call_type",
    "user_id",
    "user_principal_name",
    "callee_number",
    "caller_number",
    "operator",
    "charge",
    "connection_charge",
    "currency",
)


def minute_key(start: dt.datetime | str) -> str:
    """ "YYYY-MM-DD HH:MM" in UTC: the key rows are counted under before local days and hours are derived.

    Text is taken as UTC ISO 8601 as the store holds it ("2026-10-01 13:45:12.000000" or Graph's
    "2026-10-01T13:45:12Z"); every time zone's offset is whole minutes, so nothing is lost.
    """
    if isinstance(start, str):
        return f"{start[:10]} {start[11:16]}"
    return start.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")


class Aggregator:
    """Feed rows with `add_rows` (tuples in ROW_COLUMNS order, as the store streams them); `usage` holds
    every breakdown so far. Rows outside the period are ignored.

    Why two steps: per row only a few compact counters move (per UTC minute, per call type and carrier,
    per user, per line number, per currency); days, hours of the week, departments, offices and
    directions are derived from those counters once, in `usage`. That keeps a 400,000-row report to about
    a second of Python.
    """

    def __init__(self, period: Period, directory: Directory) -> None:
        self.period = period
        self.directory = directory
        self.zone = ZoneInfo(period.tz)
        low, high = period.utc_bounds()
        self._low, self._high = minute_key(low), minute_key(high)  # local midnights: whole minutes
        self._by_minute: dict[str, list[int]] = {}
        self._by_type_carrier: dict[tuple[str, str], list[int]] = {}
        self._by_user: dict[str, list[int]] = {}
        self._by_line_number: dict[str, list[int]] = {}
        self._upn_of_unknown: dict[str, str] = {}
        self._charges: dict[str, float] = defaultdict(float)

    def add_rows(self, rows: Iterable[Sequence[Any]]) -> None:
        low, high = self._low, self._high
        by_minute, by_type_carrier = self._by_minute, self._by_type_carrier
        by_user, by_line, upns, people = (
            self._by_user,
            self._by_line_number,
            self._upn_of_unknown,
            self.directory.people,
        )
        for start, seconds, call_type, user_id, upn, callee, caller, operator, charge, fee, currency in rows:
            minute = minute_key(start)
            if not (low <= minute < high):
                continue
            seconds = int(seconds or 0)
            counter = by_minute.get(minute)
            if counter is None:
                by_minute[minute] = counter = [0, 0, 0]
            counter[0] += 1
            counter[1] += seconds
            if not user_id:  # a voice app's call (auto attendant, queue): no person's Teams audio has it
                counter[2] += seconds
            kind = (call_type or UNKNOWN, operator or UNKNOWN)
            counter = by_type_carrier.get(kind)
            if counter is None:
                by_type_carrier[kind] = counter = [0, 0]
            counter[0] += 1
            counter[1] += seconds
            if call_type and call_type.startswith("ucap"):
                number = (callee if call_type == "ucap_in" else caller) or UNKNOWN
                counter = by_line.get(number)
                if counter is None:
                    by_line[number] = counter = [0, 0]
                counter[0] += 1
                counter[1] += seconds
            if user_id:
                counter = by_user.get(user_id)
                if counter is None:
                    by_user[user_id] = counter = [0, 0]
                    if user_id not in people:
                        upns[user_id] = upn or user_id
                counter[0] += 1
                counter[1] += seconds
            if charge or fee:
                self._charges[currency or "?"] += float(charge or 0) + float(fee or 0)

    @property
    def usage(self) -> Usage:
        u = Usage(self.period)
        for call_type_carrier, (calls, seconds) in self._by_type_carrier.items():
            call_type, carrier = call_type_carrier
            for bucket in (
                u.total,
                u.by_direction[direction(call_type)],
                u.by_call_type[call_type],
                u.by_carrier[carrier],
            ):
                bucket.calls += calls
                bucket.seconds += seconds
        for minute, (calls, seconds, unattributed) in self._by_minute.items():
            utc = dt.datetime.fromisoformat(minute).replace(tzinfo=dt.UTC)
            local = utc.astimezone(self.zone)
            for bucket in (u.by_day[local.date()], u.hour_of_week[(local.weekday(), local.hour)]):
                bucket.calls += calls
                bucket.seconds += seconds
            if unattributed:
                u.unattributed_by_day[local.date()] += unattributed
        for number, (calls, seconds) in self._by_line_number.items():
            line = u.by_line[self.directory.lines.get(number, number)]
            line.calls += calls
            line.seconds += seconds
        for user_id, (calls, seconds) in self._by_user.items():
            person = self.directory.people.get(user_id)
            upn = person.upn if person else self._upn_of_unknown[user_id]
            if person is None and _HASHED.match(upn):
                u.concealed_rows += calls
            department = (person.department if person else None) or UNKNOWN
            office = (person.office if person else None) or UNKNOWN
            for bucket in (u.user_total, u.by_department[department], u.by_office[office], u.by_user[upn]):
                bucket.calls += calls
                bucket.seconds += seconds
        u.charges.update(self._charges)
        return u


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
    calling: Calling | None = None  # Teams calling across sources; None without activity reports

    @property
    def change(self) -> float | None:
        if not self.previous_minutes:
            return None
        return (self.minutes - self.previous_minutes) / self.previous_minutes


def summarise(
    usage: Usage,
    directory: Directory,
    previous: Usage | None = None,
    audio_by_day: Mapping[dt.date, int] | None = None,
) -> Summary:
    staff = directory.staff()
    days = usage.period.days
    per_staff = usage.user_total.minutes / staff / days if staff and days else 0.0
    definition = (
        f"Staff = the {staff} people licensed for Teams Phone (MCOEV) when the directory was last synced; "
        "PSTN minutes per staff per day = PSTN minutes on calls made or taken by a person (not by an auto "
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
        calling_figures(usage.period, audio_by_day or {}, usage.unattributed_by_day, staff),
    )


def top(buckets: Mapping[Any, Bucket], n: int | None = None) -> list[tuple[Any, Bucket]]:
    """Largest first by minutes, ties by name, so output is stable."""
    ranked = sorted(buckets.items(), key=lambda kv: (-kv[1].seconds, str(kv[0])))
    return ranked if n is None else ranked[:n]
