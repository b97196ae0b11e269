"""`/_sandbox/…`: the control plane for tests, the demo and emergency drills (not part of Graph)."""

from __future__ import annotations

from aiohttp import web

from sandbox.config import parse_faults
from sandbox.context import CONFIG, REQUEST_LOG, STATE
from sandbox.faults import FaultDice
from sandbox.middleware import DICE


async def health(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return web.json_response(
        {
            "status": "ok",
            "tenant": state.displayName,
            "tenantId": state.tenantId,
            "users": len(state.users),
            "numbers": len(state.numbers),
            "pstnCalls": len(state.pstnCalls),
            "historyEnd": state.historyEnd.isoformat() if state.historyEnd else None,
            "faults": request.app[DICE].plan.describe(),
        }
    )


async def requests(request: web.Request) -> web.Response:
    return web.json_response([entry.as_json() for entry in request.app[REQUEST_LOG].entries])


async def reset_requests(request: web.Request) -> web.Response:
    request.app[REQUEST_LOG].clear()
    return web.Response(status=204)


async def set_faults(request: web.Request) -> web.Response:
    """Body: {"faults": "numbers:503@0.5"} — replaces the fault plan ("" clears it)."""
    body = await request.json()
    try:
        plan = parse_faults(str(body.get("faults", "")))
    except ValueError as exc:
        return web.json_response({"error": str(exc)}, status=400)
    request.app[DICE] = FaultDice(plan, request.app[CONFIG].random_seed)
    return web.json_response({"faults": plan.describe()})


async def emergency_locations(request: web.Request) -> web.Response:
    """Stand-in for Get-CsOnlineLisLocation: the ids admins copy into tenant.emergency_locations."""
    return web.json_response(
        [
            {
                "locationId": loc.locationId,
                "civicAddressId": loc.civicAddressId,
                "description": loc.description,
                "city": loc.city,
            }
            for loc in request.app[STATE].emergencyLocations
        ]
    )


def register(app: web.Application) -> None:
    app.router.add_get("/_sandbox/emergency-locations", emergency_locations)
    app.router.add_get("/_sandbox/health", health)
    app.router.add_get("/_sandbox/requests", requests)
    app.router.add_post("/_sandbox/reset-requests", reset_requests)
    app.router.add_post("/_sandbox/faults", set_faults)
