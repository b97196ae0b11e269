"""Running one worker request (docs/teams-admin-protocol.md): steps in order, references resolved, each
call bound against the contract and then run by its cmdlet; the first failing step stops the request.

Faults (group `teams`) are decided here, per request: an error status at the first call that reaches the
service, `die` (the worker exits before running anything), `lost` (it runs everything, then exits without
answering) or `hang` (it never answers).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.state import TenantState
from sandbox.teams import accounts, attendants, builders, misc, numbers, queues, schedules
from sandbox.teams.binding import bind
from sandbox.teams.context import Ctx
from sandbox.teams.errors import CmdletError, service_error

Handler = Callable[[Ctx, dict[str, Any]], Any]
LOCAL: dict[str, Callable[[dict[str, Any]], Any]] = {
    "New-CsAutoAttendantPrompt": builders.new_prompt,
    "New-CsAutoAttendantCallableEntity": builders.new_callable_entity,
    "New-CsAutoAttendantMenuOption": builders.new_menu_option,
    "New-CsAutoAttendantMenu": builders.new_menu,
    "New-CsAutoAttendantCallFlow": builders.new_call_flow,
    "New-CsAutoAttendantCallHandlingAssociation": builders.new_call_handling_association,
    "New-CsAutoAttendantDialScope": builders.new_dial_scope,
    "New-CsOnlineTimeRange": builders.new_time_range,
    "New-CsOnlineDateTimeRange": builders.new_date_time_range,
}
SERVICE: dict[str, Handler] = {
    "New-CsCallQueue": queues.new_queue,
    "Set-CsCallQueue": queues.set_queue,
    "Get-CsCallQueue": queues.get_queue,
    "Remove-CsCallQueue": queues.remove_queue,
    "New-CsAutoAttendant": attendants.new_attendant,
    "Set-CsAutoAttendant": attendants.set_attendant,
    "Get-CsAutoAttendant": attendants.get_attendant,
    "Remove-CsAutoAttendant": attendants.remove_attendant,
    "New-CsOnlineSchedule": schedules.new_schedule,
    "Set-CsOnlineSchedule": schedules.set_schedule,
    "Get-CsOnlineSchedule": schedules.get_schedule,
    "Remove-CsOnlineSchedule": schedules.remove_schedule,
    "New-CsOnlineApplicationInstance": accounts.new_instance,
    "Get-CsOnlineApplicationInstance": accounts.get_instance,
    "Find-CsOnlineApplicationInstance": accounts.find_instance,
    "New-CsOnlineApplicationInstanceAssociation": accounts.new_association,
    "Remove-CsOnlineApplicationInstanceAssociation": accounts.remove_association,
    "Get-CsOnlineApplicationInstanceAssociation": accounts.get_association,
    "Get-CsOnlineUser": accounts.get_online_user,
    "Set-CsPhoneNumberAssignment": numbers.set_assignment,
    "Remove-CsPhoneNumberAssignment": numbers.remove_assignment,
    "Get-CsPhoneNumberAssignment": numbers.get_assignment,
    "Import-CsOnlineAudioFile": misc.import_audio,
    "Get-CsAutoAttendantSupportedLanguage": misc.supported_languages,
    "Get-CsAutoAttendantSupportedTimeZone": misc.supported_time_zones,
    "Get-CsOnlineLisLocation": misc.lis_locations,
    "Get-CsOnlineLisCivicAddress": misc.lis_locations,
    "Get-CsUserCallingSettings": misc.get_calling_settings,
    "Set-CsUserCallingSettings": misc.set_calling_settings,
    "Connect-MicrosoftTeams": misc.connect,
}
SUPPORTED = frozenset(LOCAL) | frozenset(SERVICE)
ERROR_FAULTS = {"429": 429, "500": 500, "503": 503, "504": 504}


@dataclass
class Outcome:
    """What the stand-in must do: write `response`, or exit (`die`) or never answer (`hang`)."""

    response: dict[str, Any] | None
    action: str | None = None
    applied: bool = False


def is_write(cmdlet: str) -> bool:
    return cmdlet.split("-", 1)[0] in {"New", "Set", "Remove", "Import"} and cmdlet in SERVICE


def _resolve(value: Any, named: dict[str, Any]) -> Any:
    if isinstance(value, dict) and "$ref" in value:
        name = value["$ref"]
        if name not in named:
            raise CmdletError(
                fqid="ReferenceNotFound,worker.ps1",
                category="InvalidArgument",
                message=f"No earlier step saved a result as '{name}'.",
                exception="System.ArgumentException",
            )
        result = named[name]
        prop = value.get("property")
        if prop is None:
            return copy.deepcopy(result)
        if isinstance(result, list):  # PowerShell member enumeration
            return [item.get(prop) if isinstance(item, dict) else None for item in result]
        return copy.deepcopy(result.get(prop)) if isinstance(result, dict) else None
    if isinstance(value, list):
        return [_resolve(v, named) for v in value]
    if isinstance(value, dict):
        return {k: _resolve(v, named) for k, v in value.items()}
    return value


def _invalid(request_id: Any, message: str) -> dict[str, Any]:
    error = CmdletError("InvalidRequest,worker.ps1", "InvalidArgument", message, "System.ArgumentException")
    return {"id": request_id, "ok": False, "step": None, "results": [], "error": error.as_json()}


def run(tenant: TenantState, request: Any, *, now: float, delay: float, fault: str | None = None) -> Outcome:
    """Run one protocol request against the tenant and say what the worker would do."""
    if not isinstance(request, dict) or not isinstance(request.get("steps"), list):
        return Outcome(
            _invalid(request.get("id") if isinstance(request, dict) else None, "A request needs steps.")
        )
    if fault in {"die", "hang"}:
        return Outcome(None, action=fault)
    ctx = Ctx(tenant, now, delay)
    results: list[Any] = []
    named: dict[str, Any] = {}
    applied = False
    for index, step in enumerate(request["steps"], start=1):
        try:
            if not isinstance(step, dict) or not isinstance(step.get("cmdlet"), str):
                raise CmdletError("InvalidRequest,worker.ps1", "InvalidArgument", "A step needs a cmdlet.")
            params = _resolve(step.get("params") or {}, named)
            if not isinstance(params, dict):
                raise CmdletError("InvalidRequest,worker.ps1", "InvalidArgument", "params must be an object.")
            output, wrote = _call(ctx, step["cmdlet"], params, fault)
            applied = applied or wrote
        except _Injected as injected:
            return _failed(request, index, results, injected.error, applied or injected.applied)
        except CmdletError as error:
            if fault == "lost":
                return Outcome(None, action="die", applied=applied)
            return _failed(request, index, results, error, applied)
        results.append(output)
        if step.get("as"):
            named[str(step["as"])] = output
    response = {"id": request.get("id"), "ok": True, "results": results}
    if fault == "lost":
        return Outcome(None, action="die", applied=applied)
    return Outcome(response, applied=applied)


class _Injected(Exception):
    def __init__(self, error: CmdletError, applied: bool) -> None:
        super().__init__(error.message)
        self.error, self.applied = error, applied


def _call(ctx: Ctx, cmdlet_name: str, params: dict[str, Any], fault: str | None) -> tuple[Any, bool]:
    bound = bind(cmdlet_name, params)
    cmdlet = next(name for name in SUPPORTED if name.lower() == cmdlet_name.lower())
    if cmdlet in LOCAL:
        return LOCAL[cmdlet](bound), False
    status = ERROR_FAULTS.get(fault or "")
    if status is not None and status != 504:
        raise _Injected(_fault_error(cmdlet, status), applied=False)
    output = _pipeline(copy.deepcopy(SERVICE[cmdlet](ctx, bound)))
    if status == 504:
        # quirk: a gateway timeout does not mean the write was not done (same as Graph's 504s).
        raise _Injected(_fault_error(cmdlet, 504), applied=is_write(cmdlet))
    return output, is_write(cmdlet)


def _pipeline(output: Any) -> Any:
    """What `$out = & $cmdlet @params` holds: nothing is $null, one object is itself, more are an array."""
    if isinstance(output, list):
        if not output:
            return None
        if len(output) == 1:
            return output[0]
    return output


def _fault_error(cmdlet: str, status: int) -> CmdletError:
    messages = {
        429: "Too many requests. The request was throttled; retry after 1 seconds.",
        500: "Something went wrong. Please try again after sometime.",
        503: "The service is temporarily unavailable. Please try again later.",
        504: "The gateway did not receive a response from the service in time.",
    }
    return service_error(cmdlet, status, messages[status])


def _failed(
    request: dict[str, Any], step: int, results: list[Any], error: CmdletError, applied: bool
) -> Outcome:
    body = {"id": request.get("id"), "ok": False, "step": step, "results": results, "error": error.as_json()}
    return Outcome(body, applied=applied)
