"""Shared fixtures: sandboxes on 127.0.0.1 (in the test's loop, or in a thread for sync callers).

The county seed is built once per process (per xdist worker); each test gets a `TenantState.clone` of
the mutable parts while the never-mutated call-log lists are shared, so a test's assignments never leak
into another test (tests/test_seed_isolation.py proves it).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from typing import Any

import pytest

from sandbox.config import SandboxConfig
from sandbox.seeds import build_seed
from sandbox.server import RunningSandbox, SandboxThread, running_sandbox
from sandbox.state import TenantState
from tests.databases import database_url, postgres_summary  # noqa: F401  (fixture)

TEST_TODAY = dt.date(2026, 11, 2)
FAST = SandboxConfig(operation_delay_s=0.05)

_SEEDS: dict[tuple[str, dt.date], TenantState] = {}


def seeded(name: str, today: dt.date = TEST_TODAY) -> TenantState:
    """A private copy of a cached seed (call logs and activity shared: nobody mutates them)."""
    key = (name, today)
    if key not in _SEEDS:
        _SEEDS[key] = build_seed(name, today)
        # The seed lives as long as the process: keep its ~1M objects out of every later GC pass.
        gc.freeze()
    return _SEEDS[key].clone(share_history=True)


SandboxFactory = Callable[..., Awaitable[RunningSandbox]]


@pytest.fixture
async def sandbox_factory() -> AsyncIterator[SandboxFactory]:
    async with AsyncExitStack() as stack:

        async def start(
            seed: str = "county",
            *,
            today: dt.date = TEST_TODAY,
            config: SandboxConfig = FAST,
            state: TenantState | None = None,
        ) -> RunningSandbox:
            return await stack.enter_async_context(running_sandbox(state or seeded(seed, today), config))

        yield start


@pytest.fixture
async def sandbox(sandbox_factory: SandboxFactory) -> RunningSandbox:
    return await sandbox_factory("county")


@pytest.fixture(scope="module")
def sandbox_thread() -> Iterator[SandboxThread]:
    thread = SandboxThread(seeded("county"), FAST).start()
    yield thread
    thread.stop()


def auth(app: str = "tests") -> dict[str, Any]:
    return {"Authorization": f"Bearer sandbox.{app}"}


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """A skipped PostgreSQL half is said once at the end, not only as an "s" among the dots."""
    if line := postgres_summary():
        terminalreporter.write_line(line, yellow=True)
