"""Fixtures for the Teams admin side: a county sandbox with a short resource-account sync delay, and
stand-in workers that are always killed at the end."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace

import pytest

from sandbox.server import RunningSandbox
from tests.conftest import FAST, SandboxFactory
from tests.sandbox.teams.helpers import StandIn

SYNC_DELAY_S = 0.6


@pytest.fixture
async def teams_sandbox(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return await sandbox_factory("county", config=replace(FAST, teams_delay_s=SYNC_DELAY_S))


@pytest.fixture
async def stand_in() -> AsyncIterator[Callable[..., Awaitable[StandIn]]]:
    started: list[StandIn] = []

    async def start(sb: RunningSandbox, env: dict[str, str] | None = None) -> StandIn:
        worker = await StandIn.start(sb.root_url, {"SWITCHBOARD_TENANT_ID": sb.state.tenantId, **(env or {})})
        started.append(worker)
        return worker

    yield start
    for worker in started:
        await worker.stop()
