"""The Teams admin error tree, and the translation of a worker's error record into it.

Callers branch on the class, never on message text; translation reads the error record's
FullyQualifiedErrorId, category and HTTP status (docs/teams-admin-protocol.md), not its message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph.errors import GraphError


class TeamsAdminError(GraphError):
    """A cmdlet failed. `code` is the FullyQualifiedErrorId; `cmdlet`/`step` say which call (1-based)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        category: str | None = None,
        cmdlet: str | None = None,
        step: int | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.category = category
        self.cmdlet = cmdlet
        self.step = step

    def __str__(self) -> str:
        where = f"{self.cmdlet}: " if self.cmdlet else ""
        return where + super().__str__()


class NotFound(TeamsAdminError):
    """No such AA, CQ, schedule, resource account or user."""


class AlreadyExists(TeamsAdminError):
    """The object (or the association, or the number assignment) already exists."""


class Validation(TeamsAdminError):
    """The call is wrong: refused by our contract check or by the service. Repeating it cannot help."""


class AccessDenied(TeamsAdminError):
    """Sign-in failed, or the app lacks the Entra role the cmdlet needs."""


class Throttled(TeamsAdminError):
    """The service said "too many requests": the call was not processed."""


class Transient(TeamsAdminError):
    """A service or connection failure for which a read may simply be repeated."""


class UnknownOutcome(TeamsAdminError):
    """The worker died, hung or lost the answer (or a write met a 5xx): re-read state before re-sending."""


class WorkerUnavailable(TeamsAdminError):
    """No worker could be started (bad command, failed sign-in, no ready line before the deadline)."""


_THROTTLED_IDS = {"TooManyRequests", "Throttled", "ThrottlingException"}
_NOT_FOUND_IDS = {"NotFound", "ObjectNotFound", "ResourceNotFound", "ItemNotFound"}
_EXISTS_IDS = {"Conflict", "AlreadyExists", "ResourceExists", "DuplicateName"}
_VALIDATION_IDS = {
    "BadRequest",
    "ParameterArgumentValidationError",
    "ParameterArgumentTransformationError",
    "ParameterBindingFailed",
    "NamedParameterNotFound",
    "MissingMandatoryParameter",
    "AmbiguousParameterSet",
    "CannotConvertArgumentNoMessage",
    "UnprocessableEntity",
}
_DENIED_IDS = {"Forbidden", "Unauthorized", "AccessDenied"}
_TRANSIENT_IDS = {
    "InternalServerError",
    "ServiceUnavailable",
    "BadGateway",
    "GatewayTimeout",
    "RequestTimeout",
}

_BY_CATEGORY: dict[str, type[TeamsAdminError]] = {
    "LimitsExceeded": Throttled,
    "QuotaExceeded": Throttled,
    "ObjectNotFound": NotFound,
    "ResourceExists": AlreadyExists,
    "InvalidArgument": Validation,
    "InvalidData": Validation,
    "InvalidType": Validation,
    "SyntaxError": Validation,
    "PermissionDenied": AccessDenied,
    "AuthenticationError": AccessDenied,
    "SecurityError": AccessDenied,
    "ConnectionError": Transient,
    "OperationTimeout": Transient,
    "ResourceUnavailable": Transient,
    "ResourceBusy": Transient,
}


def _by_status(status: int) -> type[TeamsAdminError] | None:
    if status == 429:
        return Throttled
    if status == 404:
        return NotFound
    if status == 409:
        return AlreadyExists
    if status in (400, 422):
        return Validation
    if status in (401, 403):
        return AccessDenied
    if status == 408 or status >= 500:
        return Transient
    return None


def _by_error_id(fqid: str) -> type[TeamsAdminError] | None:
    # quirk: the id before the first comma is the error's own id; the rest names the cmdlet class.
    error_id = fqid.split(",", 1)[0].strip()
    for ids, kind in (
        (_THROTTLED_IDS, Throttled),
        (_NOT_FOUND_IDS, NotFound),
        (_EXISTS_IDS, AlreadyExists),
        (_VALIDATION_IDS, Validation),
        (_DENIED_IDS, AccessDenied),
        (_TRANSIENT_IDS, Transient),
    ):
        if error_id in ids:
            return kind
    return None


def classify(error: Mapping[str, Any]) -> type[TeamsAdminError]:
    """Status first (the service's own word), then the error id, then the PowerShell category."""
    status = error.get("status")
    kind = _by_status(status) if isinstance(status, int) else None
    kind = kind or _by_error_id(str(error.get("fqid") or ""))
    kind = kind or _BY_CATEGORY.get(str(error.get("category") or ""))
    return kind or TeamsAdminError


def translate(
    error: Mapping[str, Any], *, cmdlet: str | None = None, step: int | None = None
) -> TeamsAdminError:
    """A protocol error object as one of our exceptions (message kept for people, never branched on)."""
    status = error.get("status")
    return classify(error)(
        str(error.get("message") or "the cmdlet failed"),
        status=status if isinstance(status, int) else None,
        code=str(error.get("fqid")) if error.get("fqid") else None,
        category=str(error.get("category")) if error.get("category") else None,
        cmdlet=cmdlet,
        step=step,
    )
