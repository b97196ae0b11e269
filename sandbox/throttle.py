"""Per-app throttles: token buckets for reads and writes, and the call-log sliding window.

Each answers "how long must this caller wait" so the middleware can send 429 with an honest Retry-After.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from sandbox.config import SandboxConfig


@dataclass
class TokenBucket:
    rate: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = float(self.burst)
        self.stamp = self.clock()

    def take(self) -> float:
        """0 when a token was taken, else seconds until one is available."""
        now = self.clock()
        self.tokens = min(float(self.burst), self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


@dataclass
class SlidingWindow:
    limit: int
    window_s: float
    clock: Callable[[], float] = time.monotonic
    hits: deque[float] = field(default_factory=deque)

    def take(self) -> float:
        now = self.clock()
        while self.hits and now - self.hits[0] >= self.window_s:
            self.hits.popleft()
        if len(self.hits) < self.limit:
            self.hits.append(now)
            return 0.0
        return self.window_s - (now - self.hits[0])


class Throttles:
    """All buckets of one sandbox, keyed by app id."""

    def __init__(self, config: SandboxConfig, clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config
        self.clock = clock
        self._reads: dict[str, TokenBucket] = {}
        self._writes: dict[str, TokenBucket] = {}
        self._calllogs: defaultdict[str, SlidingWindow] = defaultdict(
            lambda: SlidingWindow(config.calllog_limit, config.calllog_window_s, clock)
        )

    def wait_for(self, app_id: str, *, write: bool, calllog: bool) -> int:
        """Whole seconds to put in Retry-After (0 = go ahead)."""
        if calllog:
            wait = self._calllogs[app_id].take()
            if wait > 0:
                return max(1, math.ceil(wait))
        rate, burst, buckets = (
            (self.config.write_rate, self.config.write_burst, self._writes)
            if write
            else (self.config.read_rate, self.config.read_burst, self._reads)
        )
        if not rate:
            return 0
        bucket = buckets.get(app_id)
        if bucket is None:
            bucket = buckets[app_id] = TokenBucket(rate, burst, self.clock)
        wait = bucket.take()
        return 0 if wait == 0 else max(1, math.ceil(wait))
