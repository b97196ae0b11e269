"""graph/'s error tree. Foreign exceptions (ODataError, httpx, azure-identity) are translated here.

Callers branch on the class and on ``code`` (Graph's OData error code), never on message text.
``request_id`` is what Microsoft support asks for, so every error carries it when Graph sent one.
"""

from __future__ import annotations


class GraphError(Exception):
    """Anything that went wrong talking to Microsoft Graph (or the sandbox)."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        request_id: str | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.request_id = request_id
        self.retry_after = retry_after

    def __str__(self) -> str:
        parts = [self.message]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.code:
            parts.append(f"code {self.code}")
        if self.request_id:
            parts.append(f"request-id {self.request_id}")
        return " · ".join(parts)


class AuthenticationError(GraphError):
    """No token could be had, or Graph answered 401."""


class PermissionDenied(GraphError):
    """403: the app lacks a permission or an admin role."""


class NotFound(GraphError):
    """404: no such user, number, group or operation."""


class BadRequest(GraphError):
    """400/406/409/422: Graph rejected what we sent; retrying the same request cannot help."""


class Throttled(GraphError):
    """429 that outlived our retries; ``retry_after`` says how long Graph asked us to wait."""


class ServiceUnavailable(GraphError):
    """5xx or timeout that outlived our retries. For a write, the outcome is unknown: re-read state."""


class OperationFailed(GraphError):
    """A number order (assign/unassign) reached ``failed``; ``code`` carries the service's reason."""


class OperationTimeout(GraphError):
    """A number order did not reach a terminal status before our deadline."""
