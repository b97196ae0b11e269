"""`/_sandbox/teams/…`: the Teams admin side of the sandbox (the MicrosoftTeams module's service).

`POST /_sandbox/teams/invoke` takes one worker request (docs/teams-admin-protocol.md) from the stand-in
(`python -m sandbox.pwsh`) and answers `{"response": {...}}` or `{"action": "die"|"hang"}`;
each answer waits as long as the module would (`--teams-latency`, sandbox/teams/latency.py);
`GET /_sandbox/teams` is the whole voice-app state; `GET /_sandbox/teams/log` lists the requests seen.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

from aiohttp import web

from sandbox.context import CONFIG, STATE
from sandbox.middleware import DICE
from sandbox.teams.engine import run
from sandbox.teams.latency import LatencyClock
from sandbox.teams.view import teams_view

TEAMS_LOG: web.AppKey[list[dict[str, Any]]] = web.AppKey("teams_log")
LATENCY: web.AppKey[LatencyClock] = web.AppKey("teams_latency")


async def invoke(request: web.Request) -> web.Response:
    try:
        body = json.loads(await request.text())
    except json.JSONDecodeError:
        body = None
    steps = body.get("steps") if isinstance(body, dict) else None
    cmdlets = [str(s.get("cmdlet")) for s in steps if isinstance(s, dict)] if isinstance(steps, list) else []
    fault = request.app[DICE].teams_fault(cmdlets)
    outcome = run(
        request.app[STATE], body, now=time.time(), delay=request.app[CONFIG].teams_delay_s, fault=fault
    )
    # A worker that died or hung before running anything waits for nothing.
    ran = outcome.action is None or outcome.applied
    wait = request.app[LATENCY].request_delay(_ran(steps, outcome.response)) if ran else 0.0
    request.app[TEAMS_LOG].append(
        {
            "id": body.get("id") if isinstance(body, dict) else None,
            "cmdlets": cmdlets,
            "fault": fault,
            "applied": outcome.applied,
            "ok": outcome.response.get("ok") if outcome.response else None,
            "action": outcome.action,
            "latency_s": round(wait, 3),
        }
    )
    if wait:
        await asyncio.sleep(wait)
    if outcome.action:
        return web.json_response({"action": outcome.action})
    return web.json_response({"response": outcome.response})


def _ran(steps: Any, response: dict[str, Any] | None) -> list[str]:
    """The cmdlets a request reached: all of them, or up to and including the one that failed."""
    if not isinstance(steps, list):
        return []
    cmdlets = [s["cmdlet"] for s in steps if isinstance(s, dict) and isinstance(s.get("cmdlet"), str)]
    failed_at = response.get("step") if response else None
    return cmdlets[:failed_at] if isinstance(failed_at, int) else cmdlets


async def state(request: web.Request) -> web.Response:
    return web.json_response(teams_view(request.app[STATE]))


async def log(request: web.Request) -> web.Response:
    return web.json_response(request.app[TEAMS_LOG])


def register(app: web.Application) -> None:
    app[TEAMS_LOG] = []
    config = app[CONFIG]
    app[LATENCY] = LatencyClock(config.teams_latency, config.random_seed)
    app.router.add_post("/_sandbox/teams/invoke", invoke)
    app.router.add_get("/_sandbox/teams", state)
    app.router.add_get("/_sandbox/teams/log", log)
