"""The `schedules` section: weekly business hours and holiday sets with named dates.

    schedules:
      - name: County Business Hours
        hours: {monday-friday: ["08:00-12:00", "13:00-17:00"], saturday: ["09:00-12:00"]}
      - name: County Holiday
        dates:
          - {name: Thanksgiving, from: 2026-11-26, to: 2026-11-27}
          - {name: Thanksgiving, date: 2027-11-25}
          - {name: Winter break, from: "2026-12-24 12:00", to: 2026-12-26}
      - name: Emergency Closure        # a set with no dates: never active until one is added
        dates: []

Weekly hours are the *business* hours: the module's schedule is created with `-Complement` so that it is
active outside them and serves as the auto attendant's after-hours schedule (voice-apps.md §2.4);
`complement: false` (only seen on hand-built tenants) keeps the listed hours as the active ones.

How a holiday set maps to the module: a fixed schedule holds date-time ranges only (≤ 10, no names), and
the module's own holiday export is one schedule per holiday (`HolidayName,Start1,End1,…,Start10,End10`).
So each holiday name of a set is one fixed schedule named "<set>: <holiday>" holding that holiday's dates
(≤ 10 per name: ten years of Thanksgivings); dates without a name, and a set with no dates at all, are the
schedule named "<set>" itself. An auto attendant that lists the set gets a holiday association for each of
its schedules. Export groups fixed schedules by the part of their name before ": ", so holiday names
survive the round trip (the county seed's "County Holiday: Thanksgiving" reads back as set County Holiday,
holiday Thanksgiving).

A `date`/`to` given as a date means the whole day (the range ends at midnight after it); a date-time
("2026-12-24 12:00", on 30-minute boundaries as New-CsOnlineDateTimeRange demands) is exact.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from provisioning.desired.names import unique_names
from provisioning.voiceapps.model import WEEKDAYS, DateTimeRange, Schedule, TimeRange, Weekday

MAX_RANGES = 10  # date-time ranges per fixed schedule (voice-apps.md §2.5)
SEPARATOR = ": "  # between a holiday set's name and a holiday's name in the module's schedule name
_RANGE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2}))?$")


def _minutes(hours: str, minutes: str, text: str) -> int:
    value = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or value > 1440:
        raise ValueError(f"{text!r}: not a time of day")
    if value % 15:
        raise ValueError(f"{text!r}: times must be on 15-minute boundaries (New-CsOnlineTimeRange)")
    return value


def parse_range(text: str) -> TimeRange:
    """ "08:00-17:00" → TimeRange; "24:00" is midnight at the end of the day."""
    match = _RANGE.match(text.strip())
    if not match:
        raise ValueError(f"{text!r}: a time range reads like 08:00-17:00")
    start, end = _minutes(match[1], match[2], text), _minutes(match[3], match[4], text)
    if start >= end:
        raise ValueError(f"{text!r}: the range must end after it starts")
    return TimeRange(start, end)


def format_range(span: TimeRange) -> str:
    return f"{span.start // 60:02d}:{span.start % 60:02d}-{span.end // 60:02d}:{span.end % 60:02d}"


def _days(key: str) -> tuple[Weekday, ...]:
    first, _, last = key.strip().lower().partition("-")
    if first not in WEEKDAYS or (last and last not in WEEKDAYS):
        raise ValueError(f"{key!r}: a day (monday…sunday) or a range of days such as monday-friday")
    a, b = WEEKDAYS.index(first), WEEKDAYS.index(last or first)  # type: ignore[arg-type]
    if b < a:
        raise ValueError(f"{key!r}: the range of days runs backwards")
    return WEEKDAYS[a : b + 1]


def _moment(value: dt.date | str, field: str) -> tuple[dt.datetime, bool]:
    """(wall clock, given as a whole day?) of a `date`/`from`/`to` value."""
    if isinstance(value, dt.datetime):
        moment, whole_day = value.replace(tzinfo=None), False
    elif isinstance(value, dt.date):
        moment, whole_day = dt.datetime.combine(value, dt.time()), True
    else:
        match = _DATE_TIME.match(value.strip())
        if not match:
            raise ValueError(f"{field} {value!r}: a date (2026-11-26) or a date-time (2026-11-26 12:00)")
        y, m, d, hh, mm = (int(g) if g else 0 for g in match.groups())
        moment, whole_day = dt.datetime(y, m, d, hh, mm), match[4] is None
    if moment.minute % 30 or moment.second:
        raise ValueError(f"{field} {value!r}: times must be on 30- or 60-minute boundaries")
    return moment, whole_day


class HolidayDate(BaseModel):
    """One named date or span of a holiday set: `date`, or `from` and `to` (both inclusive when dates)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, serialize_by_alias=True)

    name: str | None = Field(default=None, min_length=1)
    date: dt.date | str | None = None
    from_: dt.date | str | None = Field(default=None, alias="from")
    to: dt.date | str | None = None

    @model_validator(mode="after")
    def _shape(self) -> HolidayDate:
        if self.name is not None and (SEPARATOR in self.name or self.name != self.name.strip()):
            raise ValueError(f"holiday name {self.name!r} must not contain {SEPARATOR!r} or edge spaces")
        if (self.date is None) == (self.from_ is None):
            raise ValueError("give either date, or from and to")
        if self.date is not None and self.to is not None:
            raise ValueError("to goes with from, not with date")
        self.span()
        return self

    def span(self) -> DateTimeRange:
        if self.date is not None:
            start, whole = _moment(self.date, "date")
            if not whole:
                raise ValueError(f"date {self.date!r}: a whole day; use from and to for times")
            return DateTimeRange(start, start + dt.timedelta(days=1))
        assert self.from_ is not None
        start, _ = _moment(self.from_, "from")
        end, whole = _moment(self.to if self.to is not None else self.from_, "to")
        end = end + dt.timedelta(days=1) if whole else end
        if end <= start:
            raise ValueError("to must be after from")
        return DateTimeRange(start, end)

    @classmethod
    def from_span(cls, name: str | None, span: DateTimeRange) -> HolidayDate:
        """Whole days as dates (inclusive), anything else as exact date-times."""
        if span.start.time() == dt.time() and span.end.time() == dt.time():
            last = (span.end - dt.timedelta(days=1)).date()
            if last == span.start.date():
                return cls(name=name, date=last)
            return cls(name=name, from_=span.start.date(), to=last)
        return cls(
            name=name, from_=span.start.strftime("%Y-%m-%d %H:%M"), to=span.end.strftime("%Y-%m-%d %H:%M")
        )


