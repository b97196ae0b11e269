"""Graph's error contract: raise GraphHTTPError anywhere, the middleware renders the OData body.

Body shape (graph.md §7.1): {"error": {"code", "message", "innerError": {"date", "request-id",
"client-request-id"}}}; status codes and codes are the service's, so clients can branch on `code`.
"""

from __future__ import annotations


class GraphHTTPError(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        retry_after: int | None = None,
        inner_code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.retry_after = retry_after
        self.inner_code = inner_code


def bad_request(message: str, code: str = "BadRequest") -> GraphHTTPError:
    return GraphHTTPError(400, code, message)


def not_found(message: str, code: str = "NotFound") -> GraphHTTPError:
    return GraphHTTPError(404, code, message)


def unknown_segment(segment: str) -> GraphHTTPError:
    # quirk: Graph answers an unknown path segment with 400, not 404.
    return GraphHTTPError(400, "BadRequest", f"Resource not found for the segment '{segment}'.")
