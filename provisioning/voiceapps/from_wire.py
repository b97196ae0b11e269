"""The one boundary from the MicrosoftTeams module's output (PascalCase dicts as `Get-CsAutoAttendant`,
`Get-CsCallQueue`, `Get-CsOnlineSchedule`, `Get-CsOnlineApplicationInstance[Association]` print them with
`ConvertTo-Json`) to the domain model: GUIDs become names, UPNs and E.164 numbers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from provisioning.voiceapps.model import (
    Person,
    ResourceAccount,
    Schedule,
    Target,
    VoiceApps,
)
from provisioning.voiceapps.wire_apps import auto_attendant_from_wire, schedule_from_wire
from provisioning.voiceapps.wire_queues import call_queue_from_wire
from provisioning.voiceapps.wire_values import WireError, items, record, tel, text

AA_APPLICATION_ID = "ce933385-9390-45d1-9512-c8d228074e07"  # voice-apps.md §3.1
CQ_APPLICATION_ID = "11cd3e2e-fccb-42ad-ad00-878b93575e07"

# The sections of a whole-state document (GET /_sandbox/teams), matched ignoring case and separators.
SECTIONS = {
    "auto_attendants": ("autoattendants", "getcsautoattendant"),
    "call_queues": ("callqueues", "getcscallqueue"),
    "schedules": ("schedules", "onlineschedules", "getcsonlineschedule"),
    "resource_accounts": ("applicationinstances", "resourceaccounts", "getcsonlineapplicationinstance"),
    "associations": (
        "associations",
        "applicationinstanceassociations",
        "getcsonlineapplicationinstanceassociation",
    ),
}


@dataclass(frozen=True)
class Directory:
    """Object id → person / group name, from Graph (`/users`, `/groups`): the module only prints ids."""

    users: Mapping[str, Person] = field(default_factory=dict)
    groups: Mapping[str, str] = field(default_factory=dict)


@dataclass
class Resolver:
    """Turns a wire id into a friendly target, remembering ids that named nothing (departed staff…)."""

    directory: Directory
    apps: dict[str, tuple[str, str]]  # configuration id → (kind, name)
    accounts: dict[str, str]  # RA object id → UPN
    links: dict[str, str] = field(default_factory=dict)  # RA object id → associated app's name
    unresolved: list[str] = field(default_factory=list)

    def user(self, object_id: str, path: str) -> str | None:
        person = self.directory.users.get(object_id)
        if person is None:
            self.unresolved.append(f"{path}: user {object_id}")
            return None
        return person.upn

    def group(self, object_id: str, path: str) -> str:
        name = self.directory.groups.get(object_id)
        if name is None:
            self.unresolved.append(f"{path}: group {object_id}")
            return object_id
        return name

    def target(self, wire_type: str, object_id: str, path: str, priority: int | None = None) -> Target:
        """A CallableEntity (AA) or exception-action target (CQ) of the given wire type."""
        kind = wire_type.casefold()
        if kind in ("externalpstn", "phone"):
            return Target("external", tel(object_id))
        if kind == "user":
            upn = self.user(object_id, path)
            return Target("user", upn) if upn else Target("unknown", f"user {object_id}")
        if kind in ("sharedvoicemail", "mailbox"):
            return Target("shared_voicemail", self.group(object_id, path))
        if kind == "configurationendpoint":
            app = self.apps.get(object_id)
            if app is None:
                self.unresolved.append(f"{path}: voice app {object_id}")
                return Target("unknown", f"voice app {object_id}")
            return Target(app[0], app[1], priority=priority)  # type: ignore[arg-type]
        if kind == "applicationendpoint":
            return self.account(object_id, path, priority)
        raise WireError(f"{path}.Type: unknown target type {wire_type!r}")

    def account(self, object_id: str, path: str, priority: int | None) -> Target:
        upn = self.accounts.get(object_id)
        if upn is None:
            self.unresolved.append(f"{path}: resource account {object_id}")
            return Target("unknown", f"resource account {object_id}")
        app = self.links.get(object_id)
        kinds = {name: kind for kind, name in self.apps.values()}
        if app is None or app not in kinds:
            return Target("resource_account", upn, priority=priority)  # associated with nothing
        return Target(kinds[app], app, via=upn, priority=priority)  # type: ignore[arg-type]

    def guess(self, object_id: str, path: str) -> Target:
        """A bare id (the documented `-…ActionTarget` parameter form): find what it names."""
        if object_id.casefold().startswith("tel:"):
            return Target("external", tel(object_id))
        if object_id in self.accounts:
            return self.account(object_id, path, None)
        if object_id in self.apps:
            return self.target("ConfigurationEndpoint", object_id, path)
        if object_id in self.directory.groups:
            return Target("shared_voicemail", self.directory.groups[object_id])
        return self.target("User", object_id, path)


def sections(document: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The five module lists of a whole-state document, whatever the case of its keys."""
    by_key = {"".join(ch for ch in key.casefold() if ch.isalnum()): value for key, value in document.items()}
    found: dict[str, list[Any]] = {}
    for name, aliases in SECTIONS.items():
        value = next((by_key[alias] for alias in aliases if alias in by_key), None)
        found[name] = items(value, name)
    return found


