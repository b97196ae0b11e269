"""Capture a tenant that was set up by hand as a desired-state file that plans to zero changes."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import yaml

from provisioning.current import CurrentState
from provisioning.model import PhoneSystem, PhoneUser, Pool, Tenant


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "pool"


def export_state(current: CurrentState, *, licence: str = "MCOEV") -> PhoneSystem:
    """Primary user numbers become `users`; their locations become named emergency locations by city."""
    by_id = current.users_by_id
    assigned = sorted(
        (
            n
            for n in current.numbers.values()
            if n.status == "userAssigned" and n.holder_id in by_id and (n.category or "primary") == "primary"
        ),
        key=lambda n: n.telephone_number,
    )
    location_names: dict[str, str] = {}
    for number in assigned:
        if number.location_id and number.location_id not in location_names:
            base = number.city or "location"
            name, n = base, 1
            while name in location_names.values():
                n += 1
                name = f"{base} {n}"
            location_names[number.location_id] = name
    usage = Counter(by_id[n.holder_id or ""].usage_location for n in assigned)
    pools = sorted(
        {
            (n.city or "", n.number_type)
            for n in current.numbers.values()
            if "userAssignment" in n.capabilities
        }
    )
    seen: set[str] = set()
    users = []
    for number in assigned:
        upn = by_id[number.holder_id or ""].upn
        if upn in seen:
            continue
        seen.add(upn)
        users.append(
            PhoneUser(
                upn=upn,
                number=number.telephone_number,
                emergency_location=location_names.get(number.location_id or ""),
            )
        )
    return PhoneSystem(
        tenant=Tenant(
            usage_location=(usage.most_common(1)[0][0] if usage else None) or "US",
            licence=licence,
            emergency_locations={name: lid for lid, name in location_names.items()},
        ),
        pools=[
            Pool(
                name=slug(f"{city}-{kind}" if kind != "operatorConnect" else city),
                city=city or None,
                number_type=kind,
            )
            for city, kind in pools
        ],  # type: ignore[arg-type]
        users=sorted(users, key=lambda u: u.upn),
    )


VOICE_SECTIONS = ("schedules", "resource_accounts", "call_queues", "auto_attendants")


def _without_none(value: Any) -> Any:
    """Unset optional fields are left out of exported voice-app items (the file reads like a hand-written one)."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def to_yaml(system: PhoneSystem, *, header: str = "") -> str:
    data = system.model_dump(mode="json", exclude_defaults=False)
    for user in data["users"]:
        for key in ("pool", "emergency_location"):
            if user.get(key) is None:
                user.pop(key, None)
        if user.get("category") == "primary":
            user.pop("category")
    for pool in data["pools"]:
        for key in ("city", "operator_id"):
            if pool.get(key) is None:
                pool.pop(key)
        if not pool["reserved"]:
            pool.pop("reserved")
    for section in VOICE_SECTIONS:
        if not data.get(section):
            data.pop(section, None)
        else:
            data[section] = [_without_none(item) for item in data[section]]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=120)
    return (header + body) if header else body
