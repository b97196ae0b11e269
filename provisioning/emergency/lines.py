"""Which auto attendants and call queues a mode touches, resolved from the file's lines against the
tenant's voice apps (pure): a name is an app's, a number is the app whose resource account holds it.

Problems name the file line (`where`), so a typo in `emergency_modes.eoc.lines[2]` is fixed at its line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from provisioning.desired.emergency import EmergencyMode
from provisioning.voiceapps import VoiceApps

AppKind = Literal["auto_attendant", "call_queue"]
Where = Callable[..., str]  # PhoneSystem.where


@dataclass(frozen=True)
class Line:
    """One app the mode changes: how the file named it, its language, the numbers that reach it."""

    kind: AppKind
    name: str
    named_as: tuple[str, ...]
    language: str | None
    numbers: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{'auto attendant' if self.kind == 'auto_attendant' else 'call queue'} {self.name}"

    @property
    def entry(self) -> str:
        """What a drill dials: the first number, or the app's name when only a menu reaches it."""
        return self.numbers[0] if self.numbers else self.name


def resolve_lines(
    mode: EmergencyMode, apps: VoiceApps, where: Where | None = None
) -> tuple[tuple[Line, ...], tuple[str, ...]]:
    """The mode's apps (each once, in file order) and the problems that stop it from being activated."""
    found: dict[tuple[str, str], Line] = {}
    problems: list[str] = []
    for index, given in enumerate(mode.lines):
        at = f"{where('emergency_modes', mode.name, 'lines', index)}: " if where else ""
        field = f"emergency_modes.{mode.name}.lines[{index}]"
        app, problem = _app_of(given, apps)
        if app is None:
            problems.append(f"{at}{field}: {problem}")
            continue
        kind, name = app
        key = (kind, name.casefold())
        if key in found:
            old = found[key]
            found[key] = Line(kind, old.name, (*old.named_as, given), old.language, old.numbers)
        else:
            found[key] = _line(kind, name, given, apps)
    lines = tuple(found.values())
    problems += _route_problems(mode, apps, lines, where)
    return lines, tuple(problems)


def _app_of(given: str, apps: VoiceApps) -> tuple[tuple[AppKind, str] | None, str]:
    if given.startswith("+"):
        account = apps.resource_account(given)
        if account is None:
            return None, f"no resource account holds {given}"
        if account.app is None:
            return None, f"{given} rings resource account {account.upn}, which is associated with no app"
        if apps.auto_attendant(account.app):
            return ("auto_attendant", account.app), ""
        return ("call_queue", account.app), ""
    attendant, queue = apps.auto_attendant(given), apps.call_queue(given)
    if attendant is not None and queue is not None:
        return None, f"{given!r} is both an auto attendant and a call queue: give its number instead"
    if attendant is not None:
        return ("auto_attendant", attendant.name), ""
    if queue is not None:
        return ("call_queue", queue.name), ""
    return None, f"no auto attendant, call queue or number {given!r} in the tenant"


def _line(kind: AppKind, name: str, given: str, apps: VoiceApps) -> Line:
    numbers = tuple(
        sorted(ra.number for ra in apps.resource_accounts if ra.app == name and ra.number is not None)
    )
    if kind == "auto_attendant":
        attendant = apps.auto_attendant(name)
        language = attendant.language if attendant else None
    else:
        queue = apps.call_queue(name)
        language = queue.language if queue else None
    return Line(kind, name, (given,), language, numbers)


def _route_problems(
    mode: EmergencyMode, apps: VoiceApps, lines: tuple[Line, ...], where: Where | None
) -> list[str]:
    at = f"{where('emergency_modes', mode.name, 'route_to')}: " if where else ""
    field = f"emergency_modes.{mode.name}.route_to"
    target = mode.route_to
    exists = {
        "call_queue": lambda: apps.call_queue(target.ref) is not None,
        "auto_attendant": lambda: apps.auto_attendant(target.ref) is not None,
        "user": lambda: apps.person(target.ref) is not None,
        "voicemail": lambda: apps.person(target.ref) is not None,
    }
    problems = []
    if target.kind in exists and not exists[target.kind]():
        problems.append(f"{at}{field}: no {target.label()} in the tenant")
    if any(line.kind == target.kind and line.name.casefold() == target.ref.casefold() for line in lines):
        problems.append(f"{at}{field}: {target.label()} is one of the mode's own lines (calls would loop)")
    if target.kind == "voicemail" and any(line.kind == "auto_attendant" for line in lines):
        problems.append(
            f"{at}{field}: an auto attendant cannot send calls to a person's voicemail; "
            "use shared_voicemail (a group's) or list only queues"
        )
    return problems
