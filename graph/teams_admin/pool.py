"""A pool of long-lived worker processes speaking the JSON-lines protocol (docs/teams-admin-protocol.md).

One request at a time per worker, a deadline per request; a worker that exits, hangs or writes garbage is
killed and replaced, and the request's outcome is reported as unknown (it may have run).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import os
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.teams_admin.calls import Script, encode_request
from graph.teams_admin.config import TeamsAdminConfig
from graph.teams_admin.errors import UnknownOutcome, WorkerUnavailable, translate

log = logging.getLogger(__name__)
_LINE_LIMIT = 64 * 1024 * 1024  # a tenant's AAs in one answer can be megabytes


class WorkerLost(Exception):
    """The worker gave no usable answer; it has been killed."""


@dataclass(frozen=True)
class Response:
    """One answer: `results` holds the outputs of the steps that ran; `error` is set when `ok` is false."""

    request_id: str
    ok: bool
    results: tuple[Any, ...]
    step: int | None = None
    error: Mapping[str, Any] | None = None


class Worker:
    """One worker process: started, signed in (ready line), then fed one request line at a time."""

    def __init__(self, process: asyncio.subprocess.Process, ready: Mapping[str, Any]) -> None:
        self.process = process
        self.ready = ready
        self.stderr_tail: deque[str] = deque(maxlen=20)
        self._drain = asyncio.create_task(self._drain_stderr())

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def alive(self) -> bool:
        return self.process.returncode is None

    @classmethod
    async def start(cls, config: TeamsAdminConfig) -> Worker:
        try:
            process = await asyncio.create_subprocess_exec(
                *config.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env={**os.environ, **config.env},
                limit=_LINE_LIMIT,
            )
        except OSError as error:
            raise WorkerUnavailable(
                f"cannot start the Teams admin worker {config.argv[0]!r}: {error}"
            ) from None
        try:
            ready = await asyncio.wait_for(_read_ready(process), config.start_timeout_s)
        except TimeoutError:
            await _kill(process)
            raise WorkerUnavailable(
                f"no ready line from the worker within {config.start_timeout_s:g} s"
            ) from None
        except BaseException:
            await _kill(process)
            raise
        return cls(process, ready)

    async def request(self, payload: Mapping[str, Any], timeout_s: float) -> Mapping[str, Any]:
        """Send one request line and read its answer; any failure kills the worker (WorkerLost)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        try:
            self.process.stdin.write(json.dumps(payload, separators=(",", ":")).encode() + b"\n")
            await asyncio.wait_for(self.process.stdin.drain(), timeout_s)
            line = await asyncio.wait_for(self.process.stdout.readline(), timeout_s)
        except TimeoutError:
            await self.kill()
            raise WorkerLost(f"no answer within {timeout_s:g} s; worker {self.pid} killed") from None
        except (ConnectionError, ValueError) as error:  # broken pipe, or a line over the limit
            await self.kill()
            raise WorkerLost(f"worker {self.pid} failed mid-request: {error}") from None
        if not line:
            await self.kill()
            raise WorkerLost(f"worker {self.pid} exited mid-request (exit code {self.process.returncode})")
        try:
            answer = json.loads(line)
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or answer.get("id") != payload["id"]:
            await self.kill()
            raise WorkerLost(f"worker {self.pid} wrote an unreadable answer; killed")
        return answer

    async def kill(self) -> None:
        await _kill(self.process)
        self._drain.cancel()

    async def stop(self) -> None:
        """End of input lets the worker's read loop finish (and the module sign out); kill if it lingers."""
        if self.process.stdin is not None and not self.process.stdin.is_closing():
            self.process.stdin.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.process.wait(), 5)
        await self.kill()

    async def _drain_stderr(self) -> None:
        assert self.process.stderr is not None
        while line := await self.process.stderr.readline():
            text = line.decode("utf-8", "replace").rstrip()
            self.stderr_tail.append(text)
            log.debug("teams worker %s: %s", self.pid, text)