def voice_apps_from_wire(
    document: Mapping[str, Any],
    directory: Directory | None = None,
    *,
    licensed: Mapping[str, bool] | None = None,
    free_numbers: Iterable[str] = (),
) -> VoiceApps:
    """The domain model of a whole voice-app state. `licensed` maps RA object id → has the RA licence."""
    directory = directory or Directory()
    raw = sections(document)
    aa_raw = [record(aa, f"AutoAttendants[{i}]") for i, aa in enumerate(raw["auto_attendants"])]
    cq_raw = [record(cq, f"CallQueues[{i}]") for i, cq in enumerate(raw["call_queues"])]
    ra_raw = [record(ra, f"ApplicationInstances[{i}]") for i, ra in enumerate(raw["resource_accounts"])]
    apps = {
        text(aa.get("Id") or aa.get("Identity"), "Id"): ("auto_attendant", text(aa.get("Name"), "Name"))
        for aa in aa_raw
    }
    apps.update(
        {
            text(cq.get("Identity") or cq.get("Id"), "Identity"): ("call_queue", text(cq.get("Name"), "Name"))
            for cq in cq_raw
        }
    )
    accounts = {
        text(ra.get("ObjectId") or ra.get("Id"), "ObjectId"): text(ra.get("UserPrincipalName"), "UPN")
        for ra in ra_raw
    }
    links = _associations(raw["associations"], aa_raw, cq_raw, apps)
    resolver = Resolver(directory, apps, accounts, links)
    schedules = _schedules(raw["schedules"], aa_raw)
    auto_attendants = tuple(
        auto_attendant_from_wire(aa, f"AutoAttendants[{i}]", resolver, schedules)
        for i, aa in enumerate(aa_raw)
    )
    call_queues = tuple(call_queue_from_wire(cq, f"CallQueues[{i}]", resolver) for i, cq in enumerate(cq_raw))
    ras = tuple(
        _account(ra, f"ApplicationInstances[{i}]", links, apps, licensed) for i, ra in enumerate(ra_raw)
    )
    by_app: dict[str, list[str]] = {}
    for ra in ras:
        if ra.app:
            by_app.setdefault(ra.app, []).append(ra.upn)
    return VoiceApps(
        auto_attendants=tuple(
            replace(aa, resource_accounts=tuple(sorted(by_app.get(aa.name, ())))) for aa in auto_attendants
        ),
        call_queues=tuple(
            replace(cq, resource_accounts=tuple(sorted(by_app.get(cq.name, ())))) for cq in call_queues
        ),
        schedules=tuple(sorted(schedules.values(), key=lambda s: s.name)),
        resource_accounts=ras,
        people=tuple(sorted(directory.users.values(), key=lambda p: p.upn)),
        free_numbers=tuple(sorted(free_numbers)),
        unresolved=tuple(resolver.unresolved),
        **_supported(document),
    )


