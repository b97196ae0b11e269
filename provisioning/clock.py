"""Time as the engine waits on it: injected so tests of confirm/settle deadlines need not wait."""

from __future__ import annotations

import asyncio
from typing import Protocol


class Clock(Protocol):
    def monotonic(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class LoopClock:
    """The running event loop's clock (what asyncio's own timeouts use)."""

    def monotonic(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)
