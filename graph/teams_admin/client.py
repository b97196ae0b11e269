"""Checked, retried execution of scripts on the worker pool: reads repeat, writes never repeat blindly.

A read is retried on Throttled, Transient and UnknownOutcome (it changes nothing). A write is retried only
on Throttled and only when nothing before the throttled step could have changed the tenant; a service
failure at a write step becomes UnknownOutcome, which the typed modules answer by re-reading state.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import Any

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from graph.retry import backoff_seconds
from graph.teams_admin.calls import Call, Script
from graph.teams_admin.contract import check_script
from graph.teams_admin.errors import Throttled, Transient, UnknownOutcome, translate
from graph.teams_admin.pool import Response, WorkerPool

READ_ATTEMPTS = 5
THROTTLED_WRITE_ATTEMPTS = 8

# Cmdlets that only build an object in the worker's memory: running them twice changes nothing.
BUILDERS = frozenset(
    {
        "New-CsAutoAttendantPrompt",
        "New-CsAutoAttendantCallableEntity",
        "New-CsAutoAttendantMenuOption",
        "New-CsAutoAttendantMenu",
        "New-CsAutoAttendantCallFlow",
        "New-CsAutoAttendantCallHandlingAssociation",
        "New-CsAutoAttendantDialScope",
        "New-CsOnlineTimeRange",
        "New-CsOnlineDateTimeRange",
    }
)


def changes_nothing(call: Call) -> bool:
    return call.is_read or call.cmdlet in BUILDERS


def _wait(state: RetryCallState) -> float:
    return backoff_seconds(state.attempt_number, None, random.uniform(0, 0.25))


class TeamsAdminClient:
    """The typed modules' only way to the workers. `sleep` is injectable so tests need not wait."""

    def __init__(
        self, pool: WorkerPool, *, sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    ) -> None:
        self.pool = pool
        self.sleep = sleep

    async def read(self, script: Script | Call) -> tuple[Any, ...]:
        """Outputs of every step of a script that changes nothing; retried on throttling and failures."""
        script = _as_script(script)
        check_script(script)
        if not all(changes_nothing(call) for call in script):
            raise ValueError("read() was given a script that writes; use write()")
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda e: isinstance(e, Throttled | Transient | UnknownOutcome)),
            stop=stop_after_attempt(READ_ATTEMPTS),
            wait=_wait,
            sleep=self.sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return _outputs(script, await self.pool.run(script), write=False)
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def write(self, script: Script | Call) -> tuple[Any, ...]:
        """Run a script that changes the tenant. Sent again only after a throttled step nothing preceded."""
        script = _as_script(script)
        check_script(script)
        retrying = AsyncRetrying(
            retry=retry_if_exception(lambda e: isinstance(e, Throttled) and _safe_to_resend(script, e.step)),
            stop=stop_after_attempt(THROTTLED_WRITE_ATTEMPTS),
            wait=_wait,
            sleep=self.sleep,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return _outputs(script, await self.pool.run(script), write=True)
        raise AssertionError("unreachable: tenacity reraises the last error")

    async def one(self, call: Call) -> Any:
        """The output of a single call, read or write as the cmdlet is."""
        outputs = await (self.read(call) if changes_nothing(call) else self.write(call))
        return outputs[0] if outputs else None


def _as_script(script: Script | Call) -> Script:
    return Script([script]) if isinstance(script, Call) else script


def _safe_to_resend(script: Script, failed_step: int | None) -> bool:
    if failed_step is None:
        return False
    return all(changes_nothing(call) for call in script.calls[: failed_step - 1])


def _outputs(script: Script, response: Response, *, write: bool) -> tuple[Any, ...]:
    if response.ok:
        return response.results
    step = response.step or len(response.results) + 1
    call = script.calls[step - 1] if 0 < step <= len(script) else None
    error = translate(response.error or {}, cmdlet=call.cmdlet if call else None, step=step)
    if write and isinstance(error, Transient) and call is not None and not changes_nothing(call):
        # quirk: after a 5xx the service may have done the write; only a read can tell.
        raise UnknownOutcome(str(error), status=error.status, code=error.code, cmdlet=call.cmdlet, step=step)
    raise error
