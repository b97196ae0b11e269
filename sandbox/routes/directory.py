"""Entra users and licences: `users` (list, get by id or UPN, PATCH), `assignLicense`, `subscribedSkus`."""

from __future__ import annotations

import re
from typing import Any

from aiohttp import web

from sandbox.context import state_of
from sandbox.errors import GraphHTTPError, bad_request
from sandbox.odata import context_url, filtered, paginate
from sandbox.state import (
    SubscribedSku,
    TenantState,
    User,
)
from sandbox.wire import iso_utc

# Graph's default user property set when no $select is given.
DEFAULT_USER_PROPERTIES = (
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
)
USER_FILTERABLE = frozenset(
    {
        "id",
        "userPrincipalName",
        "displayName",
        "givenName",
        "surname",
        "mail",
        "department",
        "usageLocation",
        "accountEnabled",
        "city",
        "jobTitle",
        "officeLocation",
        "userType",
        "assignedLicenses",
        "country",
        "state",
    }
)
PATCHABLE = frozenset(
    {
        "usageLocation",
        "department",
        "officeLocation",
        "jobTitle",
        "city",
        "displayName",
        "givenName",
        "surname",
        "state",
        "country",
        "accountEnabled",
    }
)
_COUNTRY = re.compile(r"^[A-Z]{2}$")
_ADVANCED = re.compile(r"\bne\b|\bnot\b|endswith\(", re.IGNORECASE)


def full_user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "businessPhones": [],
        "displayName": user.displayName,
        "givenName": user.givenName,
        "jobTitle": user.jobTitle,
        "mail": user.mail,
        "mobilePhone": None,
        "officeLocation": user.officeLocation,
        "preferredLanguage": "en-US",
        "surname": user.surname,
        "userPrincipalName": user.userPrincipalName,
        "department": user.department,
        "usageLocation": user.usageLocation,
        "city": user.city,
        "state": user.state,
        "country": user.country,
        "accountEnabled": user.accountEnabled,
        "userType": user.userType,
        "createdDateTime": iso_utc(user.createdDateTime),
        "assignedLicenses": [{"disabledPlans": [], "skuId": sku} for sku in user.assignedSkuIds],
    }


def user_json(user: User, select: str | None) -> dict[str, Any]:
    full = full_user_json(user)
    if select:
        return full  # the pager applies $select
    return {key: full[key] for key in DEFAULT_USER_PROPERTIES}


def directory_not_found(key: str) -> GraphHTTPError:
    return GraphHTTPError(
        404,
        "Request_ResourceNotFound",
        f"Resource '{key}' does not exist or one of its queried reference-property objects are not present.",
    )


def find_user(state: TenantState, key: str) -> User:
    user = state.users.get(key) or state.user_by_upn(key)
    if user is None:
        raise directory_not_found(key)
    return user


async def list_users(request: web.Request) -> web.Response:
    state = state_of(request)
    expr = request.query.get("$filter", "")
    advanced = request.headers.get("ConsistencyLevel", "").lower() == "eventual"
    if (_ADVANCED.search(expr) or request.query.get("$count") == "true") and not advanced:
        # quirk: advanced query capabilities need ConsistencyLevel: eventual and $count=true.
        raise bad_request("Unsupported query.", code="Request_UnsupportedQuery")
    users = sorted(state.users.values(), key=lambda u: u.userPrincipalName.lower())
    matching = filtered(users, request, USER_FILTERABLE, full_user_json)
    select = request.query.get("$select")
    body = paginate(
        request,
        matching,
        default_top=100,
        max_top=999,
        to_json=lambda u: user_json(u, select),
        context="users",
        skiptoken=True,
        count=request.query.get("$count") == "true",
    )
    return web.json_response(body)


async def get_user(request: web.Request) -> web.Response:
    user = find_user(state_of(request), request.match_info["key"])
    select = request.query.get("$select")
    body = user_json(user, select)
    if select:
        body = {name.strip(): body.get(name.strip()) for name in select.split(",")}
    return web.json_response({"@odata.context": context_url(request, "users/$entity"), **body})


