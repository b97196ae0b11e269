"""The errors the MicrosoftTeams module raises, as the worker reports them (fqid, category, message, status).

Two families: parameter binding (PowerShell refuses the call before anything is sent; no HTTP status) and
service errors (the module's REST call failed; the status is the HTTP status it met).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

BINDING_EXCEPTION = "System.Management.Automation.ParameterBindingException"
SERVICE_EXCEPTION = "System.Exception"
# quirk: ConfigAPI cmdlets name their generated class in the error id, e.g.
# "InternalServerError,Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Cmdlets.SetCsCallQueue_SetExpanded"
# (office-docs-powershell issue #10449).
GENERATED = "Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Cmdlets"
CATEGORY_BY_STATUS = {
    400: "InvalidArgument",
    403: "PermissionDenied",
    404: "ObjectNotFound",
    409: "ResourceExists",
    429: "LimitsExceeded",
    500: "NotSpecified",
    503: "ResourceUnavailable",
    504: "OperationTimeout",
}
CODE_BY_STATUS = {
    400: "BadRequest",
    403: "Forbidden",
    404: "NotFound",
    409: "Conflict",
    429: "TooManyRequests",
    500: "InternalServerError",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}


@dataclass
class CmdletError(Exception):
    fqid: str
    category: str
    message: str
    exception: str = SERVICE_EXCEPTION
    status: int | None = None

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def as_json(self) -> dict[str, Any]:
        return {
            "fqid": self.fqid,
            "category": self.category,
            "message": self.message,
            "exception": self.exception,
            "status": self.status,
        }


def generated_class(cmdlet: str) -> str:
    """`Set-CsCallQueue` → `SetCsCallQueue_SetExpanded`; reads and removals have no `Expanded` variant."""
    verb, _, noun = cmdlet.partition("-")
    suffix = f"{verb}Expanded" if verb in {"New", "Set"} else verb
    return f"{verb}{noun}_{suffix}"


def service_error(cmdlet: str, status: int, message: str) -> CmdletError:
    """An error the service answered with `status`, shaped as the module surfaces it."""
    code = CODE_BY_STATUS.get(status, "BadRequest")
    return CmdletError(
        fqid=f"{code},{GENERATED}.{generated_class(cmdlet)}",
        category=CATEGORY_BY_STATUS.get(status, "NotSpecified"),
        message=message,
        status=status,
    )


def bad_request(cmdlet: str, message: str) -> CmdletError:
    return service_error(cmdlet, 400, message)


def not_found(cmdlet: str, message: str) -> CmdletError:
    return service_error(cmdlet, 404, message)


def conflict(cmdlet: str, message: str) -> CmdletError:
    return service_error(cmdlet, 409, message)


def binding_error(cmdlet: str, error_id: str, category: str, message: str) -> CmdletError:
    """PowerShell refused the call while binding parameters: nothing reached the service."""
    return CmdletError(
        fqid=f"{error_id},{cmdlet}",
        category=category,
        message=message,
        exception=BINDING_EXCEPTION,
        status=None,
    )


def local_error(cmdlet: str, message: str) -> CmdletError:
    """A builder cmdlet (no REST call) refused its arguments, e.g. a TransferCallToTarget without a target."""
    verb, _, noun = cmdlet.partition("-")
    return CmdletError(
        fqid=f"{verb}{noun},Microsoft.Rtc.Management.Hosted.OAA.Cmdlets.{verb}{noun}Cmdlet",
        category="InvalidArgument",
        message=message,
        exception="System.ArgumentException",
        status=None,
    )
