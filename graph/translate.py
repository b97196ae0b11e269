"""Foreign failures → graph/'s error tree, by status and OData code (never by message text)."""

from __future__ import annotations

import email.utils
import json
import os
import time
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx
from azure.core.exceptions import ClientAuthenticationError, ServiceRequestError
from kiota_abstractions.api_error import APIError

from graph.errors import (
    AuthenticationError,
    BadRequest,
    GraphError,
    NotFound,
    PermissionDenied,
    ServiceUnavailable,
    Throttled,
)


def retry_after_seconds(
    headers: Mapping[str, str] | None, clock: Callable[[], float] = time.time
) -> float | None:
    """Retry-After as seconds: an integer, or an HTTP-date (both are allowed by RFC 9110) less `clock()`."""
    if not headers:
        return None
    raw = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if raw is None:
        return None
    raw = raw.strip()
    if raw.isdigit():
        return float(raw)
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - clock())


def from_status(status: int, code: str | None, message: str, headers: Mapping[str, str] | None) -> GraphError:
    request_id = next((v for k, v in (headers or {}).items() if k.lower() == "request-id"), None)
    kwargs: dict[str, Any] = {"status": status, "code": code, "request_id": request_id}
    if status == 429:
        return Throttled(message or "throttled", retry_after=retry_after_seconds(headers), **kwargs)
    if status in (500, 502, 503, 504) or status >= 500:
        return ServiceUnavailable(
            message or "service unavailable", retry_after=retry_after_seconds(headers), **kwargs
        )
    if status == 401:
        return AuthenticationError(message or "not authenticated", **kwargs)
    if status == 403:
        return PermissionDenied(message or "permission denied", **kwargs)
    if status == 404:
        return NotFound(message or "not found", **kwargs)
    return BadRequest(message or f"rejected with HTTP {status}", **kwargs)


def from_response(response: httpx.Response) -> GraphError:
    code, message = None, ""
    try:
        body = response.json()
        error = body.get("error", {}) if isinstance(body, dict) else {}
        code, message = error.get("code"), error.get("message", "")
    except (json.JSONDecodeError, ValueError):
        message = response.text[:200]
    return from_status(response.status_code, code, message, dict(response.headers))


def from_exception(exc: BaseException) -> GraphError:
    if isinstance(exc, GraphError):
        return exc
    if isinstance(exc, APIError):
        status = exc.response_status_code or 500
        headers = {k: v for k, v in (exc.response_headers or {}).items()} if exc.response_headers else {}
        flat = {
            k: (next(iter(v)) if isinstance(v, set | list | tuple) and v else v) for k, v in headers.items()
        }
        main = getattr(exc, "error", None)
        code = getattr(main, "code", None)
        message = getattr(main, "message", None) or exc.message or ""
        return from_status(status, code, str(message), {k: str(v) for k, v in flat.items()})
    if isinstance(exc, httpx.TimeoutException):
        return ServiceUnavailable(f"{_host(exc)} did not answer in time", code="timeout")
    if isinstance(exc, httpx.TransportError):
        return ServiceUnavailable(f"could not reach {_host(exc)} ({type(exc).__name__})", code="transport")
    if isinstance(exc, ServiceRequestError):
        # azure-identity's token request never reached Entra ID (DNS, proxy, firewall, offline). It has
        # retried already, so this is not a ServiceUnavailable our read policy would retry six more times.
        return AuthenticationError(f"could not reach {_token_host(exc)} for a token", code="token-transport")
    if isinstance(exc, ClientAuthenticationError):
        return AuthenticationError("could not get a token from Microsoft Entra ID")
    raise exc


def _host(exc: httpx.TransportError) -> str:
    try:
        return exc.request.url.netloc.decode() or "Graph"
    except RuntimeError:  # httpx raises when no request is attached
        return "Graph"


def _token_host(exc: ServiceRequestError) -> str:
    """The host azure-identity tried: aiohttp's connector error names it; else the configured authority."""
    cause = exc.__cause__
    host, port = getattr(cause, "host", None), getattr(cause, "port", None)
    if host:
        return f"{host}:{port}" if port and port != 443 else str(host)
    authority = os.environ.get("AZURE_AUTHORITY_HOST", "login.microsoftonline.com")
    return urlsplit(authority).netloc or authority
