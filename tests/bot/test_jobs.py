"""The bot's periodic job loop: runs at once and then every interval, survives a failing run, stops."""

from __future__ import annotations

import asyncio

from bot import periodic


async def test_runs_repeatedly_through_failures_and_stops_on_exit() -> None:
    runs: list[int] = []

    async def job() -> None:
        runs.append(len(runs))
        if len(runs) == 2:
            raise RuntimeError("the store blinked")

    async with periodic("test", 0.01, job) as task:
        for _ in range(200):
            if len(runs) >= 4:
                break
            await asyncio.sleep(0.01)
    assert len(runs) >= 4  # the failure on run 2 did not stop runs 3 and 4
    assert task.cancelled()
    stopped = len(runs)
    await asyncio.sleep(0.05)
    assert len(runs) == stopped
