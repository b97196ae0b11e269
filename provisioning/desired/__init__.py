"""The voice-app sections of the desired-state YAML (schedules, resource accounts, call queues, auto
attendants, emergency modes): pydantic models with friendly keys, each converting to and from the domain
model in provisioning.voiceapps.model, which plans diff against the tenant as read."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from provisioning.desired.accounts import ResourceAccountSpec, check_accounts
from provisioning.desired.attendants import attendants_from_domain
from provisioning.desired.queues import CallQueueSpec
from provisioning.desired.schedules import holiday_sets, schedules_from_domain
from provisioning.desired.targets import TargetSpec
from provisioning.voiceapps.model import ResourceAccount, VoiceApps


def _section(system: Any, name: str) -> list[Any]:
    # A section another module has not added to PhoneSystem yet reads as empty.
    found: list[Any] = list(getattr(system, name, None) or [])
    return found


def desired_voice_apps(system: Any) -> VoiceApps | None:
    """The voice apps a PhoneSystem wants, or None when the file has no voice-app section at all (then
    plans leave voice apps alone). A holiday set stands for its module schedules; each RA's `app` is the
    app whose `resource_accounts` lists it."""
    schedule_specs = _section(system, "schedules")
    schedules = [schedule for spec in schedule_specs for schedule in spec.to_domain()]
    accounts = [a.to_domain() for a in _section(system, "resource_accounts")]
    queues = [q.to_domain() for q in _section(system, "call_queues")]
    sets = holiday_sets(schedule_specs)
    attendants = [a.to_domain(sets) for a in _section(system, "auto_attendants")]
    if not (schedules or accounts or queues or attendants):
        return None
    serves = {upn.lower(): app.name for app in (*queues, *attendants) for upn in app.resource_accounts}
    return VoiceApps(
        auto_attendants=tuple(attendants),
        call_queues=tuple(queues),
        schedules=tuple(schedules),
        resource_accounts=tuple(replace(ra, app=serves.get(ra.upn)) for ra in accounts),
    )


def exportable(ra: ResourceAccount) -> bool:
    """Accounts of our two app kinds, except retired ones (unlicensed, no number, no app: what prune
    leaves behind in Entra) which the file should not bring back."""
    return ra.kind != "other" and not (ra.licensed is False and ra.number is None and ra.app is None)


def voice_export(apps: VoiceApps) -> tuple[dict[str, Any], list[str]]:
    """The YAML sections (plain data) for the tenant's voice apps, each sorted by its friendly key, and
    a note for each object left out because the file cannot express it (plan then leaves it alone)."""
    skipped: list[str] = []
    queues = []
    for queue in sorted(apps.call_queues, key=lambda q: q.name.casefold()):
        try:
            queues.append(CallQueueSpec.from_domain(queue))
        except ValueError as exc:
            skipped.append(f"not exported: {exc}")
    schedule_specs = schedules_from_domain(apps.schedules)
    attendants, left_out = attendants_from_domain(apps.auto_attendants, holiday_sets(schedule_specs))
    accounts = sorted(
        (ra for ra in apps.resource_accounts if exportable(ra)), key=lambda ra: ra.upn.casefold()
    )

    def dump(specs: list[Any]) -> list[Any]:
        return [spec.model_dump(mode="json", exclude_none=True) for spec in specs]

    sections = {
        "schedules": dump(schedule_specs),
        "resource_accounts": dump([ResourceAccountSpec.from_domain(ra) for ra in accounts]),
        "call_queues": dump(queues),
        "auto_attendants": dump(attendants),
    }
    return sections, skipped + left_out


def export_voice_apps(apps: VoiceApps) -> dict[str, Any]:
    return voice_export(apps)[0]


__all__ = [
    "ResourceAccountSpec",
    "TargetSpec",
    "check_accounts",
    "desired_voice_apps",
    "export_voice_apps",
    "exportable",
    "voice_export",
]
