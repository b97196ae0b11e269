"""graph/'s frozen configuration; the CLI builds it from settings (graph imports nothing of ours)."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

AuthMode = Literal["auto", "secret", "certificate", "managed_identity", "workload_identity", "sandbox"]
GRAPH_SCOPE = "https://graph.microsoft.com/.default"
GRAPH_VERSIONS = ("v1.0", "beta")


class GraphConfigError(ValueError):
    """A Graph setting that cannot work; the message names the setting and the fix."""


def check_base_url(url: str) -> str:
    """The URL without a trailing slash, or GraphConfigError when it lacks the API version.

    Without `/v1.0` every request goes to e.g. https://graph.microsoft.com/users and fails with a
    404 that names no setting (the SDK appends paths to the base URL as given).
    """
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise GraphConfigError(f"SWITCHBOARD_GRAPH_URL {url!r} is not an http(s) URL")
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last not in GRAPH_VERSIONS:
        # A wrong version (v2.0) is replaced in the example; a missing one is appended.
        base = head if re.fullmatch(r"v\d+(\.\d+)?", last) else path
        raise GraphConfigError(
            f"SWITCHBOARD_GRAPH_URL {url!r} does not end with the API version /v1.0 "
            f"(e.g. {parts.scheme}://{parts.netloc}{base}/v1.0)"
        )
    return url.rstrip("/")


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class GraphConfig:
    base_url: str = "https://graph.microsoft.com/v1.0"
    auth: AuthMode = "auto"
    tenant_id: str | None = None
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    certificate_path: str | None = None
    certificate_password: str | None = field(default=None, repr=False)
    sandbox_app_id: str = "switchboard"
    max_concurrency: int = 32
    timeout_s: float = 60.0
    # Seconds between polls of a number order, and how long to wait for it in total.
    poll_interval_s: float = 2.0
    operation_timeout_s: float = 300.0
    # quirk: call-log functions allow 200 requests per 60 s per app (graph.md §3.1); we stay under it.
    calllog_requests_per_minute: int = 190
    # Call-log windows fetched at once (each a chain of nextLinks); the per-minute cap above still holds.
    calllog_concurrency: int = 3

    def __post_init__(self) -> None:
        check_base_url(self.base_url)

    def resolved_auth(self) -> AuthMode:
        """`auto`: the sandbox for loopback URLs; else certificate > secret > workload > managed identity."""
        if self.auth != "auto":
            return self.auth
        if is_loopback(self.base_url):
            return "sandbox"
        if self.certificate_path:
            return "certificate"
        if self.client_secret:
            return "secret"
        import os

        if os.environ.get("AZURE_FEDERATED_TOKEN_FILE"):
            return "workload_identity"
        return "managed_identity"