class ScheduleSpec(BaseModel):
    """A weekly schedule (`hours`) or a holiday set (`dates`): exactly one of the two."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1)
    hours: dict[str, list[str]] | None = None
    complement: bool = True
    dates: list[HolidayDate] | None = None

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        if SEPARATOR in name or name != name.strip():
            raise ValueError(f"schedule name {name!r} must not contain {SEPARATOR!r} or edge spaces")
        return name

    @model_validator(mode="after")
    def _shape(self) -> ScheduleSpec:
        if (self.hours is None) == (self.dates is None):
            raise ValueError(f"schedule {self.name!r}: give either hours (weekly) or dates (a holiday set)")
        if self.hours is not None:
            self._weekly()
        else:
            for schedule in self.to_domain():
                if len(schedule.ranges) > MAX_RANGES:
                    raise ValueError(
                        f"schedule {self.name!r}: holiday {schedule.name!r} has {len(schedule.ranges)} "
                        f"dates; a fixed schedule holds at most {MAX_RANGES} (split it into two names)"
                    )
        if self.hours is None and not self.complement:
            raise ValueError(f"schedule {self.name!r}: complement only goes with hours")
        return self

    @property
    def is_weekly(self) -> bool:
        return self.hours is not None

    def _weekly(self) -> tuple[tuple[Weekday, tuple[TimeRange, ...]], ...]:
        assert self.hours is not None
        by_day: dict[Weekday, tuple[TimeRange, ...]] = {}
        for key, texts in self.hours.items():
            spans = tuple(sorted((parse_range(t) for t in texts), key=lambda r: r.start))
            for a, b in itertools.pairwise(spans):
                if b.start < a.end:
                    raise ValueError(f"hours.{key}: {format_range(a)} and {format_range(b)} overlap")
            for day in _days(key):
                if day in by_day:
                    raise ValueError(f"hours.{key}: {day} is given twice")
                by_day[day] = spans
        if not any(by_day.values()):
            raise ValueError(f"schedule {self.name!r}: a weekly schedule needs hours on at least one day")
        return tuple((day, by_day[day]) for day in WEEKDAYS if by_day.get(day))

    def to_domain(self) -> tuple[Schedule, ...]:
        """One weekly schedule, or the holiday set's fixed schedules (see the module docstring)."""
        if self.hours is not None:
            return (Schedule(self.name, "weekly", weekly=self._weekly(), complement=self.complement),)
        assert self.dates is not None
        grouped: dict[str, list[DateTimeRange]] = {}
        for entry in self.dates:
            name = self.name if entry.name is None else f"{self.name}{SEPARATOR}{entry.name}"
            grouped.setdefault(name, []).append(entry.span())
        if not grouped:
            grouped[self.name] = []
        return tuple(
            Schedule(name, "fixed", ranges=tuple(sorted(spans, key=lambda r: (r.start, r.end))))
            for name, spans in grouped.items()
        )

    def schedule_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.to_domain())

    @classmethod
    def from_domain(cls, schedules: Sequence[Schedule]) -> ScheduleSpec:
        """A weekly schedule, or the fixed schedules of one holiday set (all named "<set>" or "<set>: …")."""
        first = schedules[0]
        if first.kind == "weekly":
            return cls(name=first.name, hours=_hours(first), complement=first.complement)
        name = set_name(first.name)
        dates = [
            HolidayDate.from_span(_holiday(schedule.name), span)
            for schedule in schedules
            for span in schedule.ranges
        ]
        return cls(name=name, dates=dates)


