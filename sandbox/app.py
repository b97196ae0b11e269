"""The sandbox application: one tenant's state behind Graph's wire surface."""

from __future__ import annotations

from aiohttp import web

from sandbox.config import SandboxConfig
from sandbox.context import CONFIG, REQUEST_LOG, STATE, THROTTLES
from sandbox.faults import FaultDice, RequestLog
from sandbox.middleware import DICE, graph_middleware
from sandbox.permissions import install as install_permissions
from sandbox.routes import ROUTE_MODULES
from sandbox.state import TenantState
from sandbox.throttle import Throttles


def create_app(state: TenantState, config: SandboxConfig | None = None) -> web.Application:
    config = config or SandboxConfig()
    # Large enough for getPstnCalls URLs and $filter expressions.
    app = web.Application(middlewares=[graph_middleware], client_max_size=4 * 1024 * 1024)
    app[STATE] = state
    app[CONFIG] = config
    app[THROTTLES] = Throttles(config)
    app[REQUEST_LOG] = RequestLog()
    app[DICE] = FaultDice(config.faults, config.random_seed)
    install_permissions(app, config.denied_permissions)
    for module in ROUTE_MODULES:
        module.register(app)
    return app
