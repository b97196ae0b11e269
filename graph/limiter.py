"""Adaptive concurrency (AIMD): halve on 429, add one after a window of clean calls, up to a ceiling.

Bulk work then settles just under the tenant's throttle limit instead of tripping it repeatedly.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class AdaptiveLimiter:
    def __init__(self, ceiling: int, *, initial: int | None = None, floor: int = 1) -> None:
        self.ceiling = max(1, ceiling)
        self.floor = max(1, min(floor, self.ceiling))
        self.limit = max(self.floor, min(initial or min(8, self.ceiling), self.ceiling))
        self.in_flight = 0
        self._clean = 0
        self._cond = asyncio.Condition()
        self.throttled = 0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._cond:
            await self._cond.wait_for(lambda: self.in_flight < self.limit)
            self.in_flight += 1
        try:
            yield
        finally:
            async with self._cond:
                self.in_flight -= 1
                self._cond.notify_all()

    def on_success(self) -> None:
        self._clean += 1
        if self._clean >= self.limit and self.limit < self.ceiling:
            self.limit += 1
            self._clean = 0

    def on_throttled(self) -> None:
        self.throttled += 1
        self._clean = 0
        self.limit = max(self.floor, self.limit // 2)
