"""Reads the current voice-app state: the module's objects from a raw-state source, plus what only Graph
knows (who the ids are, resource-account licences, free voice-app numbers, dial-scope group members).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from graph import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT, Graph, TeamsAdmin, User
from provisioning.voiceapps.from_wire import Directory, sections, voice_apps_from_wire
from provisioning.voiceapps.model import Person, VoiceApps
from provisioning.voiceapps.wire_apps import scope_group_ids
from provisioning.voiceapps.wire_values import items, record, text

# A callable returning the whole voice-app state as the module prints it: the five lists of
# Get-CsAutoAttendant, Get-CsCallQueue, Get-CsOnlineSchedule, Get-CsOnlineApplicationInstance and
# Get-CsOnlineApplicationInstanceAssociation (plus, optionally, "Groups": [{Id, DisplayName}]).
RawStateSource = Callable[[], Awaitable[Mapping[str, Any]]]

FREE_VOICE_NUMBERS = (
    "assignmentStatus eq 'unassigned' and capabilities/any(c:c eq 'voiceApplicationAssignment')"
)


def teams_admin_source(admin: TeamsAdmin) -> RawStateSource:
    """The state as the MicrosoftTeams module prints it, read through the worker pool (graph/teams_admin):
    the four lists in parallel, then the association of each RA that no AA or CQ lists in its
    `ApplicationInstances` (the cmdlet reads one RA per call: a tenant's hundreds of RAs would be hundreds of
    calls, while the apps already name the RAs they serve)."""

    async def read() -> Mapping[str, Any]:
        attendants, queues, schedules, accounts, languages, zones = await asyncio.gather(
            admin.auto_attendants.list(),
            admin.call_queues.list(),
            admin.schedules.list(),
            admin.resource_accounts.list(),
            admin.supported.languages(),
            admin.supported.time_zones(),
        )
        listed = {ra_id for aa in attendants for ra_id in aa.application_instances}
        listed |= {ra_id for cq in queues for ra_id in cq.application_instances}
        associations = await admin.associations.of(
            ra.object_id for ra in accounts if ra.object_id not in listed
        )
        return {
            "AutoAttendants": [aa.raw for aa in attendants],
            "CallQueues": [cq.raw for cq in queues],
            "Schedules": [schedule.raw for schedule in schedules],
            "ApplicationInstances": [ra.raw for ra in accounts],
            "Associations": [association.raw for association in associations],
            # what plans check an attendant's language, voice and time zone against
            "SupportedLanguages": [
                {"Id": lang.id, "Voices": [{"Id": voice.id} for voice in lang.voices]} for lang in languages
            ],
            "SupportedTimeZones": [{"Id": zone.id} for zone in zones],
        }

    return read


async def read_voice_apps(source: RawStateSource, graph: Graph) -> VoiceApps:
    """The domain model of the tenant's voice apps, read in one go (module state and Graph in parallel)."""
    document, users, free = await asyncio.gather(
        source(), graph.users.list(), graph.numbers.list(filter=FREE_VOICE_NUMBERS)
    )
    groups = {
        text(g.get("Id"), "Groups.Id"): text(g.get("DisplayName"), "Groups.DisplayName")
        for g in items(document.get("Groups"), "Groups")
        if isinstance(g, Mapping)
    }
    unnamed = [group_id for group_id in group_ids(document) if group_id not in groups]
    names = await asyncio.gather(*(graph.users.group_name(group_id) for group_id in unnamed))
    groups.update({group_id: name for group_id, name in zip(unnamed, names, strict=True) if name})
    scope_ids = dial_scope_group_ids(document)
    members = await asyncio.gather(*(graph.users.group_members(group_id) for group_id in scope_ids))
    member_of: dict[str, set[str]] = {}
    for group_id, people in zip(scope_ids, members, strict=True):
        for person in people:
            member_of.setdefault(person.id, set()).add(groups.get(group_id, group_id))
    directory = Directory(
        users={user.id: _person(user, member_of.get(user.id, set())) for user in users},
        groups=groups,
    )
    return voice_apps_from_wire(
        document,
        directory,
        licensed=licences(document, users),
        free_numbers=[number.telephone_number for number in free],
    )


def _person(user: User, groups: set[str]) -> Person:
    return Person(
        upn=user.user_principal_name,
        display_name=user.display_name or "",
        enabled=user.account_enabled is not False,
        groups=frozenset(groups),
    )


def licences(document: Mapping[str, Any], users: list[User]) -> dict[str, bool]:
    """RA object id → holds the Teams Phone Resource Account licence (an RA is a disabled Graph user).
    An RA Graph doesn't list yet (new accounts take minutes to appear) is left out: unknown, not unlicensed."""
    by_id = {user.id: user for user in users}
    found = {}
    for ra in sections(document)["resource_accounts"]:
        if isinstance(ra, Mapping):
            object_id = text(ra.get("ObjectId") or ra.get("Id"), "ObjectId")
            if object_id in by_id:
                found[object_id] = SKU_TEAMS_PHONE_RESOURCE_ACCOUNT in by_id[object_id].assigned_sku_ids
    return found


def dial_scope_group_ids(document: Mapping[str, Any]) -> list[str]:
    """Group ids in any AA's inclusion or exclusion dial scope, in order of appearance."""
    found: list[str] = []
    for i, aa in enumerate(sections(document)["auto_attendants"]):
        for scope in ("InclusionScope", "ExclusionScope"):
            for group_id in scope_group_ids(
                record(aa, f"AutoAttendants[{i}]"), scope, f"AutoAttendants[{i}]"
            ):
                if group_id not in found:
                    found.append(group_id)
    return found


def group_ids(document: Mapping[str, Any]) -> list[str]:
    """Every group id the module prints where a name belongs: dial scopes, queue distribution lists, and
    shared-voicemail targets (AA callable entities, queue exception actions). In order, once each."""
    found = dial_scope_group_ids(document)
    state = sections(document)
    for cq in state["call_queues"]:
        if not isinstance(cq, Mapping):
            continue
        found += [str(g) for g in items(cq.get("DistributionLists"), "DistributionLists") if g]
        for prefix in ("Overflow", "Timeout", "NoAgent"):
            if str(cq.get(f"{prefix}Action") or "").casefold() == "sharedvoicemail":
                target = cq.get(f"{prefix}ActionTarget")
                found += [str(target.get("Id") if isinstance(target, Mapping) else target or "")]
    for aa in state["auto_attendants"]:
        found += _shared_voicemail_ids(aa)
    return [g for i, g in enumerate(found) if g and g not in found[:i]]


def _shared_voicemail_ids(value: Any) -> list[str]:
    """Ids of `{Type: SharedVoicemail, Id}` callable entities anywhere in an AA (menus, flows, operator)."""
    if isinstance(value, Mapping):
        own = []
        if str(value.get("Type") or "").casefold() == "sharedvoicemail" and value.get("Id"):
            own = [str(value["Id"])]
        return own + [i for v in value.values() for i in _shared_voicemail_ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in _shared_voicemail_ids(v)]
    return []
