"""What the emergency use cases hand back to the CLI and the bot (plain data; nothing here prints)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from provisioning.desired.emergency import EmergencyMode
from provisioning.emergency.lines import Line
from provisioning.voiceapps import Target


@dataclass(frozen=True)
class Touch:
    """One object the mode will change, in words, for the confirmation prompt or card."""

    line: Line
    before: str
    after: str


@dataclass(frozen=True)
class EmergencyPlan:
    mode: EmergencyMode
    lines: tuple[Line, ...]
    touches: tuple[Touch, ...]
    problems: tuple[str, ...]
    active: bool = False  # the mode is already (being) activated: activate would resume it


@dataclass(frozen=True)
class Activation:
    mode: str
    lines: tuple[str, ...]  # labels of the apps now in emergency
    seconds: float
    resumed: bool  # a re-run finishing a crashed or failed activation
    changed: int
    failures: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass(frozen=True)
class ModeStatus:
    mode: str
    state: str  # activating | active | restoring
    since: dt.datetime
    by: str
    lines: tuple[str, ...]
    message: str | None


@dataclass(frozen=True)
class Restoration:
    mode: str
    seconds: float
    exact: bool
    differences: list[str]
    changed: int


def mode_details(mode: EmergencyMode, lines: tuple[Line, ...]) -> dict[str, Any]:
    """The mode as activated, kept in the store so a re-run resumes the same activation even if the file
    changed since (and `status` can say which lines)."""
    target = mode.route_to
    return {
        "lines": list(mode.lines),
        "labels": [line.label for line in lines],
        "entries": [line.entry for line in lines],
        "route_to": {"kind": target.kind, "ref": target.ref, "via": target.via, "priority": target.priority},
        "announcements": [list(pair) for pair in mode.announcements],
    }


def mode_from_details(name: str, details: dict[str, Any]) -> EmergencyMode:
    target = details["route_to"]
    return EmergencyMode(
        name,
        tuple(details["lines"]),
        Target(target["kind"], target["ref"], target.get("via"), target.get("priority")),
        tuple((code, text) for code, text in details["announcements"]),
    )
