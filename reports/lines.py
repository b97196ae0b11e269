"""Public lines named by the voice app that owns their number, read at sync time through the Teams admin
worker pool (Get-CsAutoAttendant, Get-CsCallQueue, Get-CsOnlineApplicationInstance and, for accounts no
app lists, Get-CsOnlineApplicationInstanceAssociation) and kept in the store with the time seen.

So the public-line table reads "Building Permits queue: 12,400 min" instead of a resource account's
display name, and a line whose app was removed keeps its last name (store/line_names.py).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence

from graph import TeamsAdmin
from graph.teams_admin import Association, AutoAttendant, CallQueue, ResourceAccount
from store import LineName, Store

KIND_LABELS = {"autoAttendant": "auto attendant", "callQueue": "queue"}


def line_label(line: LineName) -> str:
    """What a report calls the line: the app's name and what it is ("Building Permits queue")."""
    return f"{line.app_name} {KIND_LABELS.get(line.app_kind, line.app_kind)}"


def e164(phone_number: str | None) -> str | None:
    """The module prints `tel:+15615550100`; call logs carry `+15615550100`."""
    if not phone_number:
        return None
    number = phone_number.strip()
    return number[4:] if number.lower().startswith("tel:") else number


def line_owners(
    attendants: Sequence[AutoAttendant],
    queues: Sequence[CallQueue],
    accounts: Sequence[ResourceAccount],
    associations: Sequence[Association],
) -> list[LineName]:
    """Pure: each resource account's number → the AA or CQ it serves (the app's own list of resource
    accounts first, then the account's association); accounts serving nothing name no line."""
    apps: dict[str, tuple[str, str, str]] = {}  # app id → (kind, id, name)
    owner_of: dict[str, tuple[str, str, str]] = {}  # resource account id → app
    for aa in attendants:
        apps[aa.id.lower()] = ("autoAttendant", aa.id, aa.name)
        for ra_id in aa.application_instances:
            owner_of[ra_id.lower()] = apps[aa.id.lower()]
    for cq in queues:
        apps[cq.identity.lower()] = ("callQueue", cq.identity, cq.name)
        for ra_id in cq.application_instances:
            owner_of[ra_id.lower()] = apps[cq.identity.lower()]
    for association in associations:
        app = apps.get(association.configuration_id.lower())
        if app is not None:
            owner_of.setdefault(association.resource_account_id.lower(), app)
    lines = []
    for ra in accounts:
        number, app = e164(ra.phone_number), owner_of.get(ra.object_id.lower())
        if number and app:
            lines.append(LineName(number, app[0], app[2], app[1], ra.user_principal_name))
    return sorted(lines, key=lambda line: line.telephone_number)


async def read_line_owners(admin: TeamsAdmin) -> list[LineName]:
    attendants, queues, accounts = await asyncio.gather(
        admin.auto_attendants.list(), admin.call_queues.list(), admin.resource_accounts.list()
    )
    listed = {ra_id.lower() for aa in attendants for ra_id in aa.application_instances}
    listed |= {ra_id.lower() for cq in queues for ra_id in cq.application_instances}
    associations = await admin.associations.of(
        ra.object_id for ra in accounts if ra.object_id.lower() not in listed and ra.phone_number
    )
    return line_owners(attendants, queues, accounts, associations)


async def sync_line_names(admin: TeamsAdmin, store: Store, now: dt.datetime) -> int:
    """Who owns each public number now, into the store; the number of lines seen."""
    owners = await read_line_owners(admin)
    await store.line_names.record_seen(owners, now)
    return len(owners)
