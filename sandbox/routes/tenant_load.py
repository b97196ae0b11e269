"""`POST /_sandbox/tenant`: load people, groups and numbers into a sandbox tenant, in Graph's own shapes
(a control route for drills: an admin's exported tenant is rebuilt in a private sandbox, then its voice
apps are applied through the product like any tenant's).

Body: {"users": [Graph user: id, userPrincipalName, displayName, department, city, usageLocation,
accountEnabled, assignedLicenses [{skuId}]], "groups": [{id, displayName, members: [user ids]}],
"numberAssignments": [Graph numberAssignment: telephoneNumber, numberType, capabilities, city,
assignmentTargetId, assignmentCategory], "subscribedSkus": [{skuId, prepaidUnits: {enabled}}] (seats of
a licence the tenant has), "domains": [{id, isDefault, isVerified}] (Graph's domain resource; the sandbox
holds one verified domain, the default)}. Answers 400 naming the first bad item, before changing anything;
a user or number already there is replaced (a drill re-loads the same export).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from sandbox.context import STATE
from sandbox.state import Group, NumberAssignment, TenantState, User

NUMBER_TYPES = frozenset({"directRouting", "callingPlan", "operatorConnect"})
CAPABILITIES = frozenset({"userAssignment", "voiceApplicationAssignment", "conferenceAssignment"})


class LoadError(ValueError):
    pass


def _text(item: dict[str, Any], key: str, where: str, *, required: bool = True) -> str | None:
    value = item.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value:
        raise LoadError(f"{where}.{key}: a non-empty string is required")
    return value


def _user(item: Any, where: str) -> User:
    if not isinstance(item, dict):
        raise LoadError(f"{where}: a Graph user object is required")
    upn = _text(item, "userPrincipalName", where)
    assert upn is not None
    licences = item.get("assignedLicenses") or []
    if not isinstance(licences, list) or not all(isinstance(x, dict) and x.get("skuId") for x in licences):
        raise LoadError(f"{where}.assignedLicenses: a list of {{skuId}} is required")
    return User(
        id=str(_text(item, "id", where)).lower(),
        userPrincipalName=upn,
        displayName=_text(item, "displayName", where, required=False) or upn.partition("@")[0],
        mail=upn,
        department=_text(item, "department", where, required=False),
        city=_text(item, "city", where, required=False),
        usageLocation=_text(item, "usageLocation", where, required=False),
        accountEnabled=item.get("accountEnabled") is not False,
        assignedSkuIds=[str(x["skuId"]) for x in licences],
    )


def _group(item: Any, where: str, users: set[str]) -> Group:
    if not isinstance(item, dict):
        raise LoadError(f"{where}: a group object is required")
    name = _text(item, "displayName", where)
    assert name is not None
    members = [str(m).lower() for m in item.get("members") or []]
    unknown = [m for m in members if m not in users]
    if unknown:
        raise LoadError(f"{where}.members: {unknown[0]} is not a user of this tenant")
    nickname = "".join(ch for ch in name if ch.isalnum()).lower() or "group"
    return Group(str(_text(item, "id", where)).lower(), name, nickname, memberIds=members)


def _number(item: Any, where: str, users: set[str]) -> NumberAssignment:
    if not isinstance(item, dict):
        raise LoadError(f"{where}: a numberAssignment object is required")
    number = _text(item, "telephoneNumber", where)
    assert number is not None
    if not number.startswith("+") or not number[1:].isdigit():
        raise LoadError(f"{where}.telephoneNumber: {number!r} is not E.164")
    kind = item.get("numberType", "operatorConnect")
    if kind not in NUMBER_TYPES:
        raise LoadError(f"{where}.numberType: {kind!r} is not one of {', '.join(sorted(NUMBER_TYPES))}")
    capabilities = item.get("capabilities") or ["userAssignment"]
    if not isinstance(capabilities, list) or not set(capabilities) <= CAPABILITIES:
        raise LoadError(f"{where}.capabilities: only {', '.join(sorted(CAPABILITIES))}")
    target = item.get("assignmentTargetId")
    if target is not None and str(target).lower() not in users:
        raise LoadError(f"{where}.assignmentTargetId: {target} is not a user of this tenant")
    return NumberAssignment(
        id=f"number-{number[1:]}",
        telephoneNumber=number,
        numberType=kind,
        capabilities=list(capabilities),
        operatorId=item.get("operatorId"),
        assignmentStatus="assigned" if target else "unassigned",
        assignmentTargetId=str(target).lower() if target else None,
        assignmentCategory=item.get("assignmentCategory") or ("primary" if target else None),
        city=item.get("city"),
    )


def _seats(state: TenantState, item: Any, where: str) -> tuple[str, int]:
    if not isinstance(item, dict):
        raise LoadError(f"{where}: a subscribedSku object is required")
    sku = str(_text(item, "skuId", where))
    if sku not in state.skus:
        raise LoadError(f"{where}.skuId: {sku} is not a licence of this tenant")
    enabled = (item.get("prepaidUnits") or {}).get("enabled")
    if not isinstance(enabled, int) or isinstance(enabled, bool) or enabled < 0:
        raise LoadError(f"{where}.prepaidUnits.enabled: a whole number of seats is required")
    return sku, enabled


def _domain(body: dict[str, Any]) -> str | None:
    domains = body.get("domains") or []
    if not isinstance(domains, list) or not all(isinstance(d, dict) for d in domains):
        raise LoadError("domains: a list of Graph domain objects is required")
    default = [d for d in domains if d.get("isDefault") and d.get("isVerified")]
    if domains and len(default) != 1:
        raise LoadError("domains: exactly one verified default domain is required")
    return str(_text(default[0], "id", "domains[default]")).lower() if default else None


def load(state: TenantState, body: Any) -> dict[str, int]:
    """Check everything, then change the tenant (nothing half-loaded)."""
    if not isinstance(body, dict):
        raise LoadError("the body must be a JSON object with users, groups and numberAssignments")
    users = [_user(u, f"users[{i}]") for i, u in enumerate(body.get("users") or [])]
    known = set(state.users) | {u.id for u in users}
    groups = [_group(g, f"groups[{i}]", known) for i, g in enumerate(body.get("groups") or [])]
    numbers = [
        _number(n, f"numberAssignments[{i}]", known)
        for i, n in enumerate(body.get("numberAssignments") or [])
    ]
    domain = _domain(body)
    seats = [_seats(state, s, f"subscribedSkus[{i}]") for i, s in enumerate(body.get("subscribedSkus") or [])]
    if domain is not None:
        state.defaultDomain = domain
    for sku, enabled in seats:
        state.skus[sku].enabledUnits = enabled
    for user in users:
        state.users[user.id] = user
    for group in groups:
        state.groups[group.id] = group
    for number in numbers:
        state.numbers[number.telephoneNumber] = number
    return {"users": len(users), "groups": len(groups), "numberAssignments": len(numbers)}


async def load_tenant(request: web.Request) -> web.Response:
    try:
        body = await request.json()
    except ValueError:
        return web.json_response({"error": "the body is not JSON"}, status=400)
    try:
        loaded = load(request.app[STATE], body)
    except LoadError as exc:
        return web.json_response({"error": str(exc)}, status=400)
    return web.json_response(loaded)


def register(app: web.Application) -> None:
    app.router.add_post("/_sandbox/tenant", load_tenant)