async def _read_ready(process: asyncio.subprocess.Process) -> Mapping[str, Any]:
    assert process.stdout is not None
    while line := await process.stdout.readline():
        try:
            message = json.loads(line)
        except ValueError:
            continue  # quirk: a module banner before the ready line is not part of the protocol
        if isinstance(message, dict) and "ready" in message:
            if message["ready"] is True:
                return message
            error = translate(message.get("error") or {}, cmdlet="Connect-MicrosoftTeams")
            raise WorkerUnavailable(
                f"the worker could not sign in: {error.message}",
                code=error.code,
                status=error.status,
                category=error.category,
                cmdlet="Connect-MicrosoftTeams",
            )
    raise WorkerUnavailable(f"the worker exited before it was ready (exit code {await process.wait()})")


async def _kill(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(process.wait(), 10)


class WorkerPool:
    """`pool_size` workers, each doing one request at a time; lost workers are replaced on next use."""

    def __init__(self, config: TeamsAdminConfig) -> None:
        self.config = config
        self._slots: asyncio.LifoQueue[Worker | None] = asyncio.LifoQueue()
        for _ in range(config.pool_size):
            self._slots.put_nowait(None)
        self._ids = itertools.count(1)
        self._closed = False
        self._stopping: set[asyncio.Task[None]] = set()
        self.started = 0
        self.replaced = 0

    async def start(self) -> None:
        """Start every worker now, so a bad command or failed sign-in shows at open, not mid-plan."""
        slots = [self._slots.get_nowait() for _ in range(self.config.pool_size)]
        results = await asyncio.gather(*(Worker.start(self.config) for _ in slots), return_exceptions=True)
        workers = [r for r in results if isinstance(r, Worker)]
        self.started += len(workers)
        for worker in workers:
            self._slots.put_nowait(worker)
        for _ in range(len(slots) - len(workers)):
            self._slots.put_nowait(None)
        failure = next((r for r in results if isinstance(r, BaseException)), None)
        if failure is not None:
            await self.close()
            raise failure

    async def run(self, script: Script, *, timeout_s: float | None = None) -> Response:
        """Run a script on one worker. Raises UnknownOutcome when no answer came back."""
        if self._closed:
            raise WorkerUnavailable("the Teams admin pool is closed")
        request_id = f"r-{next(self._ids)}"
        worker = await self._acquire()
        try:
            answer = await worker.request(
                encode_request(request_id, script), timeout_s or self.config.request_timeout_s
            )
        except WorkerLost as lost:
            self.replaced += 1
            tail = "; ".join(worker.stderr_tail)
            log.warning(
                "Teams admin request %s: %s%s", request_id, lost, f" (stderr: {tail})" if tail else ""
            )
            first = script.calls[0].cmdlet if script.calls else None
            raise UnknownOutcome(f"request {request_id}: {lost}", cmdlet=first) from None
        finally:
            self._release(worker)
        return _response(request_id, answer)

    async def _acquire(self) -> Worker:
        slot = await self._slots.get()
        if slot is not None and slot.alive:
            return slot
        if slot is not None:  # died while idle: reap it, then start its replacement
            await slot.kill()
            self.replaced += 1
        try:
            worker = await Worker.start(self.config)
        except BaseException:
            self._slots.put_nowait(None)
            raise
        self.started += 1
        return worker

    def _release(self, worker: Worker) -> None:
        if self._closed:
            task = asyncio.get_running_loop().create_task(worker.stop())
            self._stopping.add(task)
            task.add_done_callback(self._stopping.discard)
            return
        self._slots.put_nowait(worker if worker.alive else None)

    async def close(self) -> None:
        self._closed = True
        idle: list[Worker] = []
        while not self._slots.empty():
            slot = self._slots.get_nowait()
            if slot is not None:
                idle.append(slot)
        await asyncio.gather(*(worker.stop() for worker in idle))


def _response(request_id: str, answer: Mapping[str, Any]) -> Response:
    results = answer.get("results") or []
    step = answer.get("step")
    return Response(
        request_id=request_id,
        ok=answer.get("ok") is True,
        results=tuple(results) if isinstance(results, list) else (results,),
        step=step if isinstance(step, int) else None,
        error=answer.get("error") if isinstance(answer.get("error"), dict) else None,
    )
