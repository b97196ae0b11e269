"""The request path every Graph route shares, in order: ids → log → auth → throttle → faults → route.

Order matters: the request is logged even when auth or a fault rejects it (tests count attempts), and
throttling comes before faults so a throttled call never reaches the dice.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import uuid
from collections.abc import Awaitable, Callable

from aiohttp import web

from sandbox.context import CONFIG, REQUEST_LOG, THROTTLES
from sandbox.errors import GraphHTTPError
from sandbox.faults import FaultDice, LoggedRequest, now, route_group
from sandbox.permissions import permission_denial

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
DICE: web.AppKey[FaultDice] = web.AppKey("dice")
WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


def error_response(error: GraphHTTPError, request_id: str, client_request_id: str | None) -> web.Response:
    inner: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S"),
        "request-id": request_id,
        "client-request-id": client_request_id or request_id,
    }
    if error.inner_code:
        inner["code"] = error.inner_code
    body = {"error": {"code": error.code, "message": error.message, "innerError": inner}}
    headers = {}
    if error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    return web.Response(
        status=error.status, text=json.dumps(body), content_type="application/json", headers=headers
    )


def app_id_from(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    token = token.strip()
    return token[len("sandbox.") :] if token.startswith("sandbox.") else token[:32]


@web.middleware
async def graph_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    request_id = str(uuid.uuid4())
    client_request_id = request.headers.get("client-request-id")
    group = route_group(request.path)
    app_id = app_id_from(request)
    status = 500
    try:
        response = await _guarded(request, handler, group, app_id)
        status = response.status
    except GraphHTTPError as error:
        response = error_response(error, request_id, client_request_id)
        status = response.status
    except web.HTTPException as exc:
        if group is None:
            raise
        code = {404: "BadRequest", 405: "BadRequest"}.get(exc.status, "BadRequest")
        status = 400 if exc.status == 404 else exc.status
        message = (
            f"Resource not found for the segment '{request.path.rsplit('/', 1)[-1]}'."
            if exc.status == 404
            else f"The request method '{request.method}' is not allowed for this resource."
        )
        response = error_response(GraphHTTPError(status, code, message), request_id, client_request_id)
    except ConnectionResetError:
        status = 0  # dropped on purpose
        raise
    finally:
        request.app[REQUEST_LOG].add(
            LoggedRequest(
                now(),
                request.method,
                request.path,
                request.query_string,
                group,
                app_id,
                status,
                client_request_id,
            )
        )
    response.headers["request-id"] = request_id
    if client_request_id:
        response.headers["client-request-id"] = client_request_id
    response.headers.setdefault("Date", dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT"))
    return response


async def _guarded(
    request: web.Request, handler: Handler, group: str | None, app_id: str | None
) -> web.StreamResponse:
    if group is None:  # control plane and pre-authenticated downloads
        return await handler(request)
    if app_id is None:
        raise GraphHTTPError(
            401,
            "InvalidAuthenticationToken",
            "Access token is empty."
            if "Authorization" not in request.headers
            else "Access token validation failure.",
        )
    denial = permission_denial(request)
    if denial:
        raise denial
    config = request.app[CONFIG]
    write = request.method in WRITE_METHODS
    wait = request.app[THROTTLES].wait_for(app_id, write=write, calllog=group == "callrecords")
    if wait:
        raise GraphHTTPError(
            429, "TooManyRequests", "Please retry again later.", retry_after=wait, inner_code="429"
        )
    dice = request.app[DICE]
    delay = dice.latency_s(config.latency_ms)
    if delay:
        await asyncio.sleep(delay)
    fault = dice.http_fault(group)
    if fault == "drop":
        if request.transport is not None:
            request.transport.close()
        raise ConnectionResetError("dropped by fault injection")
    if fault == "429":
        raise GraphHTTPError(
            429, "TooManyRequests", "Please retry again later.", retry_after=1, inner_code="429"
        )
    if fault == "503":
        raise GraphHTTPError(
            503, "serviceNotAvailable", "The service is temporarily unavailable.", retry_after=1
        )
    if fault == "504":
        if write:
            # quirk: a gateway timeout on a write does not mean it was not processed; the order may stand.
            await handler(request)
        raise GraphHTTPError(504, "GatewayTimeout", "The gateway did not receive a timely response.")
    return await handler(request)
