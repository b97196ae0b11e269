"""Wiring of the bot's admin side from plain values (a composition root calls this: cli/bot.py, the demo)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from bot.admin import AdminContext, AdminConversation
from bot.admin_ops import EmergencyModes, TenantAdminOps
from bot.admins import AdminDirectory, AdminPolicy, parse_agencies
from graph import Graph, TeamsAdmin
from store import Store


def admin_policy(
    admin_group: str | None,
    agency_admins: str = "",
    *,
    approval_required: bool = False,
    approval_ttl_minutes: int = 30,
    cache_s: float = 120.0,
) -> AdminPolicy | None:
    """None when no admin group and no agency is configured: the bot then has no admin side at all."""
    agencies = parse_agencies(agency_admins)
    if not admin_group and not agencies:
        return None
    return AdminPolicy(
        admin_group=admin_group or None,
        agencies=agencies,
        approval_required=approval_required,
        approval_ttl_s=approval_ttl_minutes * 60.0,
        cache_s=cache_s,
    )


def build_admin(
    graph: Graph,
    store: Store,
    teams: TeamsAdmin,
    policy: AdminPolicy,
    *,
    timezone: str,
    emergency: EmergencyModes | None = None,
    today: Callable[[], dt.date] | None = None,
    budget_s: float = 4.0,
) -> AdminConversation:
    local_today = today or (lambda: dt.datetime.now(ZoneInfo(timezone)).date())
    ops = TenantAdminOps(graph, store, teams, timezone=timezone, emergency=emergency, today=local_today)
    ctx = AdminContext(
        ops, store.approvals, store.audit, policy, local_today, lambda: dt.datetime.now(dt.UTC), budget_s
    )
    return AdminConversation(AdminDirectory(graph.users, policy), ctx)
