"""The one place graph/'s wire records become domain records: `read_current` reads users, numbers,
licences and Teams user configurations concurrently (paged) and converts them here."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from graph import Graph, NumberAssignment, Sku, User
from provisioning.current import CurrentState, Licence, Number, Person


def person_from(user: User, account_type: str | None = None) -> Person:
    return Person(
        id=user.id,
        upn=user.user_principal_name.lower(),
        department=user.department,
        usage_location=user.usage_location,
        licences=user.assigned_sku_ids,
        account_type=account_type or "user",
    )


def number_from(wire: NumberAssignment) -> Number:
    return Number(
        telephone_number=wire.telephone_number,
        number_type=wire.number_type,
        capabilities=frozenset(wire.capabilities),
        status=wire.assignment_status,
        holder_id=wire.assignment_target_id,
        category=wire.assignment_category,
        location_id=wire.location_id,
        city=wire.city,
        operator_id=wire.operator_id,
        activation_state=wire.activation_state,
    )


def licence_from(sku: Sku) -> Licence:
    return Licence(sku.sku_id, sku.sku_part_number, sku.enabled_units, sku.consumed_units)


async def read_current(graph: Graph, *, groups: Sequence[str] = ()) -> CurrentState:
    users, numbers, skus, configurations = await asyncio.gather(
        graph.users.list(), graph.numbers.list(), graph.users.subscribed_skus(), graph.users.configurations()
    )
    account_types = {c.id: c.account_type for c in configurations}
    members: dict[str, list[str]] = {}
    for name in groups:  # a group that does not exist is left out: plans name it as missing
        group_id = await graph.users.find_group(name)
        if group_id is not None:
            members[name] = [u.user_principal_name.lower() for u in await graph.users.group_members(group_id)]
    return CurrentState(
        users={u.user_principal_name.lower(): person_from(u, account_types.get(u.id)) for u in users},
        numbers={n.telephone_number: number_from(n) for n in numbers},
        licences={s.sku_part_number: licence_from(s) for s in skus},
        groups=members,
    )


async def read_number(graph: Graph, telephone_number: str) -> Number | None:
    """One number as it is now (settle and confirm read single numbers)."""
    found = await graph.numbers.find(telephone_number)
    return None if found is None else number_from(found)


async def read_person(graph: Graph, id_or_upn: str) -> Person:
    return person_from(await graph.users.get(id_or_upn))