def _supported(document: Mapping[str, Any]) -> dict[str, Any]:
    """Supported languages (with voices) and time zones, when the document carries them."""
    languages = tuple(
        (
            text(lang.get("Id"), "SupportedLanguages.Id"),
            tuple(
                text(v.get("Id"), "Voices.Id")
                for v in items(lang.get("Voices"), "Voices")
                if isinstance(v, Mapping)
            ),
        )
        for lang in items(document.get("SupportedLanguages"), "SupportedLanguages")
        if isinstance(lang, Mapping)
    )
    zones = tuple(
        text(zone.get("Id"), "SupportedTimeZones.Id")
        for zone in items(document.get("SupportedTimeZones"), "SupportedTimeZones")
        if isinstance(zone, Mapping)
    )
    return {"languages": languages, "time_zones": zones}


def _schedules(raw: Sequence[Any], aa_raw: Sequence[Mapping[str, Any]]) -> dict[str, Schedule]:
    """Schedule id → Schedule: the tenant-wide list, plus any an AA carries that the list lacks."""
    found: dict[str, Schedule] = {}
    candidates = [(f"Schedules[{i}]", s) for i, s in enumerate(raw)]
    for a, aa in enumerate(aa_raw):
        candidates += [
            (f"AutoAttendants[{a}].Schedules[{i}]", s) for i, s in enumerate(items(aa.get("Schedules"), ""))
        ]
    for path, value in candidates:
        entry = record(value, path)
        schedule_id = text(entry.get("Id"), f"{path}.Id")
        if schedule_id not in found:
            found[schedule_id] = schedule_from_wire(entry, path)
    return found


def _associations(
    raw: Sequence[Any],
    aa_raw: Sequence[Mapping[str, Any]],
    cq_raw: Sequence[Mapping[str, Any]],
    apps: Mapping[str, tuple[str, str]],
) -> dict[str, str]:
    """RA object id → app name, from the association list and each app's ApplicationInstances."""
    links: dict[str, str] = {}
    for i, value in enumerate(raw):
        entry = record(value, f"Associations[{i}]")
        linked = apps.get(text(entry.get("ConfigurationId"), f"Associations[{i}].ConfigurationId"))
        if linked:
            links[text(entry.get("Id") or entry.get("ObjectId"), f"Associations[{i}].Id")] = linked[1]
    for app_list in (aa_raw, cq_raw):
        for app in app_list:
            for ra_id in items(app.get("ApplicationInstances"), "ApplicationInstances"):
                links.setdefault(text(ra_id, "ApplicationInstances"), text(app.get("Name"), "Name"))
    return links


def _account(
    ra: Mapping[str, Any],
    path: str,
    links: Mapping[str, str],
    apps: Mapping[str, tuple[str, str]],
    licensed: Mapping[str, bool] | None,
) -> ResourceAccount:
    object_id = text(ra.get("ObjectId") or ra.get("Id"), f"{path}.ObjectId")
    application_id = text(ra.get("ApplicationId"), f"{path}.ApplicationId").casefold()
    kind = {AA_APPLICATION_ID: "auto_attendant", CQ_APPLICATION_ID: "call_queue"}.get(application_id, "other")
    phone = text(ra.get("PhoneNumber"), f"{path}.PhoneNumber")
    return ResourceAccount(
        upn=text(ra.get("UserPrincipalName"), f"{path}.UserPrincipalName"),
        display_name=text(ra.get("DisplayName"), f"{path}.DisplayName"),
        kind=kind,  # type: ignore[arg-type]
        number=tel(phone) or None,
        app=links.get(object_id),
        licensed=None if licensed is None else licensed.get(object_id),  # absent: unknown
    )


__all__ = ["Directory", "Resolver", "WireError", "sections", "voice_apps_from_wire"]
