"""Compact current-state builders for planner tests (plain data in, CurrentState out)."""

from __future__ import annotations

from typing import Any

from graph.types import SKU_TEAMS_PHONE, NumberAssignment, Sku, User
from provisioning.current import CurrentState


def user_id(upn: str) -> str:
    return "id-" + upn


def build_current(spec: dict[str, Any], *, seats: int = 100) -> CurrentState:
    users = {}
    for u in spec.get("users", []):
        skus = frozenset({SKU_TEAMS_PHONE}) if u.get("licensed", True) else frozenset()
        users[u["upn"]] = User(
            id=user_id(u["upn"]),
            user_principal_name=u["upn"],
            department=u.get("department"),
            usage_location=u.get("usage", "US"),
            assigned_sku_ids=skus,
        )
    numbers = {}
    for n in spec.get("numbers", []):
        target = n.get("target")
        numbers[n["number"]] = NumberAssignment(
            id="n" + n["number"],
            telephone_number=n["number"],
            number_type="operatorConnect",
            assignment_status=n.get("status", "unassigned"),
            capabilities=tuple(n.get("caps", ["userAssignment"])),
            activation_state="activated",
            assignment_target_id=user_id(target) if target else None,
            assignment_category="primary" if target else None,
            city=n.get("city", "Lakeside"),
            location_id=n.get("location"),
            operator_id=n.get("operator"),
        )
    account_types = {user_id(u["upn"]): u["kind"] for u in spec.get("users", []) if "kind" in u}
    used = sum(1 for u in users.values() if SKU_TEAMS_PHONE in u.assigned_sku_ids)
    return CurrentState(
        users=users,
        numbers=numbers,
        skus={"MCOEV": Sku(SKU_TEAMS_PHONE, "MCOEV", used + seats, used)},
        account_types=account_types,
    )
