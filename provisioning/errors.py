"""provisioning/'s error tree. Use cases raise these; graph/ and store/ failures are translated at the
use-case boundary (`raise ServiceFailed(...) from exc`). People see `message` and `correlation_id`; the
chained cause goes to the log under the same id."""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Coroutine, Sequence
from typing import Any, ParamSpec, TypeVar

from graph import GraphError, NotFound

P = ParamSpec("P")
R = TypeVar("R")


class ProvisioningError(Exception):
    def __init__(self, message: str, *, correlation_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.correlation_id = correlation_id or uuid.uuid4().hex[:12]


class InvalidInput(ProvisioningError):
    """What the admin gave cannot be used (a bad option, spreadsheet or file); nothing was applied."""


class InvalidRows(InvalidInput):
    """Spreadsheet rows that failed validation; `errors` are `file:line: field: message` lines."""

    def __init__(self, message: str, errors: Sequence[str]) -> None:
        super().__init__(message)
        self.errors = list(errors)


class StalePlan(ProvisioningError):
    """A saved plan was made from a tenant (or file) that has changed since; it is never applied."""


class PlanBlocked(ProvisioningError):
    """The plan has problems (unknown people, no free numbers…); nothing is applied until they are fixed."""


class PoolContended(PlanBlocked):
    """A pool ran dry only because another plan holds reservations on its numbers (not exhausted)."""


class Declined(ProvisioningError):
    """The person reviewing the plan said no; nothing was applied."""


class ServiceFailed(ProvisioningError):
    """Microsoft Graph failed; `request_id` is what Microsoft support asks for."""

    def __init__(self, message: str, *, request_id: str | None = None) -> None:
        super().__init__(message)
        self.request_id = request_id


class Missing(ProvisioningError):
    """Graph has no such user, number or group (404): a wrong name, not a service failure."""


def graph_failures(method: Callable[P, Coroutine[Any, Any, R]]) -> Callable[P, Coroutine[Any, Any, R]]:
    """Translate graph/'s errors at a use case's boundary, keeping the cause chained for the log."""

    @functools.wraps(method)
    async def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except NotFound as exc:
            raise Missing(str(exc)) from exc
        except GraphError as exc:
            raise ServiceFailed(str(exc), request_id=exc.request_id) from exc

    return wrapper


class Unsupported(ProvisioningError):
    """What was asked cannot be done through the admin surfaces we have (the message says what can)."""


class AlreadyActive(ProvisioningError):
    """The emergency mode is already being activated, is active, or is being restored (by whom, since when)."""


class ModeConflict(ProvisioningError):
    """Another emergency mode already holds one of this mode's lines; nothing was changed."""


class NotActive(Missing):
    """`emergency restore` for a mode that is not active (nothing to restore)."""
