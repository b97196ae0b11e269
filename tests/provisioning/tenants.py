"""Compact current-state builders for planner tests (plain data in, domain CurrentState out), and the
in-memory reservation book pure tests allocate against."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from graph.types import SKU_TEAMS_PHONE
from provisioning.allocation import allocate
from provisioning.current import CurrentState, Licence, Number, Person
from provisioning.model import PhoneSystem, PhoneUser


def user_id(upn: str) -> str:
    return "id-" + upn


def build_current(spec: dict[str, Any], *, seats: int = 100, subscription: bool = True) -> CurrentState:
    users = {}
    for u in spec.get("users", []):
        users[u["upn"]] = Person(
            id=user_id(u["upn"]),
            upn=u["upn"],
            department=u.get("department"),
            usage_location=u.get("usage", "US"),
            licences=frozenset({SKU_TEAMS_PHONE}) if u.get("licensed", True) else frozenset(),
            account_type=u.get("kind", "user"),
        )
    numbers = {}
    for n in spec.get("numbers", []):
        target = n.get("target")
        numbers[n["number"]] = Number(
            telephone_number=n["number"],
            number_type="operatorConnect",
            capabilities=frozenset(n.get("caps", ["userAssignment"])),
            status=n.get("status", "unassigned"),
            activation_state="activated",
            holder_id=user_id(target) if target else None,
            category="primary" if target else None,
            city=n.get("city", "Lakeside"),
            location_id=n.get("location"),
            operator_id=n.get("operator"),
        )
    used = sum(1 for u in users.values() if SKU_TEAMS_PHONE in u.licences)
    licences = {"MCOEV": Licence(SKU_TEAMS_PHONE, "MCOEV", used + seats, used)} if subscription else {}
    return CurrentState(users=users, numbers=numbers, licences=licences)


class MemoryReservations:
    """Reservations in a dict (number → UPN), with the store's rule: one number per person and back."""

    def __init__(self, reserved: Mapping[str, str] | None = None) -> None:
        self.held = dict(reserved or {})

    async def try_reserve(self, number: str, upn: str, plan_id: str) -> bool:
        if number in self.held or upn in self.held.values():
            return False
        self.held[number] = upn
        return True

    async def reserved_numbers(self) -> dict[str, str]:
        return dict(self.held)

    async def release(
        self, *, number: str | None = None, upn: str | None = None, plan_id: str | None = None
    ) -> int:
        gone = [n for n, u in self.held.items() if n == number or u == upn]
        for n in gone:
            del self.held[n]
        return len(gone)


def allocate_pure(
    desired: PhoneSystem, users: list[PhoneUser], current: CurrentState, reserved: Mapping[str, str]
) -> dict[str, str]:
    return asyncio.run(allocate(desired, users, current, MemoryReservations(reserved), "pure"))
