"""graph/: the only code that talks to Microsoft Graph (or the sandbox: only URL and credential differ)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass

from graph.activity import ActivityApi
from graph.callrecords import CallLogPacer, CallRecordsApi
from graph.client import Transport, build_client
from graph.config import GraphConfig, GraphConfigError
from graph.credentials import build_credential
from graph.errors import (
    AuthenticationError,
    BadRequest,
    GraphError,
    NotFound,
    OperationFailed,
    OperationTimeout,
    PermissionDenied,
    ServiceUnavailable,
    Throttled,
)
from graph.limiter import AdaptiveLimiter
from graph.numbers import NumbersApi
from graph.probes import Probes, token_roles
from graph.teams_admin import TeamsAdmin, TeamsAdminConfig, open_teams_admin, teams_admin_config
from graph.types import (
    SKU_TEAMS_PHONE,
    SKU_TEAMS_PHONE_RESOURCE_ACCOUNT,
    ActivityRow,
    NumberAssignment,
    Sku,
    User,
    UserConfiguration,
)
from graph.users import UsersApi


@dataclass(frozen=True)
class Graph:
    numbers: NumbersApi
    users: UsersApi
    call_records: CallRecordsApi
    activity: ActivityApi
    limiter: AdaptiveLimiter
    transport: Transport


@asynccontextmanager
async def open_graph(
    config: GraphConfig, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
) -> AsyncIterator[Graph]:
    """Credential, SDK client and our policies for one unit of work; closed on exit.

    `sleep` is what retries wait with; tests inject one to run Retry-After storms without waiting.
    """
    credential = build_credential(config)
    client, http = build_client(config, credential)
    limiter = AdaptiveLimiter(config.max_concurrency)
    transport = Transport(client, limiter, config.base_url, sleep=sleep)
    try:
        yield Graph(
            numbers=NumbersApi(
                transport,
                poll_interval_s=config.poll_interval_s,
                operation_timeout_s=config.operation_timeout_s,
            ),
            users=UsersApi(transport),
            call_records=CallRecordsApi(
                transport, CallLogPacer(config.calllog_requests_per_minute), config.calllog_concurrency
            ),
            activity=ActivityApi(transport),
            limiter=limiter,
            transport=transport,
        )
    finally:
        await http.aclose()
        await credential.close()


__all__ = [
    "SKU_TEAMS_PHONE",
    "SKU_TEAMS_PHONE_RESOURCE_ACCOUNT",
    "ActivityRow",
    "AuthenticationError",
    "BadRequest",
    "Graph",
    "GraphConfig",
    "GraphConfigError",
    "GraphError",
    "NotFound",
    "NumberAssignment",
    "OperationFailed",
    "OperationTimeout",
    "PermissionDenied",
    "Probes",
    "ServiceUnavailable",
    "Sku",
    "TeamsAdmin",
    "TeamsAdminConfig",
    "Throttled",
    "User",
    "UserConfiguration",
    "open_graph",
    "open_teams_admin",
    "teams_admin_config",
    "token_roles",
]