def set_name(schedule_name: str) -> str:
    """The holiday set a fixed schedule belongs to: its name up to the first ': '."""
    return schedule_name.split(SEPARATOR, 1)[0]


def _holiday(schedule_name: str) -> str | None:
    _, separator, holiday = schedule_name.partition(SEPARATOR)
    return holiday if separator else None


def _hours(schedule: Schedule) -> dict[str, list[str]]:
    """Weekly hours with runs of days that share their hours written as one range (monday-friday)."""
    out: dict[str, list[str]] = {}
    days = [(day, schedule.hours(day)) for day in WEEKDAYS]
    index = 0
    while index < len(days):
        day, spans = days[index]
        last = index
        while last + 1 < len(days) and days[last + 1][1] == spans:
            last += 1
        if spans:
            key = day if last == index else f"{day}-{days[last][0]}"
            out[key] = [format_range(span) for span in spans]
        index = last + 1
    return out


def schedules_from_domain(schedules: Iterable[Schedule]) -> list[ScheduleSpec]:
    """The section as export writes it: weekly schedules by name, fixed ones grouped into holiday sets
    (a set's holidays in order of their first date, so the file reads like a calendar)."""
    weekly = [s for s in schedules if s.kind == "weekly"]
    sets: dict[str, list[Schedule]] = {}
    for schedule in schedules:
        if schedule.kind == "fixed":
            sets.setdefault(set_name(schedule.name), []).append(schedule)
    specs = [ScheduleSpec.from_domain([s]) for s in weekly]
    for members in sets.values():
        members.sort(key=lambda s: (min((r.start for r in s.ranges), default=dt.datetime.max), s.name))
        specs.append(ScheduleSpec.from_domain(members))
    return sorted(specs, key=lambda spec: spec.name.casefold())


def check_schedules(specs: Sequence[ScheduleSpec]) -> None:
    unique_names("schedules", [spec.name for spec in specs])


def holiday_sets(specs: Iterable[ScheduleSpec]) -> dict[str, tuple[str, ...]]:
    """Holiday set name → the module schedule names it stands for (what an auto attendant's `holidays`
    entry expands to)."""
    return {spec.name: spec.schedule_names() for spec in specs if not spec.is_weekly}
