"""`communications/callRecords/getPstnCalls(...)` and `getDirectRoutingCalls(...)` (graph.md §3.1).

The function-call segment is parsed as strictly as the service parses it: exactly the two parameters,
separated by a comma — so the comma-less URL that msgraph-sdk generates (std-uritemplate drops the
literal comma) is rejected with 400, as it is by Graph.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from typing import Any

from aiohttp import web

from sandbox.context import state_of
from sandbox.errors import GraphHTTPError, bad_request
from sandbox.odata import context_url, query_int
from sandbox.state import DirectRoutingCall, PstnCall
from sandbox.wire import ZERO_TIME, iso_utc

PAGE_SIZE = 1000
MAX_WINDOW = dt.timedelta(days=90)
_CALL = re.compile(r"^(?:microsoft\.graph\.callRecords\.)?(getPstnCalls|getDirectRoutingCalls)\((.*)\)$")
_PARAM = re.compile(r"^\s*(fromDateTime|toDateTime)\s*=\s*'?([^',]+)'?\s*$")
_STARTS: web.AppKey[dict[str, tuple[int, list[dt.datetime]]]] = web.AppKey("call_starts")


def parse_window(segment: str) -> tuple[str, dt.datetime, dt.datetime]:
    match = _CALL.match(segment)
    if not match:
        raise GraphHTTPError(400, "BadRequest", f"Resource not found for the segment '{segment}'.")
    function, args = match.groups()
    values: dict[str, dt.datetime] = {}
    for part in args.split(","):
        param = _PARAM.match(part)
        if not param:
            raise bad_request(
                f"The parameter list '{args}' of function '{function}' is not valid: expected "
                "fromDateTime=…,toDateTime=…"
            )
        name, raw = param.groups()
        try:
            value = dt.datetime.fromisoformat(raw.replace(" ", "+"))
        except ValueError:
            raise bad_request(
                f"The value '{raw}' of parameter '{name}' is not a valid DateTimeOffset."
            ) from None
        if value.tzinfo is None:
            raise bad_request(f"The value '{raw}' of parameter '{name}' must carry a time zone offset.")
        if name in values:
            raise bad_request(f"The parameter '{name}' is given twice.")
        values[name] = value.astimezone(dt.UTC)
    if set(values) != {"fromDateTime", "toDateTime"}:
        raise bad_request(f"Function '{function}' needs both fromDateTime and toDateTime.")
    start, end = values["fromDateTime"], values["toDateTime"]
    if end < start:
        raise bad_request("fromDateTime must be earlier than toDateTime.")
    if end - start > MAX_WINDOW:
        # quirk: the 90-day maximum is documented; the status a tenant answers with was reported as 406.
        raise GraphHTTPError(406, "NotAcceptable", "The requested time range exceeds the maximum of 90 days.")
    return function, start, end


def pstn_json(row: PstnCall) -> dict[str, Any]:
    return {
        "id": row.id,
        "callId": row.callId,
        "userId": row.userId,
        "userPrincipalName": row.userPrincipalName,
        "userDisplayName": row.userDisplayName,
        "startDateTime": iso_utc(row.startDateTime),
        "endDateTime": iso_utc(row.endDateTime),
        "duration": row.duration,
        "charge": row.charge,
        "connectionCharge": row.connectionCharge,
        "currency": row.currency,
        "callType": row.callType,
        "calleeNumber": row.calleeNumber,
        "callerNumber": row.callerNumber,
        "destinationContext": row.destinationContext,
        "destinationName": row.destinationName,
        "conferenceId": row.conferenceId,
        "licenseCapability": row.licenseCapability,
        "inventoryType": row.inventoryType,
        "operator": row.operator,
        "usageCountryCode": row.usageCountryCode,
        "tenantCountryCode": row.tenantCountryCode,
        "callDurationSource": row.callDurationSource,
    }


def direct_routing_json(row: DirectRoutingCall) -> dict[str, Any]:
    return {
        "id": row.id,
        "correlationId": row.correlationId,
        "userId": row.userId,
        "userPrincipalName": row.userPrincipalName,
        "userDisplayName": row.userDisplayName,
        "startDateTime": iso_utc(row.startDateTime),
        "inviteDateTime": iso_utc(row.inviteDateTime),
        # quirk: successful calls show the zero date as failureDateTime; failed ones have no endDateTime.
        "failureDateTime": iso_utc(row.failureDateTime) if row.failureDateTime else ZERO_TIME,
        "endDateTime": iso_utc(row.endDateTime) if row.endDateTime else ZERO_TIME,
        "duration": row.duration,
        "callType": row.callType,
        "successfulCall": row.successfulCall,
        "callerNumber": row.callerNumber,
        "calleeNumber": row.calleeNumber,
        "mediaPathLocation": row.mediaPathLocation,
        "signalingLocation": row.signalingLocation,
        "finalSipCode": row.finalSipCode,
        "callEndSubReason": row.callEndSubReason,
        "finalSipCodePhrase": row.finalSipCodePhrase,
        "trunkFullyQualifiedDomainName": row.trunkFullyQualifiedDomainName,
        "mediaBypassEnabled": row.mediaBypassEnabled,
    }


def start_index(app: web.Application, name: str, rows: list[Any]) -> list[dt.datetime]:
    """Start times for bisect, rebuilt only when the row list changes (a million rows: once)."""
    cache = app[_STARTS]
    cached = cache.get(name)
    if cached is None or cached[0] != len(rows):
        cache[name] = (len(rows), [row.startDateTime for row in rows])
    return cache[name][1]


async def call_log(request: web.Request) -> web.Response:
    function, start, end = parse_window(request.match_info["fn"])
    state = state_of(request)
    rows: list[Any] = state.pstnCalls if function == "getPstnCalls" else state.directRoutingCalls
    starts = start_index(request.app, function, rows)
    # Half-open [from, to) on start time; windows laid end to end never repeat a row.
    lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
    skip = query_int(request, "$skip", 0)
    page = rows[lo + skip : min(hi, lo + skip + PAGE_SIZE)]
    to_json = pstn_json if function == "getPstnCalls" else direct_routing_json
    row_type = "pstnCallLogRow" if function == "getPstnCalls" else "directRoutingLogRow"
    body: dict[str, Any] = {
        "@odata.context": context_url(request, f"Collection(microsoft.graph.callRecords.{row_type})"),
        "@odata.count": hi - lo,
        "value": [to_json(row) for row in page],
    }
    if lo + skip + PAGE_SIZE < hi:
        body["@odata.nextLink"] = str(
            request.url.with_query({**request.query, "$skip": str(skip + PAGE_SIZE)})
        )
    return web.Response(text=json.dumps(body, separators=(",", ":")), content_type="application/json")


def register(app: web.Application) -> None:
    app[_STARTS] = {}
    app.router.add_get("/v1.0/communications/callRecords/{fn}", call_log)
