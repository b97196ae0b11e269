"""Report periods as local calendar dates in the tenant's time zone, and their exact UTC bounds.

Local midnights are converted one by one, so a period that crosses a DST change has a 23- or 25-hour day
exactly where the tenant had one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from reports.errors import BadPeriod

NAMED = ("last-week", "last-month", "last-45-days", "last-30-days", "last-7-days")


@dataclass(frozen=True)
class Period:
    first: dt.date  # inclusive, local
    last: dt.date  # inclusive, local
    tz: str

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def utc_bounds(self) -> tuple[dt.datetime, dt.datetime]:
        zone = ZoneInfo(self.tz)
        start = dt.datetime.combine(self.first, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        return start.astimezone(dt.UTC), end.astimezone(dt.UTC)

    def previous(self) -> Period:
        span = dt.timedelta(days=self.days)
        return Period(self.first - span, self.last - span, self.tz)

    def label(self) -> str:
        return f"{self.first:%d %b %Y} – {self.last:%d %b %Y}"


def named_period(name: str, as_of: dt.date, tz: str) -> Period:
    """Periods end before `as_of` (today by default): a report never counts a day still in progress."""
    yesterday = as_of - dt.timedelta(days=1)
    if name == "last-week":  # the last full Monday–Sunday week
        last = as_of - dt.timedelta(days=as_of.weekday() + 1)
        return Period(last - dt.timedelta(days=6), last, tz)
    if name == "last-month":
        last = as_of.replace(day=1) - dt.timedelta(days=1)
        return Period(last.replace(day=1), last, tz)
    days = _days_in(check_period_name(name))
    return Period(yesterday - dt.timedelta(days=days - 1), yesterday, tz)


def _days_in(name: str) -> int:
    """N of "last-N-days" (N ≥ 1), else 0."""
    digits = name.removeprefix("last-").removesuffix("-days")
    return int(digits) if name.startswith("last-") and name.endswith("-days") and digits.isdigit() else 0


def explicit_period(first: dt.date, last: dt.date, tz: str) -> Period:
    if last < first:
        raise BadPeriod(f"--to {last} is before --from {first}")
    return Period(first, last, tz)


def check_period_name(name: str) -> str:
    """The name back when `named_period` knows it (settings check the weekly job's period at start-up)."""
    if name in {"last-week", "last-month"} or _days_in(name) > 0:
        return name
    raise BadPeriod(f"unknown period {name!r}; use one of {', '.join(NAMED)} or --from/--to")


def check_zone(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadPeriod(f"unknown time zone {tz!r} (use an IANA name such as America/New_York)") from exc
    return tz


def today_in(tz: str, now: dt.datetime | None = None) -> dt.date:
    """The tenant's calendar date: a job run at 01:00 UTC on Monday is still Sunday in New York."""
    return (now or dt.datetime.now(dt.UTC)).astimezone(ZoneInfo(tz)).date()


def resolve_period(
    *,
    name: str | None,
    first: dt.date | None,
    last: dt.date | None,
    as_of: dt.date | None,
    tz: str,
    default_name: str,
) -> Period:
    """A period from the user's choice: --from and --to together, or a named period ending before as_of
    (default: today in the tenant's time zone)."""
    check_zone(tz)
    if first or last:
        if name or not (first and last):
            raise BadPeriod("give --from and --to together, or --period alone")
        return explicit_period(first, last, tz)
    return named_period(name or default_name, as_of or today_in(tz), tz)
