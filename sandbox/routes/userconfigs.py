"""`admin/teams/userConfigurations`: the Teams view of each user, derived live from users, licences
and numbers (graph.md §2.1): account type, Enterprise Voice once a number is assigned, feature types."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from sandbox.context import state_of
from sandbox.errors import not_found
from sandbox.odata import context_url, filtered, paginate
from sandbox.routes.numbers import loop_time, settle_due
from sandbox.state import SKU_TEAMS_PHONE, SKU_TEAMS_PHONE_RESOURCE_ACCOUNT, TenantState, User
from sandbox.wire import iso_utc


def feature_types(user: User) -> list[str]:
    features = ["Teams"] if user.accountType == "user" else []
    if SKU_TEAMS_PHONE in user.assignedSkuIds:
        features.append("PhoneSystem")
    if SKU_TEAMS_PHONE_RESOURCE_ACCOUNT in user.assignedSkuIds:
        features.append("PhoneSystemVirtualUser")
    return features


def configuration_json(state: TenantState, user: User) -> dict[str, Any]:
    numbers = [n for n in state.numbers.values() if n.assignmentTargetId == user.id]
    created = user.createdDateTime or dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    return {
        "id": user.id,
        "userPrincipalName": user.userPrincipalName,
        "tenantId": state.tenantId,
        "accountType": user.accountType,
        "isEnterpriseVoiceEnabled": bool(numbers),
        "featureTypes": feature_types(user),
        "telephoneNumbers": [
            {"telephoneNumber": n.telephoneNumber, "assignmentCategory": n.assignmentCategory or "primary"}
            for n in sorted(numbers, key=lambda n: n.telephoneNumber)
        ],
        "effectivePolicyAssignments": [],
        "createdDateTime": iso_utc(created),
        "modifiedDateTime": iso_utc(created),
    }


async def list_configurations(request: web.Request) -> web.Response:
    state = state_of(request)
    settle_due(state, loop_time())
    users = sorted(state.users.values(), key=lambda u: u.userPrincipalName.lower())
    fields = frozenset(
        {
            "id",
            "userPrincipalName",
            "accountType",
            "isEnterpriseVoiceEnabled",
            "telephoneNumbers",
            "featureTypes",
        }
    )
    matching = filtered(users, request, fields, lambda u: configuration_json(state, u))
    return web.json_response(
        paginate(
            request,
            matching,
            default_top=100,
            max_top=999,
            to_json=lambda u: configuration_json(state, u),
            context="admin/teams/userConfigurations",
        )
    )


async def get_configuration(request: web.Request) -> web.Response:
    state = state_of(request)
    settle_due(state, loop_time())
    key = request.match_info["key"]
    user = state.users.get(key)
    if user is None:
        raise not_found(f"User '{key}' was not found.", code="NotFound")
    return web.json_response(
        {
            "@odata.context": context_url(request, "admin/teams/userConfigurations/$entity"),
            **configuration_json(state, user),
        }
    )


def register(app: web.Application) -> None:
    app.router.add_get("/v1.0/admin/teams/userConfigurations", list_configurations)
    app.router.add_get("/v1.0/admin/teams/userConfigurations/{key}", get_configuration)
