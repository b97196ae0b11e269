"""Running the sandbox: in the caller's event loop, in a background thread, or as a blocking server."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass

from aiohttp import web

from sandbox.app import create_app
from sandbox.config import SandboxConfig, parse_faults, parse_teams_latency
from sandbox.context import REQUEST_LOG
from sandbox.faults import RequestLog
from sandbox.state import TenantState


@dataclass
class RunningSandbox:
    app: web.Application
    host: str
    port: int
    state: TenantState
    config: SandboxConfig

    def __repr__(self) -> str:
        return f"RunningSandbox({self.base_url}, {self.state!r})"

    @property
    def root_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root_url}/v1.0"

    @property
    def requests(self) -> RequestLog:
        return self.app[REQUEST_LOG]


@asynccontextmanager
async def running_sandbox(
    state: TenantState, config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
) -> AsyncIterator[RunningSandbox]:
    config = config or SandboxConfig()
    app = create_app(state, config)
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, host, port, reuse_address=True)
    await site.start()
    bound = port
    for address in runner.addresses:  # the port the OS picked when asked for 0
        bound = int(address[1])
        break
    try:
        yield RunningSandbox(app, host, int(bound), state, config)
    finally:
        await runner.cleanup()


class SandboxThread:
    """A sandbox in a daemon thread with its own loop, for synchronous callers (CLI tests, demo)."""

    def __init__(
        self, state: TenantState, config: SandboxConfig | None = None, host: str = "127.0.0.1"
    ) -> None:
        self._state, self._config, self._host = state, config or SandboxConfig(), host
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, name="sandbox", daemon=True)
        self.sandbox: RunningSandbox | None = None
        self._error: BaseException | None = None

    def _run(self) -> None:
        async def main() -> None:
            self._stop = asyncio.Event()
            self._loop = asyncio.get_running_loop()
            async with running_sandbox(self._state, self._config, host=self._host) as sandbox:
                self.sandbox = sandbox
                self._ready.set()
                await self._stop.wait()

        try:
            asyncio.run(main())
        except BaseException as exc:  # surfaced by start()
            self._error = exc
            self._ready.set()

    def start(self) -> SandboxThread:
        self._thread.start()
        self._ready.wait(timeout=60)
        if self._error or self.sandbox is None:
            raise RuntimeError("sandbox thread failed to start") from self._error
        return self

    def stop(self) -> None:
        if self._loop and self._stop:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout=10)

    @property
    def base_url(self) -> str:
        assert self.sandbox is not None
        return self.sandbox.base_url

    @property
    def root_url(self) -> str:
        assert self.sandbox is not None
        return self.sandbox.root_url

    @property
    def state(self) -> TenantState:
        return self._state


def serve(
    *,
    seed: str = "county",
    host: str = "127.0.0.1",
    port: int = 8765,
    today: dt.date | None = None,
    latency_ms: float = 0.0,
    faults: str | None = None,
    operation_delay_s: float | None = None,
    write_rate: float | None = None,
    teams_delay_s: float | None = None,
    teams_latency: str | None = None,
    denied_permissions: frozenset[str] = frozenset(),
) -> None:
    """Block serving one seeded tenant until interrupted (`switchboard sandbox serve`)."""
    from sandbox.permissions import check_names
    from sandbox.seeds import build_seed

    plan = parse_faults(faults)  # before seeding: a typo fails fast
    latency = parse_teams_latency(teams_latency)
    denied = check_names(denied_permissions)
    state = build_seed(seed, today or dt.date.today())
    config = SandboxConfig(
        latency_ms=latency_ms,
        faults=plan,
        operation_delay_s=1.5 if operation_delay_s is None else operation_delay_s,
        write_rate=write_rate or None,
        teams_delay_s=1.0 if teams_delay_s is None else teams_delay_s,
        teams_latency=latency,
        denied_permissions=denied,
    )

    async def main() -> None:
        async with running_sandbox(state, config, host=host, port=port) as sandbox:
            print(f"Sandbox '{seed}' ({state.displayName}) serving Graph at {sandbox.base_url}", flush=True)
            print(f"  export SWITCHBOARD_GRAPH_URL={sandbox.base_url}", flush=True)
            print(f"  faults: {plan.describe()} · history ends {state.historyEnd}", flush=True)
            print(f"  Teams latency: {latency.describe()}", flush=True)
            print(f"  Teams PowerShell stand-in: python -m sandbox.pwsh --url {sandbox.root_url}", flush=True)
            await asyncio.Event().wait()

    with suppress(KeyboardInterrupt):
        asyncio.run(main())
