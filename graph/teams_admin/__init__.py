"""graph/teams_admin/: the Teams PowerShell boundary (AAs, CQs, schedules, resource accounts).

Graph has no API for voice apps, so checked cmdlet scripts run on a pool of long-lived workers
(`pwsh` + worker.ps1, or the sandbox's stand-in) over docs/teams-admin-protocol.md.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from graph.teams_admin.aa_script import (
    AutoAttendantSpec,
    FlowSpec,
    HandlingSpec,
    KeptPrompt,
    OptionSpec,
    Target,
    auto_attendant_script,
    replace_script,
)
from graph.teams_admin.associations import Association, AssociationsApi
from graph.teams_admin.auto_attendants import AutoAttendant, AutoAttendantsApi
from graph.teams_admin.call_queues import CallQueue, CallQueuesApi
from graph.teams_admin.calls import Call, Ref, Script, ScriptBuilder
from graph.teams_admin.client import TeamsAdminClient
from graph.teams_admin.config import TeamsAdminConfig, teams_admin_config, worker_argv
from graph.teams_admin.contract import ContractViolation, check, check_script
from graph.teams_admin.errors import (
    AccessDenied,
    AlreadyExists,
    NotFound,
    TeamsAdminError,
    Throttled,
    Transient,
    UnknownOutcome,
    Validation,
    WorkerUnavailable,
)
from graph.teams_admin.pool import WorkerPool
from graph.teams_admin.render import render_script
from graph.teams_admin.resource_accounts import ResourceAccount, ResourceAccountsApi
from graph.teams_admin.schedules import DAYS as SCHEDULE_DAYS
from graph.teams_admin.schedules import (
    Schedule,
    SchedulesApi,
    fixed_schedule_script,
    schedule_instance,
    weekly_schedule_script,
)
from graph.teams_admin.schedules import TimeRange as ScheduleRange
from graph.teams_admin.supported import SupportedApi


@dataclass(frozen=True)
class TeamsAdmin:
    """The typed APIs over one worker pool."""

    client: TeamsAdminClient
    auto_attendants: AutoAttendantsApi
    call_queues: CallQueuesApi
    schedules: SchedulesApi
    resource_accounts: ResourceAccountsApi
    associations: AssociationsApi
    supported: SupportedApi


@asynccontextmanager
async def open_teams_admin(
    config: TeamsAdminConfig, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> AsyncIterator[TeamsAdmin]:
    """Start the workers (each signs in once), yield the APIs, stop the workers on exit."""
    pool = WorkerPool(config)
    await pool.start()
    client = TeamsAdminClient(pool, sleep=sleep)
    try:
        yield TeamsAdmin(
            client=client,
            auto_attendants=AutoAttendantsApi(client),
            call_queues=CallQueuesApi(client),
            schedules=SchedulesApi(client),
            resource_accounts=ResourceAccountsApi(client),
            associations=AssociationsApi(client),
            supported=SupportedApi(client),
        )
    finally:
        await pool.close()


__all__ = [
    "SCHEDULE_DAYS",
    "AccessDenied",
    "AlreadyExists",
    "Association",
    "AutoAttendant",
    "AutoAttendantSpec",
    "Call",
    "CallQueue",
    "ContractViolation",
    "FlowSpec",
    "HandlingSpec",
    "KeptPrompt",
    "NotFound",
    "OptionSpec",
    "Ref",
    "ResourceAccount",
    "Schedule",
    "ScheduleRange",
    "Script",
    "ScriptBuilder",
    "Target",
    "TeamsAdmin",
    "TeamsAdminConfig",
    "TeamsAdminError",
    "Throttled",
    "Transient",
    "UnknownOutcome",
    "Validation",
    "WorkerUnavailable",
    "auto_attendant_script",
    "check",
    "check_script",
    "fixed_schedule_script",
    "open_teams_admin",
    "render_script",
    "replace_script",
    "schedule_instance",
    "teams_admin_config",
    "weekly_schedule_script",
    "worker_argv",
]
