"""The bot process's scheduled jobs: each runs every `interval_s` in the background until the bot stops.

A job takes its own store lock (see provisioning/agents.py `run_due_opt_ins`), so every replica can run
the loop and the work still happens once. A failing run is logged and the loop carries on.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

log = logging.getLogger(__name__)
Job = Callable[[], Awaitable[Any]]


async def _loop(name: str, interval_s: float, job: Job) -> None:
    while True:
        try:
            result = await asyncio.wait_for(job(), timeout=max(interval_s * 5, 60.0))
            log.debug("job %s: %s", name, result)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a failing run must not stop the next one
            log.warning("job %s failed: %s", name, type(exc).__name__, exc_info=exc)
        await asyncio.sleep(interval_s)


@contextlib.asynccontextmanager
async def periodic(name: str, interval_s: float, job: Job) -> AsyncIterator[asyncio.Task[None]]:
    """Run `job` now and then every `interval_s` while the block runs; cancelled on exit."""
    task = asyncio.create_task(_loop(name, interval_s, job), name=f"job:{name}")
    try:
        yield task
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
