"""A drill's pure parts: the tenant to load into the private sandbox from the admin's export file (people,
groups, numbers in Graph's shapes), and the pass/fail table from the traces before, during and after.

A line passes when, during the mode, a call to it reaches the mode's target, and after restore its trace
is exactly the one before. The drill passes when every line does and the restore was exact.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

from provisioning.emergency.lines import Line
from provisioning.emergency.routes import reaches, route
from provisioning.voiceapps import Target, Trace, VoiceApps

SPARE_SEATS = 10  # the drill tenant has the seats the file needs, and a few more
_IDS = uuid.UUID("5b1f3c2e-9d0a-4e57-b3a1-6f0e2d4c8a91")  # namespace of the drill tenant's object ids


def object_id(kind: str, key: str) -> str:
    """Stable ids, so one export always loads as the same drill tenant."""
    return str(uuid.uuid5(_IDS, f"{kind}:{key.casefold()}"))


def people_of(system: Any, wanted: VoiceApps | None) -> list[str]:
    """Everyone the file names: its users, queue agents and authorized users, people calls go to."""
    found = [user.upn for user in system.users]
    if wanted is not None:
        for queue in wanted.call_queues:
            found += [*queue.users, *(agent.upn for agent in queue.agents)]
            targets = [queue.overflow.target, queue.timeout.target, queue.no_agent.target]
            found += [t.ref for t in targets if t is not None and t.kind in ("user", "voicemail")]
        for attendant in wanted.auto_attendants:
            flows = (attendant.default_flow, *attendant.flows)
            found += [
                o.target.ref
                for flow in flows
                for o in flow.menu.options
                if o.target is not None and o.target.kind == "user"
            ]
    return sorted({upn.lower() for upn in found if upn})


def groups_of(wanted: VoiceApps | None) -> list[str]:
    if wanted is None:
        return []
    names = [g for queue in wanted.call_queues for g in queue.groups]
    for queue in wanted.call_queues:
        targets = [queue.overflow.target, queue.timeout.target, queue.no_agent.target]
        names += [t.ref for t in targets if t is not None and t.kind == "shared_voicemail"]
    return sorted(set(names))


def drill_tenant(
    system: Any, wanted: VoiceApps | None, *, licence_sku: str, account_sku: str
) -> dict[str, Any]:
    """The body of the sandbox's `POST /_sandbox/tenant`: people voice-enabled (Teams Phone licence,
    usage location), the file's groups (their members are not in the file: empty), the users' numbers
    assigned and the resource accounts' numbers free for the engine to assign, and seats for all."""
    country = system.tenant.usage_location
    users = [
        {
            "id": object_id("user", upn),
            "userPrincipalName": upn,
            "displayName": upn.partition("@")[0].replace(".", " ").title(),
            "usageLocation": country,
            "accountEnabled": True,
            "assignedLicenses": [{"skuId": licence_sku}],
        }
        for upn in people_of(system, wanted)
    ]
    groups = [
        {"id": object_id("group", name), "displayName": name, "members": []} for name in groups_of(wanted)
    ]
    numbers = [
        {
            "telephoneNumber": user.number,
            "numberType": system.tenant.number_type,
            "capabilities": ["userAssignment"],
            "assignmentTargetId": object_id("user", user.upn),
        }
        for user in system.users
        if user.number != "auto"
    ]
    accounts = wanted.resource_accounts if wanted is not None else ()
    numbers += [
        {
            "telephoneNumber": ra.number,
            "numberType": system.tenant.number_type,
            "capabilities": ["voiceApplicationAssignment"],
        }
        for ra in accounts
        if ra.number
    ]
    seats = [
        {"skuId": licence_sku, "prepaidUnits": {"enabled": len(users) + SPARE_SEATS}},
        {"skuId": account_sku, "prepaidUnits": {"enabled": len(accounts) + SPARE_SEATS}},
    ]
    upns = [u["userPrincipalName"] for u in users] + [ra.upn for ra in accounts]
    domains = Counter(upn.partition("@")[2] for upn in upns)
    body = {"users": users, "groups": groups, "numberAssignments": numbers, "subscribedSkus": seats}
    if domains:  # the resource accounts are created on the file's domain: it must be the tenant's
        body["domains"] = [{"id": domains.most_common(1)[0][0], "isDefault": True, "isVerified": True}]
    return body


@dataclass(frozen=True)
class DrillRow:
    line: str  # "call queue 211 Crisis Line"
    entry: str  # what was dialled
    before: str
    during: str
    after: str
    reached: bool  # during: the call got to the mode's target
    same_after: bool  # after: the trace equals the one before

    @property
    def passed(self) -> bool:
        return self.reached and self.same_after


@dataclass(frozen=True)
class DrillReport:
    mode: str
    rows: tuple[DrillRow, ...]
    activate_s: float
    restore_s: float
    exact: bool
    differences: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # what stopped the drill (the file's lines missing in its tenant…)
    faults: int = 0  # Teams requests the sandbox injected a fault into during the mode
    notes: tuple[str, ...] = ()  # objects of the file left out of the drill tenant (a line among them fails)

    @property
    def passed(self) -> bool:
        return bool(self.rows) and not self.problems and self.exact and all(r.passed for r in self.rows)


def drill_rows(
    lines: tuple[Line, ...],
    target: Target,
    before: dict[str, Trace],
    during: dict[str, Trace],
    after: dict[str, Trace],
) -> tuple[DrillRow, ...]:
    """One row per line, keyed by the number (or name) dialled."""
    return tuple(
        DrillRow(
            line.label,
            line.entry,
            route(before[line.entry]),
            route(during[line.entry]),
            route(after[line.entry]),
            reaches(during[line.entry], target),
            after[line.entry] == before[line.entry],
        )
        for line in lines
    )
