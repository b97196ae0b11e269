"""The voice-app sections of the desired-state YAML (schedules, resource accounts, call queues, auto
attendants, emergency modes): pydantic models with friendly keys, each converting to and from the domain
model in provisioning.voiceapps.model, which plans diff against the tenant as read."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Protocol

from provisioning.desired.accounts import ResourceAccountSpec, check_accounts
from provisioning.desired.targets import TargetSpec
from provisioning.voiceapps.model import ResourceAccount, VoiceApps


class _Section(Protocol):
    def to_domain(self) -> Any: ...


def _section(system: Any, name: str) -> list[Any]:
    # Sections other modules add to PhoneSystem (schedules, call_queues, auto_attendants): a file
    # model without them has none.
    found: list[Any] = list(getattr(system, name, None) or [])
    return found


def desired_voice_apps(system: Any) -> VoiceApps | None:
    """The voice apps a PhoneSystem wants, or None when the file has no voice-app section at all (then
    plans leave voice apps alone). Each RA's `app` is the app whose `resource_accounts` lists it."""
    schedules = [s.to_domain() for s in _section(system, "schedules")]
    accounts = [a.to_domain() for a in _section(system, "resource_accounts")]
    queues = [q.to_domain() for q in _section(system, "call_queues")]
    attendants = [a.to_domain() for a in _section(system, "auto_attendants")]
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


def export_voice_apps(apps: VoiceApps) -> dict[str, Any]:
    """The YAML sections (plain data) for the tenant's voice apps, each sorted by its friendly key."""
    accounts = sorted(
        (ra for ra in apps.resource_accounts if exportable(ra)), key=lambda ra: ra.upn.casefold()
    )
    return {
        "resource_accounts": [
            ResourceAccountSpec.from_domain(ra).model_dump(mode="json", exclude_none=True) for ra in accounts
        ],
    }


__all__ = [
    "ResourceAccountSpec",
    "TargetSpec",
    "check_accounts",
    "desired_voice_apps",
    "export_voice_apps",
    "exportable",
]
