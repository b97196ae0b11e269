"""Typed keys for what every sandbox handler shares: the tenant state, the config and the clock."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from aiohttp import web

if TYPE_CHECKING:
    from sandbox.config import SandboxConfig
    from sandbox.faults import RequestLog
    from sandbox.state import TenantState
    from sandbox.throttle import Throttles

STATE: web.AppKey[TenantState] = web.AppKey("state")
CONFIG: web.AppKey[SandboxConfig] = web.AppKey("config")
THROTTLES: web.AppKey[Throttles] = web.AppKey("throttles")
REQUEST_LOG: web.AppKey[RequestLog] = web.AppKey("request_log")
# Wall clock of the emulated tenant (tests pin it); loop time drives operation delays.
NOW: web.AppKey[Callable[[], float]] = web.AppKey("now")


def state_of(request: web.Request) -> TenantState:
    return request.app[STATE]


def config_of(request: web.Request) -> SandboxConfig:
    return request.app[CONFIG]
