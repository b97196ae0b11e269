"""Our retry policy (tenacity): reads retry 429/503/504 and broken connections; writes retry only 429.

A 429 means the request was not processed, so repeating it is safe. After a 5xx or a timeout a write may
or may not have happened: we raise ServiceUnavailable and the caller re-reads state instead (the SDK's
own RetryHandler is switched off because it re-sends POSTs).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception

from graph.errors import ServiceUnavailable, Throttled

T = TypeVar("T")
MAX_BACKOFF_S = 30.0
READ_ATTEMPTS = 6
WRITE_ATTEMPTS = 6
# A 429 says "not processed, come back later": safe to repeat, and bulk work near the limit meets many.
THROTTLED_ATTEMPTS = 30


def backoff_seconds(attempt: int, retry_after: float | None, jitter: float) -> float:
    """Wait before attempt `attempt + 1`: Retry-After when given, else capped exponential + jitter."""
    if retry_after is not None and retry_after >= 0:
        return float(retry_after)
    exponential: float = min(MAX_BACKOFF_S, 0.5 * 2.0 ** (attempt - 1))
    return exponential + jitter


def _wait(state: RetryCallState) -> float:
    error = state.outcome.exception() if state.outcome else None
    retry_after = getattr(error, "retry_after", None)
    return backoff_seconds(state.attempt_number, retry_after, random.uniform(0, 0.25))


def is_retryable_read(error: BaseException) -> bool:
    return isinstance(error, Throttled | ServiceUnavailable)


def is_retryable_write(error: BaseException) -> bool:
    return isinstance(error, Throttled)


async def with_retries(
    call: Callable[[], Awaitable[T]],
    *,
    write: bool,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    attempts: int | None = None,
) -> T:
    limit = attempts or (WRITE_ATTEMPTS if write else READ_ATTEMPTS)

    def stop(state: RetryCallState) -> bool:
        error = state.outcome.exception() if state.outcome else None
        ceiling = (
            max(limit, THROTTLED_ATTEMPTS) if isinstance(error, Throttled) and attempts is None else limit
        )
        return state.attempt_number >= ceiling

    retrying = AsyncRetrying(
        retry=retry_if_exception(is_retryable_write if write else is_retryable_read),
        stop=stop,
        wait=_wait,
        sleep=sleep,
        reraise=True,
    )
    async for attempt in retrying:
        with attempt:
            return await call()
    raise AssertionError("unreachable: tenacity reraises the last error")
