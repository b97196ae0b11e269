"""The tenant as it is, read through graph/ concurrently and paged, reduced to what plans compare."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field

from graph import Graph
from graph.types import NumberAssignment, Sku, User
from provisioning.plan import stable_hash


@dataclass(frozen=True)
class CurrentState:
    users: dict[str, User]  # by lower-case UPN
    numbers: dict[str, NumberAssignment]  # by E.164
    skus: dict[str, Sku]  # by skuPartNumber
    groups: dict[str, list[str]] = field(default_factory=dict)  # group name → member UPNs
    account_types: dict[str, str] = field(default_factory=dict)  # user id → user | resourceAccount | …

    @property
    def users_by_id(self) -> dict[str, User]:
        return {u.id: u for u in self.users.values()}

    def numbers_of(self, user_id: str) -> list[NumberAssignment]:
        return sorted(
            (n for n in self.numbers.values() if n.assignment_target_id == user_id),
            key=lambda n: n.telephone_number,
        )

    def fingerprint(self) -> str:
        """What a plan depends on: assignments, locations, usage locations and licences."""
        return stable_hash(
            {
                "numbers": sorted(
                    (
                        n.telephone_number,
                        n.assignment_status,
                        n.assignment_target_id or "",
                        n.assignment_category or "",
                        n.location_id or "",
                    )
                    for n in self.numbers.values()
                ),
                "users": sorted(
                    (u.id, u.usage_location or "", sorted(u.assigned_sku_ids)) for u in self.users.values()
                ),
            }
        )


async def read_current(graph: Graph, *, groups: Sequence[str] = ()) -> CurrentState:
    users, numbers, skus, configurations = await asyncio.gather(
        graph.users.list(), graph.numbers.list(), graph.users.subscribed_skus(), graph.users.configurations()
    )
    members: dict[str, list[str]] = {}
    for name in groups:
        group_id = await graph.users.find_group(name)
        members[name] = (
            []
            if group_id is None
            else [u.user_principal_name.lower() for u in await graph.users.group_members(group_id)]
        )
    return CurrentState(
        users={u.user_principal_name.lower(): u for u in users},
        numbers={n.telephone_number: n for n in numbers},
        skus={s.sku_part_number: s for s in skus},
        groups=members,
        account_types={c.id: c.account_type or "user" for c in configurations},
    )
