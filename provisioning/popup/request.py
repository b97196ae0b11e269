"""What an admin asks for when opening a pop-up line, and the checks that turn its text options (agents
specs, the --hours grammar, the after-hours action, a menu key) into values, with messages naming the
option and the bad part. Pure: nothing here reads the tenant."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass
from typing import Literal

from provisioning.errors import InvalidInput
from provisioning.voiceapps.model import WEEKDAYS, TimeRange, Weekday

E164 = re.compile(r"^\+[1-9]\d{6,14}$")
KEYS = frozenset("0123456789*#")
DAY_NAMES: dict[str, Weekday] = {day[:3]: day for day in WEEKDAYS}
TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
WeeklyHours = tuple[tuple[Weekday, tuple[TimeRange, ...]], ...]


@dataclass(frozen=True)
class PopupRequest:
    name: str  # "Fire Services Fee"
    agents: tuple[str, ...]  # specs: a UPN, "group:Name" or "department:Name"
    number: str | None = "auto"  # "auto" (voice-app pool), "+E164", or None (reached only from an AA)
    greeting: str | None = None
    language: str = "en-US"
    hours: str | None = None  # "Mon-Fri 08:00-17:00"; None = always open
    until: dt.date | None = None
    after_hours: str = "voicemail"  # voicemail | disconnect | +E164
    from_aa: str | None = None  # add an option to this AA…
    key: str | None = None  # …on this key
    owner: str | None = None  # UPN warned before expiry
    voicemail_group: str | None = None  # the Microsoft 365 group whose shared voicemail takes messages
    time_zone: str = "Eastern Standard Time"  # the small AA's (Windows id, as New-CsAutoAttendant takes it)


@dataclass(frozen=True)
class AgentSpec:
    kind: Literal["user", "group", "department"]
    value: str  # a lower-case UPN, or the group's / department's name as given


def parse_agent(spec: str) -> AgentSpec:
    """`ana@county.gov`, `group:Permits Desk` or `department:Tax Collector`."""
    text = spec.strip()
    prefix, sep, rest = text.partition(":")
    if sep and prefix.strip().casefold() in {"group", "department"}:
        name = rest.strip()
        if not name:
            raise InvalidInput(f"--agents {spec!r}: give a name after {prefix.strip()}:")
        return AgentSpec("group" if prefix.strip().casefold() == "group" else "department", name)
    if sep or "@" not in text or text.startswith("@") or text.endswith("@") or " " in text:
        raise InvalidInput(
            f"--agents {spec!r}: not a UPN, group:NAME or department:NAME (e.g. ana@county.gov)"
        )
    return AgentSpec("user", text.casefold())


def parse_hours(text: str) -> WeeklyHours:
    """`Mon-Fri 08:00-17:00` or clauses joined by `;`: `Mon-Thu 08:00-12:00,13:00-17:00; Fri 08:00-12:00`.
    Days are Mon…Sun, single or as a range; times are 24-hour HH:MM, end after start (24:00 = midnight)."""
    days: dict[Weekday, list[TimeRange]] = {}
    clauses = [clause.strip() for clause in text.split(";") if clause.strip()]
    if not clauses:
        raise InvalidInput('--hours: empty; give e.g. "Mon-Fri 08:00-17:00"')
    for clause in clauses:
        parts = clause.split(None, 1)
        if len(parts) != 2:
            raise InvalidInput(f'--hours {clause!r}: give days then times, e.g. "Mon-Fri 08:00-17:00"')
        ranges = [_time_range(clause, item) for item in parts[1].replace(" ", "").split(",")]
        for day in _days(clause, parts[0]):
            days.setdefault(day, []).extend(ranges)
    for day, ranges in days.items():
        ordered = sorted(ranges, key=lambda r: r.start)
        for first, second in itertools.pairwise(ordered):
            if second.start < first.end:
                raise InvalidInput(f"--hours {text!r}: {day.capitalize()} has overlapping times")
        days[day] = ordered
    return tuple((day, tuple(days[day])) for day in WEEKDAYS if day in days)


def _days(clause: str, text: str) -> list[Weekday]:
    found: list[Weekday] = []
    for item in text.split(","):
        first, _, last = item.partition("-")
        start, end = _day(clause, first), _day(clause, last or first)
        a, b = WEEKDAYS.index(start), WEEKDAYS.index(end)
        if b < a:
            raise InvalidInput(f"--hours {clause!r}: {item!r} runs backwards (write Mon-Fri, not Fri-Mon)")
        found.extend(WEEKDAYS[a : b + 1])
    return found


def _day(clause: str, text: str) -> Weekday:
    """Mon, Monday or any prefix of at least three letters."""
    word = text.strip().casefold()
    day = DAY_NAMES.get(word[:3])
    if len(word) < 3 or day is None or not day.startswith(word):
        raise InvalidInput(f"--hours {clause!r}: unknown day {text.strip()!r} (use Mon, Tue, … Sun)")
    return day


def _time_range(clause: str, text: str) -> TimeRange:
    first, sep, last = text.partition("-")
    if not sep:
        raise InvalidInput(f"--hours {clause!r}: {text!r} is not a time range like 08:00-17:00")
    start, end = _minutes(clause, first), _minutes(clause, last)
    if end <= start:
        raise InvalidInput(f"--hours {clause!r}: {text!r} ends before it starts")
    return TimeRange(start, end)


def _minutes(clause: str, text: str) -> int:
    match = TIME.match(text)
    hours, minutes = (int(match.group(1)), int(match.group(2))) if match else (-1, -1)
    # quirk: Teams time ranges are on 15-minute boundaries (New-CsOnlineTimeRange refuses others).
    if not match or minutes > 59 or hours > 24 or (hours == 24 and minutes) or minutes % 15:
        raise InvalidInput(f"--hours {clause!r}: {text!r} is not a time HH:MM on a quarter hour")
    return hours * 60 + minutes


def check_request(request: PopupRequest) -> tuple[AgentSpec, ...]:
    """Every option of `request` checked (the first bad one raises InvalidInput); the parsed agents."""
    if not request.name.strip() or len(request.name) > 64 or ":" in request.name:
        raise InvalidInput("NAME: give 1–64 characters without ':' (it names the queue)")
    if not request.agents:
        raise InvalidInput("--agents: give at least one UPN, group:NAME or department:NAME")
    specs = tuple(parse_agent(spec) for spec in request.agents)
    if request.number not in (None, "auto") and not E164.match(request.number or ""):
        raise InvalidInput(f"--number {request.number!r}: use auto or an E.164 number like +13215550100")
    if request.number is None and request.from_aa is None:
        raise InvalidInput(
            "--number: a line without a number must be reached from an AA (--from-aa NAME --key N)"
        )
    if (request.from_aa is None) != (request.key is None):
        raise InvalidInput("--from-aa and --key go together: the AA to add the option to and its key")
    if request.key is not None and request.key not in KEYS:
        raise InvalidInput(f"--key {request.key!r}: use one of 0-9, * or #")
    if request.after_hours not in ("voicemail", "disconnect") and not E164.match(request.after_hours):
        raise InvalidInput(
            f"--after-hours {request.after_hours!r}: use voicemail, disconnect or an E.164 number"
        )
    if request.hours is not None:
        parse_hours(request.hours)
        if request.after_hours == "voicemail" and not request.voicemail_group:
            raise InvalidInput(
                "--after-hours voicemail needs --voicemail-group NAME (the Microsoft 365 group that takes "
                "the messages), or choose disconnect or a +E164 number"
            )
    if request.owner is not None and "@" not in request.owner:
        raise InvalidInput(f"--owner {request.owner!r}: give the owner's UPN")
    return specs
