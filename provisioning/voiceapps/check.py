"""Waste and risks in a voice-app set-up, as pure findings: resource accounts nobody calls or that can't
work, queues nobody answers or over the 20-direct-user limit, menus leading nowhere, missing holidays.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from provisioning.voiceapps.flows import option_label, periods
from provisioning.voiceapps.model import AutoAttendant, Target, VoiceApps

MAX_DIRECT_USERS = 20  # voice-apps.md §1.5
Code = Literal[
    "ra-unassociated",
    "ra-unlicensed",
    "queue-unanswered",
    "queue-over-20-users",
    "dead-end",
    "aa-no-holidays",
    "operator-left",
    "numbers-free",
    "keys-unreachable",
]


@dataclass(frozen=True)
class Finding:
    code: Code
    subject: str  # the RA, app or number concerned
    message: str
    items: tuple[str, ...] = ()


def check(apps: VoiceApps) -> list[Finding]:
    """Every finding, sorted by code then subject so output and tests are stable."""
    findings = _accounts(apps) + _queues(apps) + _attendants(apps)
    if apps.free_numbers:
        count = len(apps.free_numbers)
        findings.append(
            Finding(
                "numbers-free",
                f"{count} number{'s' if count != 1 else ''}",
                f"{count} voice-app number{'s are' if count != 1 else ' is'} assigned to nothing",
                apps.free_numbers,
            )
        )
    return sorted(findings, key=lambda f: (f.code, f.subject.casefold()))


def _accounts(apps: VoiceApps) -> list[Finding]:
    found = []
    for ra in apps.resource_accounts:
        if ra.app is None:
            number = f" holds {ra.number} and" if ra.number else ""
            found.append(
                Finding("ra-unassociated", ra.upn, f"{ra.upn}{number} is associated with no voice app")
            )
        if ra.licensed is False:
            found.append(
                Finding("ra-unlicensed", ra.upn, f"{ra.upn} has no Teams Phone Resource Account licence")
            )
    return found


def _queues(apps: VoiceApps) -> list[Finding]:
    found = []
    for cq in apps.call_queues:
        if not cq.answering_agents():
            why = "has no agents" if not cq.agents else "has no agent opted in"
            found.append(
                Finding("queue-unanswered", cq.name, f"{cq.name} {why}: callers get its no-agent action")
            )
        if len(cq.users) > MAX_DIRECT_USERS:
            found.append(
                Finding(
                    "queue-over-20-users",
                    cq.name,
                    f"{cq.name} has {len(cq.users)} directly added users (the limit is {MAX_DIRECT_USERS})",
                )
            )
        for label, rule in (("overflow", cq.overflow), ("timeout", cq.timeout), ("no-agent", cq.no_agent)):
            if rule.action in ("forward", "voicemail", "shared_voicemail") and _nowhere(apps, rule.target):
                found.append(
                    Finding(
                        "dead-end", cq.name, f"{cq.name}: {label} action leads nowhere ({_what(rule.target)})"
                    )
                )
    return found


def _attendants(apps: VoiceApps) -> list[Finding]:
    found = []
    for aa in apps.auto_attendants:
        if not any(h.kind == "holiday" and h.enabled for h in aa.handling):
            found.append(Finding("aa-no-holidays", aa.name, f"{aa.name} has no holiday call handling"))
        if aa.operator is not None and _nowhere(apps, aa.operator):
            found.append(
                Finding(
                    "operator-left", aa.name, f"{aa.name}'s operator no longer exists ({_what(aa.operator)})"
                )
            )
        found += _menus(apps, aa)
    return found


def _menus(apps: VoiceApps, aa: AutoAttendant) -> list[Finding]:
    found = []
    for period in periods(aa):
        keys = [o.key for o in period.flow.menu.options if o.key != "automatic"]
        if keys and period.flow.menu.option("automatic") is not None:
            # the docs: an Automatic option "is executed without user response", so no key is ever read
            found.append(
                Finding(
                    "keys-unreachable",
                    aa.name,
                    f"{aa.name}, {period.label.casefold()} ({period.flow.name}): "
                    + (f"keys {', '.join(keys)} are" if len(keys) > 1 else f"key {keys[0]} is")
                    + " never offered, the Automatic option runs without waiting for input",
                )
            )
        for option in period.flow.menu.options:
            where = f"{aa.name}, {period.label.casefold()} ({period.flow.name}), {option_label(option)}"
            if option.action == "transfer" and _nowhere(apps, option.target):
                found.append(Finding("dead-end", aa.name, f"{where} leads nowhere ({_what(option.target)})"))
            elif option.action == "operator" and aa.operator is None:
                found.append(Finding("dead-end", aa.name, f"{where} asks for an operator, and none is set"))
    return found


def _nowhere(apps: VoiceApps, target: Target | None) -> bool:
    """A target a call can't reach: unresolved, an RA with no app, a missing app, a disabled account."""
    if target is None or target.kind in ("unknown", "resource_account"):
        return True
    if target.kind == "auto_attendant":
        return apps.auto_attendant(target.ref) is None
    if target.kind == "call_queue":
        return apps.call_queue(target.ref) is None
    if target.kind in ("user", "voicemail"):
        person = apps.person(target.ref)
        return person is not None and not person.enabled
    return False


def _what(target: Target | None) -> str:
    return target.label() if target else "no target"


__all__ = ["Finding", "check"]
