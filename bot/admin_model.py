"""Plain data for the admin side of the bot and the use cases it calls (`AdminOps`), with no SDK types.

`AdminOps` is what the bot needs from provisioning's PopupService and EmergencyService, from reports'
usage report and from `voiceapps check`; bot/admin_ops.py implements it on those use cases, so the bot
and the CLI run the same code.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class LineForm:
    """A pop-up line as the admin filled in the card (already validated: see bot/admin_forms.py)."""

    name: str
    agents: tuple[str, ...]  # UPNs, "group:Name" or "department:Name"
    number: str | None = "auto"  # "auto", "+E164" or None (reached only from an auto attendant)
    until: dt.date | None = None
    hours: str | None = None
    owner: str | None = None
    greeting: str | None = None
    after_hours: str = "disconnect"  # disconnect | voicemail | +E164 (only used with hours)
    voicemail_group: str | None = None  # the Microsoft 365 group taking after-hours voicemail


@dataclass(frozen=True)
class LineInfo:
    name: str
    number: str | None
    until: dt.date | None
    agents: tuple[str, ...]
    state: str = "open"


@dataclass(frozen=True)
class Change:
    """One object an emergency mode touches, before and after in words (the confirmation card's rows)."""

    subject: str
    before: str
    after: str


@dataclass(frozen=True)
class Restored:
    exact: bool
    differences: tuple[str, ...] = ()


@dataclass(frozen=True)
class ModeInfo:
    name: str
    active: bool
    since: dt.datetime | None = None
    by: str | None = None


@dataclass(frozen=True)
class ReportInfo:
    label: str  # "Nov 23 – Nov 29, 2026"
    minutes: float
    calls: int
    staff: int
    minutes_per_staff_per_day: float
    change: float | None  # against the previous period, as a fraction
    top_departments: tuple[tuple[str, float], ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class FindingInfo:
    code: str
    subject: str
    message: str


class AdminOps(Protocol):
    """The admin use cases. `actor` is the Teams identity's audit label; errors are provisioning's."""

    async def open_line(self, form: LineForm, actor: str) -> LineInfo: ...

    async def extend_line(self, name: str, until: dt.date, actor: str) -> LineInfo: ...

    async def close_line(self, name: str, actor: str) -> LineInfo: ...

    async def line(self, name: str) -> LineInfo: ...

    async def lines(self) -> list[LineInfo]: ...

    async def departments(self, agents: tuple[str, ...]) -> list[str | None]:
        """The department of every person the agent specs name (for an agency admin's scope)."""
        ...

    async def modes(self) -> list[ModeInfo]: ...

    async def preview_mode(self, mode: str, message: str | None) -> list[Change]: ...

    async def activate_mode(self, mode: str, message: str | None, actor: str) -> list[Change]: ...

    async def restore_mode(self, mode: str, actor: str) -> Restored: ...

    async def report(self, period: str) -> ReportInfo: ...

    async def check(self) -> list[FindingInfo]: ...