async def patch_user(request: web.Request) -> web.Response:
    state = state_of(request)
    user = find_user(state, request.match_info["key"])
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("Invalid JSON in the request body.") from None
    if not isinstance(body, dict):
        raise bad_request("The request body must be a JSON object.")
    for key, value in body.items():
        if key.startswith("@odata"):
            continue
        if key not in PATCHABLE:
            raise bad_request(
                f"Property '{key}' is read-only or does not exist on type 'microsoft.graph.user'.",
                code="Request_BadRequest",
            )
        if (
            key == "usageLocation"
            and value is not None
            and not (isinstance(value, str) and _COUNTRY.match(value))
        ):
            raise bad_request(
                "Invalid value specified for property 'usageLocation' of resource 'User'.",
                code="Request_BadRequest",
            )
    for key, value in body.items():
        if not key.startswith("@odata"):
            setattr(user, key, value)
    return web.Response(status=204)


def consumed(state: TenantState, sku_id: str) -> int:
    return sum(1 for user in state.users.values() if sku_id in user.assignedSkuIds)


async def assign_license(request: web.Request) -> web.Response:
    state = state_of(request)
    user = find_user(state, request.match_info["key"])
    try:
        body = await request.json()
    except ValueError:
        raise bad_request("Invalid JSON in the request body.") from None
    add, remove = body.get("addLicenses"), body.get("removeLicenses")
    if not isinstance(add, list) or not isinstance(remove, list):
        # quirk: both arrays are required, even when empty (graph.md §5.1).
        raise bad_request(
            "Invalid value specified for property 'addLicenses' or 'removeLicenses' of resource 'User'.",
            code="Request_BadRequest",
        )
    add_ids = []
    for item in add:
        sku_id = item.get("skuId") if isinstance(item, dict) else None
        if sku_id not in state.skus:
            raise bad_request(
                f"License {sku_id} does not correspond to a valid company License.", code="Request_BadRequest"
            )
        add_ids.append(str(sku_id))
    for sku_id in remove:
        if sku_id not in state.skus:
            raise bad_request(
                f"License {sku_id} does not correspond to a valid company License.", code="Request_BadRequest"
            )
    if add_ids and not user.usageLocation:
        raise bad_request(
            "License assignment cannot be done for user with invalid usage location.",
            code="Request_BadRequest",
        )
    for sku_id in add_ids:
        sku = state.skus[sku_id]
        if sku_id not in user.assignedSkuIds and consumed(state, sku_id) >= sku.enabledUnits:
            raise bad_request(
                f"Subscription with SKU {sku_id} does not have any available licenses.",
                code="Request_BadRequest",
            )
    user.assignedSkuIds = [s for s in user.assignedSkuIds if s not in remove]
    for sku_id in add_ids:
        if sku_id not in user.assignedSkuIds:
            user.assignedSkuIds.append(sku_id)
    return web.json_response(
        {"@odata.context": context_url(request, "users/$entity"), **user_json(user, None)}
    )


def sku_json(state: TenantState, sku: SubscribedSku) -> dict[str, Any]:
    return {
        "id": f"{state.tenantId}_{sku.skuId}",
        "accountId": state.tenantId,
        "accountName": state.displayName,
        "appliesTo": sku.appliesTo,
        "capabilityStatus": sku.capabilityStatus,
        "consumedUnits": consumed(state, sku.skuId),
        "prepaidUnits": {"enabled": sku.enabledUnits, "suspended": 0, "warning": 0, "lockedOut": 0},
        "servicePlans": [
            {
                "servicePlanId": p.servicePlanId,
                "servicePlanName": p.servicePlanName,
                "provisioningStatus": p.provisioningStatus,
                "appliesTo": p.appliesTo,
            }
            for p in sku.servicePlans
        ],
        "skuId": sku.skuId,
        "skuPartNumber": sku.skuPartNumber,
        "subscriptionIds": [],
    }


async def list_skus(request: web.Request) -> web.Response:
    state = state_of(request)
    return web.json_response(
        {
            "@odata.context": context_url(request, "subscribedSkus"),
            "value": [sku_json(state, sku) for sku in state.skus.values()],
        }
    )


def register(app: web.Application) -> None:
    app.router.add_get("/v1.0/users", list_users)
    app.router.add_get("/v1.0/users/{key}", get_user)
    app.router.add_patch("/v1.0/users/{key}", patch_user)
    app.router.add_post("/v1.0/users/{key}/assignLicense", assign_license)
    app.router.add_post("/v1.0/users/{key}/microsoft.graph.assignLicense", assign_license)
    app.router.add_get("/v1.0/subscribedSkus", list_skus)
