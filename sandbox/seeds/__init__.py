"""Deterministic tenants for the sandbox: the same (name, today) always builds the same state."""

from __future__ import annotations

import datetime as dt
import uuid

from sandbox.seeds.city import build_city
from sandbox.seeds.county import build_county
from sandbox.seeds.inventory import skus
from sandbox.state import TenantState

SEEDS = ("county", "city", "empty")


def build_empty(today: dt.date) -> TenantState:
    domain = "empty-tenant.example"
    state = TenantState(
        tenantId=str(uuid.uuid5(uuid.NAMESPACE_DNS, domain)),
        displayName="Empty Tenant",
        defaultDomain=domain,
        historyEnd=today - dt.timedelta(days=1),
    )
    state.skus = skus(teams_phone_seats=25, resource_seats=5, office_seats=25)
    return state


def build_seed(name: str, today: dt.date, *, call_rows: int | None = None) -> TenantState:
    """Build a seeded tenant whose history ends the day before `today`."""
    if name == "county":
        return build_county(today, call_rows)
    if name == "city":
        return build_city(today, call_rows)
    if name == "empty":
        return build_empty(today)
    raise ValueError(f"unknown seed {name!r}; choose one of {', '.join(SEEDS)}")
