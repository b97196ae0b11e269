"""Validation of what an admin typed into a card: pure functions from the Action.Execute data to a value or
to messages per input, so the card comes back with every problem shown next to its field and nothing is
applied.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.admin_model import LineForm

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")
UPN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
HOURS = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)(-(Mon|Tue|Wed|Thu|Fri|Sat|Sun))? "
    r"([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]$"
)
MAX_NAME = 50
MAX_AGENTS = 20  # a queue's direct agents (voice-apps.md §1.5); more people go in through a group


@dataclass(frozen=True)
class FormResult:
    form: LineForm | None
    errors: dict[str, str] = field(default_factory=dict)  # input id → message shown under it


def text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    return value.strip() if isinstance(value, str) else ""


def agent_specs(raw: str) -> tuple[list[str], str | None]:
    """`a@x.gov, group:Fire Fee Line Agents` → specs, or the first bad one explained."""
    specs = [s.strip() for s in re.split(r"[,;\n]", raw) if s.strip()]
    for spec in specs:
        kind, sep, rest = spec.partition(":")
        if sep and kind.lower() in {"group", "department"}:
            if not rest.strip():
                return specs, f"“{spec}” names no {kind.lower()}"
        elif not UPN.match(spec):
            return specs, f"“{spec}” is not a UPN, group:Name or department:Name"
    if not specs:
        return specs, "who answers the line? Give UPNs, group:Name or department:Name"
    if len(specs) > MAX_AGENTS:
        return specs, f"at most {MAX_AGENTS} entries; put more people in a group and give group:Name"
    return specs, None


def parse_until(raw: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    if not raw:
        return None, None
    try:
        until = dt.date.fromisoformat(raw)
    except ValueError:
        return None, f"“{raw}” is not a date (YYYY-MM-DD)"
    if until <= today:
        return None, f"{until:%b %d, %Y} is not in the future"
    return until, None


def parse_number(raw: str) -> tuple[str | None, str | None]:
    lowered = raw.lower()
    if lowered in {"", "auto"}:
        return "auto", None
    if lowered in {"none", "no number"}:
        return None, None
    compact = re.sub(r"[\s().-]", "", raw)
    if not E164.match(compact):
        return None, f"“{raw}” is not auto, none or a number in E.164 form (+15615550100)"
    return compact, None


def parse_after_hours(raw: str) -> tuple[tuple[str, str | None], str | None]:
    """`disconnect` (or empty), `+15615550100` (forward), `voicemail:Fire Fee Messages` (shared voicemail)."""
    kind, _, group = raw.partition(":")
    if kind.strip().lower() in {"", "disconnect"} and not group:
        return ("disconnect", None), None
    if kind.strip().lower() == "voicemail":
        if not group.strip():
            return (
                "disconnect",
                None,
            ), "voicemail needs the group that takes the messages: voicemail:Group name"
        return ("voicemail", group.strip()), None
    compact = re.sub(r"[\s().-]", "", raw)
    if E164.match(compact):
        return (compact, None), None
    return ("disconnect", None), f"“{raw}” is not disconnect, a +E.164 number or voicemail:Group name"


def line_form(data: Mapping[str, Any], today: dt.date) -> FormResult:
    """The pop-up form's inputs → a LineForm, or every problem at once."""
    errors: dict[str, str] = {}
    name = text(data, "name")
    if not name:
        errors["name"] = "the line needs a name (callers hear it in the greeting)"
    elif len(name) > MAX_NAME:
        errors["name"] = f"at most {MAX_NAME} characters ({len(name)} given)"
    specs, problem = agent_specs(text(data, "agents"))
    if problem:
        errors["agents"] = problem
    number, problem = parse_number(text(data, "number"))
    if problem:
        errors["number"] = problem
    until, problem = parse_until(text(data, "until"), today)
    if problem:
        errors["until"] = problem
    hours = text(data, "hours") or None
    if hours and not HOURS.match(hours):
        errors["hours"] = f"“{hours}” is not like Mon-Fri 08:00-17:00 (leave empty for always open)"
    owner = text(data, "owner") or None
    if owner and not UPN.match(owner):
        errors["owner"] = f"“{owner}” is not a UPN"
    (after_hours, voicemail_group), problem = parse_after_hours(text(data, "after_hours"))
    if problem:
        errors["after_hours"] = problem
    if errors:
        return FormResult(None, errors)
    greeting = text(data, "greeting") or None
    form = LineForm(name, tuple(specs), number, until, hours, owner, greeting, after_hours, voicemail_group)
    return FormResult(form)
