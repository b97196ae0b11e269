"""The cheapest read behind each Graph application permission, and the roles an app token carries.

Used by `switchboard doctor`: each probe asks for one row ($top=1), a one-hour call-log window or one
report day, so checking a tenant of any size costs a handful of requests.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from graph.client import Transport
from graph.config import GraphConfig
from graph.credentials import build_credential
from graph.translate import from_exception

GRAPH_SCOPE = "https://graph.microsoft.com/.default"


class Probes:
    def __init__(self, transport: Transport) -> None:
        self._t = transport

    async def _get(self, path: str) -> Any:
        # Any builder of the client works: with_url replaces its whole URL (as callrecords.py does).
        return await self._t.get_json(self._t.client.users.with_url(f"{self._t.base_url}/{path}"))

    async def numbers(self) -> None:
        await self._get("admin/teams/telephoneNumberManagement/numberAssignments?$top=1")

    async def users(self) -> None:
        await self._get("users?$top=1&$select=id")

    async def user_configurations(self) -> None:
        await self._get("admin/teams/userConfigurations?$top=1")

    async def groups(self) -> None:
        await self._get("groups?$top=1&$select=id")

    async def pstn_calls(self, now: dt.datetime) -> None:
        end = now.astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
        start = end - dt.timedelta(hours=1)
        a, b = (f"{t:%Y-%m-%dT%H:%M:%SZ}" for t in (start, end))
        # quirk: the comma between the two parameters must be sent (the SDK drops it; graph.md §0.1).
        await self._get(f"communications/callRecords/getPstnCalls(fromDateTime={a},toDateTime={b})")


def roles_of(token: str) -> frozenset[str] | None:
    """The `roles` claim of an app-only JWT (the application permissions granted), None if not a JWT.

    The signature is not checked: the token came straight from Entra ID to us, and we only read what it
    says we were granted; nothing is authorised on the strength of it.
    """
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, json.JSONDecodeError):
        return None
    roles = payload.get("roles") if isinstance(payload, dict) else None
    return frozenset(str(r) for r in roles) if isinstance(roles, list) else frozenset()


async def token_roles(config: GraphConfig) -> frozenset[str] | None:
    """Roles granted to the app, from a fresh token; None when the token is not a JWT (the sandbox)."""
    credential = build_credential(config)
    try:
        token = await credential.get_token(GRAPH_SCOPE)
    except Exception as exc:  # azure-identity's errors become graph/'s AuthenticationError
        raise from_exception(exc) from exc
    finally:
        await credential.close()
    return roles_of(token.token)
