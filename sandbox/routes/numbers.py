"""`admin/teams/telephoneNumberManagement`: numberAssignments (list, get, assign/unassign/update) and
the long-running operations behind assign/unassign (graph.md §1).

Orders settle lazily: every request to this family first settles the operations whose time has come,
which keeps the emulator deterministic and free of background tasks.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time
import uuid
from typing import Any

from aiohttp import web

from sandbox.context import CONFIG, state_of
from sandbox.errors import GraphHTTPError, bad_request, not_found
from sandbox.middleware import DICE
from sandbox.odata import filtered, paginate
from sandbox.state import (
    SKU_TEAMS_PHONE,
    SKU_TEAMS_PHONE_RESOURCE_ACCOUNT,
    NumberAssignment,
    Operation,
    TenantState,
)
from sandbox.wire import iso_utc, record_json

ROOT = "/v1.0/admin/teams/telephoneNumberManagement"
NS = "microsoft.graph.teamsAdministration."
NUMBER_TYPES = {"directRouting", "callingPlan", "operatorConnect"}
CATEGORIES = {"primary", "private", "alternate"}
REVERSE_LOOKUP = {"skipInternalVoip"}
# quirk: every numberAssignment property is filterable except id and city (graph.md §1.2).
FILTERABLE = frozenset(
    {
        "telephoneNumber",
        "operatorId",
        "numberType",
        "activationState",
        "assignmentStatus",
        "assignmentTargetId",
        "assignmentCategory",
        "capabilities",
        "numberSource",
        "portInStatus",
        "supportedCustomerActions",
        "reverseNumberLookupOptions",
        "locationId",
        "civicAddressId",
        "networkSiteId",
        "isoCountryCode",
    }
)


def number_json(number: NumberAssignment) -> dict[str, Any]:
    return record_json(number)


def loop_time() -> float:
    return asyncio.get_running_loop().time()


# --- reading -------------------------------------------------------------------------------------------
async def list_numbers(request: web.Request) -> web.Response:
    state = state_of(request)
    settle_due(state, loop_time())
    numbers = sorted(state.numbers.values(), key=lambda n: n.telephoneNumber)
    matching = filtered(numbers, request, FILTERABLE, number_json)
    # quirk: default page 500, maximum 1,000 (graph.md §1.2).
    body = paginate(
        request,
        matching,
        default_top=500,
        max_top=1000,
        to_json=number_json,
        context="admin/teams/telephoneNumberManagement/numberAssignments",
    )
    return web.json_response(body)


async def get_number(request: web.Request) -> web.Response:
    state = state_of(request)
    settle_due(state, loop_time())
    key = request.match_info["key"]
    for number in state.numbers.values():
        if number.id == key:
            return web.json_response(
                {
                    "@odata.context": f"{request.url.origin()}/v1.0/$metadata#admin/teams/telephoneNumberManagement/numberAssignments/$entity",
                    **number_json(number),
                }
            )
    raise not_found(f"Resource '{key}' does not exist.", code="ResourceNotFound")


# --- writing -------------------------------------------------------------------------------------------
async def json_body(request: web.Request) -> dict[str, Any]:
    try:
        body = json.loads(await request.text() or "{}")
    except json.JSONDecodeError:
        raise bad_request("Invalid JSON in the request body.") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    return body


def required_string(body: dict[str, Any], key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise bad_request(f"The parameter '{key}' in the request payload is not a valid parameter value.")
    return value.strip()


def enum_value(body: dict[str, Any], key: str, allowed: set[str], *, required: bool) -> str | None:
    value = body.get(key)
    if value is None and not required:
        return None
    if value not in allowed:
        raise bad_request(
            f"Cannot convert the literal '{value}' to the expected type "
            f"'microsoft.graph.teamsAdministration.{key}'."
        )
    return str(value)


def e164(text: str) -> str:
    # quirk: telephoneNumber is always returned with a leading '+' even when assigned without one.
    digits = text.strip()
    return digits if digits.startswith("+") else f"+{digits}"


async def action(request: web.Request) -> web.StreamResponse:
    name = request.match_info["action"]
    name = name[len(NS) :] if name.startswith(NS) else name
    handlers = {
        "assignNumber": assign_number,
        "unassignNumber": unassign_number,
        "updateNumber": update_number,
    }
    if name not in handlers:
        raise bad_request(f"Resource not found for the segment '{request.match_info['action']}'.")
    state = state_of(request)
    settle_due(state, loop_time())
    return await handlers[name](request, state, await json_body(request))


def new_operation(
    request: web.Request, state: TenantState, kind: str, payload: dict[str, Any]
) -> web.Response:
    config = request.app[CONFIG]
    delay = config.operation_delay_s
    fault = request.app[DICE].operation_fault()
    if fault and fault.kind == "slow":
        delay *= 10
    if fault and fault.kind == "fail":
        payload = {**payload, "_injected_failure": True}
    operation = Operation(
        id=str(uuid.uuid4()),
        createdDateTime=iso_utc(dt.datetime.now(dt.UTC)) or "",
        status="notStarted",
        kind=kind,
        request=payload,
        due_at=loop_time() + delay,
    )
    state.operations[operation.id] = operation
    number = state.numbers.get(payload["telephoneNumber"])
    if number is not None and kind == "assign" and number.assignmentStatus == "unassigned":
        number.activationState = "assignmentPending"
    location = f"{request.url.origin()}{ROOT}/operations('{operation.id}')"
    return web.Response(status=202, headers={"Location": location})


async def assign_number(request: web.Request, state: TenantState, body: dict[str, Any]) -> web.Response:
    payload = {
        "telephoneNumber": e164(required_string(body, "telephoneNumber")),
        "assignmentTargetId": required_string(body, "assignmentTargetId"),
        "numberType": enum_value(body, "numberType", NUMBER_TYPES, required=True),
        "assignmentCategory": enum_value(body, "assignmentCategory", CATEGORIES, required=False) or "primary",
        "locationId": body.get("locationId"),
    }
    return new_operation(request, state, "assign", payload)


async def unassign_number(request: web.Request, state: TenantState, body: dict[str, Any]) -> web.Response:
    payload = {
        "telephoneNumber": e164(required_string(body, "telephoneNumber")),
        "numberType": enum_value(body, "numberType", NUMBER_TYPES, required=True),
    }
    return new_operation(request, state, "unassign", payload)


async def update_number(request: web.Request, state: TenantState, body: dict[str, Any]) -> web.Response:
    telephone = e164(required_string(body, "telephoneNumber"))
    number = state.numbers.get(telephone)
    if number is None:
        raise not_found(
            f"Telephone number '{telephone}' was not found in the tenant.", code="ResourceNotFound"
        )
    known_locations = {loc.locationId for loc in state.emergencyLocations}
    location = body.get("locationId")
    if location is not None:  # quirk: "" clears, null or omitted keeps (graph.md §1.4)
        if location != "" and location not in known_locations:
            raise bad_request(
                f"The emergency location '{location}' does not exist.", code="InvalidLocationId"
            )
        number.locationId = location or None
        number.civicAddressId = next(
            (loc.civicAddressId for loc in state.emergencyLocations if loc.locationId == location), None
        )
    site = body.get("networkSiteId")
    if site is not None:
        number.networkSiteId = site or None
    options = body.get("reverseNumberLookupOptions")
    if options is not None:
        if not isinstance(options, list) or any(o not in REVERSE_LOOKUP for o in options):
            raise bad_request(
                "Cannot convert the literal to the expected type "
                "'microsoft.graph.teamsAdministration.reverseNumberLookupOption'."
            )
        number.reverseNumberLookupOptions = list(options)
    return web.Response(status=200)


# --- operations --------------------------------------------------------------------------------------------
def operation_json(request: web.Request, operation: Operation) -> dict[str, Any]:
    return {
        "@odata.context": f"{request.url.origin()}/v1.0/$metadata#admin/teams/telephoneNumberManagement/operations/$entity",
        "id": operation.id,
        "createdDateTime": operation.createdDateTime,
        "status": operation.status,
        "numbers": operation.numbers,
    }


async def get_operation(request: web.Request) -> web.Response:
    state = state_of(request)
    now = loop_time()
    settle_due(state, now)
    key = request.match_info["key"]
    if key.startswith("('") and key.endswith("')"):
        key = key[2:-2]
    operation = state.operations.get(key)
    if operation is None:
        raise not_found(f"Operation '{key}' was not found.", code="ResourceNotFound")
    if (
        operation.status == "notStarted"
        and operation.due_at - now < request.app[CONFIG].operation_delay_s * 0.8
    ):
        operation.status = "running"
    return web.json_response(operation_json(request, operation))


def settle_due(state: TenantState, now: float) -> None:
    """Complete, in order of submission, every order whose delay has passed."""
    due = sorted(
        (
            op
            for op in state.operations.values()
            if op.status in {"notStarted", "running"} and op.due_at <= now
        ),
        key=lambda op: op.due_at,
    )
    for operation in due:
        number = state.numbers.get(operation.request["telephoneNumber"])
        status, detail = (assign_outcome if operation.kind == "assign" else unassign_outcome)(
            state, operation
        )
        if number is not None and number.activationState == "assignmentPending":
            number.activationState = "activated"
        operation.status = status
        resource = (
            f"https://graph.microsoft.com/v1.0/admin/teams/telephoneNumberManagement/numberAssignments('{number.id}')"
            if number
            else None
        )
        operation.numbers = [{"resourceLocation": resource, "status": status, "statusDetail": detail}]


def order_refused(req: dict[str, Any], number: NumberAssignment | None) -> tuple[str, str] | None:
    """The failures assign and unassign share: an injected fault, an unknown number, the wrong type."""
    if req.get("_injected_failure"):
        return "failed", "InternalServiceError: The number order could not be completed. Try again later."
    if number is None:
        return (
            "failed",
            f"TelephoneNumberNotFound: {req['telephoneNumber']} is not in the tenant's inventory.",
        )
    if number.numberType != req["numberType"]:
        return "failed", f"NumberTypeMismatch: {number.telephoneNumber} is a {number.numberType} number."
    return None


def assign_outcome(state: TenantState, operation: Operation) -> tuple[str, str | None]:
    req = operation.request
    number = state.numbers.get(req["telephoneNumber"])
    if (refused := order_refused(req, number)) is not None:
        return refused
    assert number is not None
    target = state.users.get(req["assignmentTargetId"])
    instance = state.teams.applicationInstances.get(req["assignmentTargetId"])
    if target is None or (instance is not None and instance.visibleAt > time.time()):
        # A resource account Teams has not synchronised yet is not a target either (voice-apps.md §3.5).
        return "failed", f"TargetNotFound: no user or resource account with id {req['assignmentTargetId']}."
    needed = "voiceApplicationAssignment" if target.accountType == "resourceAccount" else "userAssignment"
    if needed not in number.capabilities:
        return (
            "failed",
            f"CapabilityNotSupported: {number.telephoneNumber} cannot be assigned to a {target.accountType}.",
        )
    if number.assignmentStatus != "unassigned":
        if number.assignmentTargetId == target.id and number.assignmentCategory == req["assignmentCategory"]:
            return "succeeded", None
        return "failed", f"NumberAlreadyAssigned: {number.telephoneNumber} is assigned to another target."
    licence = SKU_TEAMS_PHONE_RESOURCE_ACCOUNT if target.accountType == "resourceAccount" else SKU_TEAMS_PHONE
    if not target.usageLocation:
        return "failed", f"UsageLocationNotSet: {target.userPrincipalName} has no usage location."
    if licence not in target.assignedSkuIds:
        return "failed", f"LicenseNotAssigned: {target.userPrincipalName} has no Teams Phone licence."
    if req["assignmentCategory"] == "primary" and any(
        n.assignmentTargetId == target.id and n.assignmentCategory == "primary"
        for n in state.numbers.values()
    ):
        return (
            "failed",
            f"PrimaryNumberAlreadyAssigned: {target.userPrincipalName} already has a primary number.",
        )
    location = req.get("locationId")
    if location and location not in {loc.locationId for loc in state.emergencyLocations}:
        return "failed", f"InvalidLocationId: the emergency location {location} does not exist."
    number.assignmentStatus = (
        "voiceApplicationAssigned" if target.accountType == "resourceAccount" else "userAssigned"
    )
    number.assignmentTargetId = target.id
    number.assignmentCategory = req["assignmentCategory"]
    if location:
        number.locationId = location
    return "succeeded", None


def unassign_outcome(state: TenantState, operation: Operation) -> tuple[str, str | None]:
    req = operation.request
    number = state.numbers.get(req["telephoneNumber"])
    if (refused := order_refused(req, number)) is not None:
        return refused
    assert number is not None
    if number.assignmentStatus == "unassigned":
        return "skipped", "NumberNotAssigned: nothing to unassign."
    number.assignmentStatus = "unassigned"
    number.assignmentTargetId = None
    number.assignmentCategory = None
    number.activationState = "activated"
    return "succeeded", None


def register(app: web.Application) -> None:
    app.router.add_get(f"{ROOT}/numberAssignments", list_numbers)
    app.router.add_post(f"{ROOT}/numberAssignments/{{action}}", action)
    app.router.add_get(f"{ROOT}/numberAssignments/{{key}}", get_number)
    app.router.add_get(f"{ROOT}/operations/{{key}}", get_operation)
    app.router.add_get(ROOT + "/operations{key:\\('[^']+'\\)}", get_operation)


__all__ = ["GraphHTTPError", "register", "settle_due"]
