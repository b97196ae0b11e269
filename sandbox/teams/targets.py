"""Where a call can be sent: checking a callable entity (AA menus, operators) or a queue action target
against the tenant, and naming the kind of a bare target id as Get-CsCallQueue prints it.
"""

from __future__ import annotations

from typing import Any

from sandbox.teams.builders import GUID, TEL
from sandbox.teams.context import Ctx
from sandbox.teams.errors import bad_request


def check_entity(ctx: Ctx, cmdlet: str, entity: Any, where: str) -> None:
    """A CallableEntity must point at something that exists, of the type it claims."""
    if not isinstance(entity, dict) or "Id" not in entity or "Type" not in entity:
        raise bad_request(
            cmdlet, f"{where}: a callable entity (New-CsAutoAttendantCallableEntity) is required."
        )
    target, kind = str(entity["Id"]), str(entity["Type"])
    problem = None
    if kind == "User":
        user = ctx.user(target)
        if user is None or ctx.instance(user) is not None:
            problem = f"user {target} does not exist"
    elif kind == "ApplicationEndpoint":
        user = ctx.user(target)
        if user is None or ctx.instance(user) is None or not ctx.visible(user):
            problem = f"resource account {target} does not exist"
    elif kind == "ConfigurationEndpoint":
        if ctx.config_kind(target) is None:
            problem = f"auto attendant or call queue {target} does not exist"
    elif kind == "ExternalPstn":
        if not TEL.match(target):
            problem = f"{target} is not a tel: URI"
    elif kind == "SharedVoicemail":
        if not ctx.group_exists(target):
            problem = f"group {target} does not exist"
    else:
        problem = f"unknown callable entity type {kind}"
    if problem:
        raise bad_request(cmdlet, f"{where}: {problem}.")


def target_kind(ctx: Ctx, target: str) -> str | None:
    """The Type Get-CsCallQueue shows for an action target: User, ApplicationEndpoint,
    ConfigurationEndpoint, Phone or SharedVoicemail; None when the id points at nothing."""
    if TEL.match(target):
        return "Phone"
    if not GUID.match(target):
        return None
    if ctx.config_kind(target.lower()) is not None:
        return "ConfigurationEndpoint"
    user = ctx.user(target)
    if user is not None:
        return "ApplicationEndpoint" if ctx.instance(user) is not None else "User"
    if ctx.group_exists(target.lower()):
        return "SharedVoicemail"
    return None


def references(obj: Any, config_id: str) -> bool:
    """Whether a stored AA or CQ object sends calls to `config_id` anywhere (menus, operator, actions)."""
    if isinstance(obj, dict):
        if obj.get("Id") == config_id and obj.get("Type") == "ConfigurationEndpoint":
            return True
        return any(references(v, config_id) for k, v in obj.items() if k not in {"Id", "Identity"})
    if isinstance(obj, list):
        return any(references(v, config_id) for v in obj)
    return False
