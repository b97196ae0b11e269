"""Entra groups: `groups` (filter by displayName), `groups/{id}` and `groups/{id}/members` (users)."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from sandbox.context import state_of
from sandbox.odata import context_url, filtered, paginate
from sandbox.routes.directory import directory_not_found, user_json
from sandbox.state import Group, TenantState, User


def group_json(group: Group) -> dict[str, Any]:
    return {
        "id": group.id,
        "displayName": group.displayName,
        "description": group.description,
        "mailNickname": group.mailNickname,
        "mailEnabled": group.mailEnabled,
        "securityEnabled": group.securityEnabled,
        "groupTypes": list(group.groupTypes),
    }


def find_group(state: TenantState, key: str) -> Group:
    group = state.groups.get(key)
    if group is None:
        raise directory_not_found(key)
    return group


async def list_groups(request: web.Request) -> web.Response:
    groups = sorted(state_of(request).groups.values(), key=lambda g: g.displayName.lower())
    matching = filtered(
        groups, request, frozenset({"id", "displayName", "mailNickname", "securityEnabled"}), group_json
    )
    return web.json_response(
        paginate(
            request,
            matching,
            default_top=100,
            max_top=999,
            to_json=group_json,
            context="groups",
            skiptoken=True,
        )
    )


async def get_group(request: web.Request) -> web.Response:
    group = find_group(state_of(request), request.match_info["key"])
    return web.json_response({"@odata.context": context_url(request, "groups/$entity"), **group_json(group)})


async def group_members(request: web.Request) -> web.Response:
    state = state_of(request)
    group = find_group(state, request.match_info["key"])
    members = [state.users[m] for m in group.memberIds if m in state.users]
    select = request.query.get("$select")

    def member_json(user: User) -> dict[str, Any]:
        return {"@odata.type": "#microsoft.graph.user", **user_json(user, select)}

    return web.json_response(
        paginate(
            request,
            members,
            default_top=100,
            max_top=999,
            to_json=member_json,
            context="directoryObjects",
            skiptoken=True,
        )
    )


def register(app: web.Application) -> None:
    app.router.add_get("/v1.0/groups", list_groups)
    app.router.add_get("/v1.0/groups/{key}", get_group)
    app.router.add_get("/v1.0/groups/{key}/members", group_members)
