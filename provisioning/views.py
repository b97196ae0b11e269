"""Inventory and phone views the CLI and the bot both show: numbers filtered on the server where Graph
allows it (numberAssignments $filter), the free/assigned summary per city and type, and one person's
phone set-up (user, Teams user configuration, their numbers, licence names).

Views are view models over graph/'s wire records: they show what Graph says, field for field."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from graph import Graph, NumberAssignment, Sku, User, UserConfiguration
from provisioning.errors import graph_failures

# Friendly spellings admins type, mapped to Graph's numberType enum members.
NUMBER_TYPES = {
    "operatorconnect": "operatorConnect",
    "oc": "operatorConnect",
    "directrouting": "directRouting",
    "dr": "directRouting",
    "callingplan": "callingPlan",
    "cp": "callingPlan",
}


def parse_number_type(text: str) -> str:
    """`oc`, `operatorConnect`, `operator-connect` → `operatorConnect`; ValueError lists the choices."""
    key = text.replace("-", "").replace("_", "").lower()
    if key not in NUMBER_TYPES:
        raise ValueError(
            f"unknown number type {text!r}; use operatorConnect (oc), directRouting (dr) or callingPlan (cp)"
        )
    return NUMBER_TYPES[key]


def server_filter(
    *, free: bool = False, number_type: str | None = None, holder_id: str | None = None
) -> str | None:
    """The $filter Graph can evaluate.

    quirk: `city` is not filterable on numberAssignments (graph.md §1.2), so it is applied client-side.
    """
    clauses = []
    if free:
        clauses.append("assignmentStatus eq 'unassigned'")
    if number_type:
        clauses.append(f"numberType eq '{number_type}'")
    if holder_id:
        clauses.append(f"assignmentTargetId eq '{holder_id}'")
    return " and ".join(clauses) or None


def filter_city(numbers: Iterable[NumberAssignment], city: str | None) -> list[NumberAssignment]:
    if not city:
        return list(numbers)
    wanted = city.casefold()
    return [n for n in numbers if (n.city or "").casefold() == wanted]


@dataclass(frozen=True)
class SummaryRow:
    city: str
    number_type: str
    capability: str
    free: int
    assigned: int

    @property
    def total(self) -> int:
        return self.free + self.assigned


def capability_label(number: NumberAssignment) -> str:
    """Which kind of target a number can serve; users and voice apps are what admins plan around."""
    caps = set(number.capabilities)
    if "userAssignment" in caps and "voiceApplicationAssignment" in caps:
        return "user+voice app"
    if "voiceApplicationAssignment" in caps:
        return "voice app"
    if "userAssignment" in caps:
        return "user"
    if "conferenceAssignment" in caps:
        return "conference"
    return "other"


def summarise(numbers: Sequence[NumberAssignment]) -> list[SummaryRow]:
    """Free and assigned counts per (city, type, capability), sorted for stable output."""
    free: Counter[tuple[str, str, str]] = Counter()
    assigned: Counter[tuple[str, str, str]] = Counter()
    for number in numbers:
        key = (number.city or "(no city)", number.number_type, capability_label(number))
        (free if number.is_free else assigned)[key] += 1
    keys = sorted(set(free) | set(assigned))
    return [
        SummaryRow(city, kind, cap, free[(city, kind, cap)], assigned[(city, kind, cap)])
        for city, kind, cap in keys
    ]


@graph_failures
async def list_numbers(
    graph: Graph, *, free: bool = False, city: str | None = None, number_type: str | None = None
) -> list[NumberAssignment]:
    """Numbers sorted by number; `number_type` as Graph spells it (see parse_number_type)."""
    found = await graph.numbers.list(filter=server_filter(free=free, number_type=number_type))
    return sorted(filter_city(found, city), key=lambda n: n.telephone_number)


@graph_failures
async def number_summary(graph: Graph) -> list[SummaryRow]:
    return summarise(await graph.numbers.list())


def licence_names(user: User, skus: list[Sku]) -> list[str]:
    by_id = {sku.sku_id: sku.sku_part_number for sku in skus}
    return sorted(by_id.get(sku_id, sku_id) for sku_id in user.assigned_sku_ids)


@dataclass(frozen=True)
class PhoneView:
    """Everything an admin checks when someone says 'my phone does not work'."""

    user: User
    config: UserConfiguration | None
    numbers: list[NumberAssignment]
    licences: list[str]

    def to_json(self) -> dict[str, object]:
        user, config = self.user, self.config
        return {
            "userPrincipalName": user.user_principal_name,
            "displayName": user.display_name,
            "id": user.id,
            "department": user.department,
            "office": user.office_location,
            "city": user.city,
            "usageLocation": user.usage_location,
            "licences": self.licences,
            "accountType": config.account_type if config else None,
            "enterpriseVoice": config.is_enterprise_voice_enabled if config else None,
            "numbers": [
                {
                    "telephoneNumber": n.telephone_number,
                    "numberType": n.number_type,
                    "assignmentCategory": n.assignment_category,
                    "activationState": n.activation_state,
                    "emergencyLocationId": n.location_id,
                    "city": n.city,
                }
                for n in self.numbers
            ],
        }


@graph_failures
async def phone_view(graph: Graph, id_or_upn: str) -> PhoneView:
    """One person's phone set-up, read concurrently; NotFound when there is no such user."""
    user = await graph.users.get(id_or_upn)
    config, numbers, skus = await asyncio.gather(
        graph.users.configuration(user.id),
        graph.numbers.list(filter=server_filter(holder_id=user.id)),
        graph.users.subscribed_skus(),
    )
    return PhoneView(user, config, numbers, licence_names(user, skus))
