"""Application permissions of the sandbox's app registration, and Graph's 403 when one is missing.

By default the sandbox app holds exactly the permissions docs/deploy.md tells an admin to grant;
`--deny-permission NAME` or `POST /_sandbox/permissions {"deny": [NAME, ...]}` takes some away, so
drills and `switchboard doctor` can meet "Insufficient privileges to complete the operation."
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aiohttp import web

from sandbox.errors import GraphHTTPError

# What deploy.md grants (least privilege for what Switchboard calls).
GRANTED = frozenset(
    {
        "TeamsTelephoneNumber.ReadWrite.All",
        "User.ReadWrite.All",
        "LicenseAssignment.ReadWrite.All",
        "Organization.Read.All",
        "GroupMember.Read.All",
        "TeamsUserConfiguration.Read.All",
        "CallRecord-PstnCalls.Read.All",
        "Reports.Read.All",
    }
)
_DIRECTORY_READ = ("Directory.Read.All", "Directory.ReadWrite.All")
# (methods, path pattern, any of these permissions), first match wins; from each API's permission table.
_RULES: tuple[tuple[frozenset[str], re.Pattern[str], frozenset[str]], ...] = tuple(
    (frozenset(methods.split()), re.compile(pattern), frozenset(names))
    for methods, pattern, names in (
        ("GET", r"^/v1\.0/admin/teams/telephoneNumberManagement/", ("TeamsTelephoneNumber.Read.All", "TeamsTelephoneNumber.ReadWrite.All")),
        ("POST", r"^/v1\.0/admin/teams/telephoneNumberManagement/", ("TeamsTelephoneNumber.ReadWrite.All",)),
        ("GET", r"^/v1\.0/admin/teams/userConfigurations", ("TeamsUserConfiguration.Read.All",)),
        ("POST", r"^/v1\.0/users/[^/]+/(microsoft\.graph\.)?assignLicense$", ("LicenseAssignment.ReadWrite.All", "User.ReadWrite.All", "Directory.ReadWrite.All")),
        ("PATCH", r"^/v1\.0/users/", ("User.ReadWrite.All", "Directory.ReadWrite.All")),
        ("GET", r"^/v1\.0/users", ("User.Read.All", "User.ReadWrite.All", *_DIRECTORY_READ)),
        ("GET", r"^/v1\.0/subscribedSkus", ("Organization.Read.All", "Organization.ReadWrite.All", *_DIRECTORY_READ)),
        ("GET", r"^/v1\.0/groups", ("GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", *_DIRECTORY_READ)),
        ("GET", r"^/v1\.0/communications/callRecords/(microsoft\.graph\.callRecords\.)?get(Pstn|DirectRouting)Calls", ("CallRecord-PstnCalls.Read.All", "CallRecords.Read.All")),
        ("GET", r"^/v1\.0/reports/", ("Reports.Read.All",)),
    )
)  # fmt: skip
KNOWN = frozenset(name for *_, names in _RULES for name in names)


@dataclass(frozen=True)
class Permissions:
    denied: frozenset[str] = frozenset()

    @property
    def granted(self) -> frozenset[str]:
        return GRANTED - self.denied

    def allows(self, method: str, path: str) -> bool:
        for methods, pattern, accepted in _RULES:
            if method in methods and pattern.match(path):
                return bool(accepted & self.granted)
        return True  # a route with no documented permission in this table is not gated


def check_names(names: frozenset[str]) -> frozenset[str]:
    """ValueError naming the first unknown permission (a typo would otherwise deny nothing)."""
    for name in sorted(names):
        if name not in KNOWN:
            raise ValueError(
                f"permission {name!r} is not one Switchboard's Graph calls use (one of {', '.join(sorted(GRANTED))})"
            )
    return names


PERMISSIONS: web.AppKey[Permissions] = web.AppKey("permissions")


def permission_denial(request: web.Request) -> GraphHTTPError | None:
    """Graph's answer when the app's token lacks every permission that would allow this call."""
    if request.app[PERMISSIONS].allows(request.method, request.path):
        return None
    return GraphHTTPError(
        403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."
    )


async def show(request: web.Request) -> web.Response:
    perms = request.app[PERMISSIONS]
    return web.json_response({"granted": sorted(perms.granted), "denied": sorted(perms.denied)})


async def set_denied(request: web.Request) -> web.Response:
    """Body: {"deny": ["User.ReadWrite.All"]} — replaces the denied set ([] grants everything again)."""
    body = await request.json()
    names = body.get("deny", []) if isinstance(body, dict) else None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return web.json_response({"error": 'body must be {"deny": [permission names]}'}, status=400)
    try:
        request.app[PERMISSIONS] = Permissions(check_names(frozenset(names)))
    except ValueError as exc:
        return web.json_response({"error": str(exc)}, status=400)
    return await show(request)


def install(app: web.Application, denied: frozenset[str]) -> None:
    app[PERMISSIONS] = Permissions(check_names(denied))
    app.router.add_get("/_sandbox/permissions", show)
    app.router.add_post("/_sandbox/permissions", set_denied)
