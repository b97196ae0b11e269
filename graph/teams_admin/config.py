"""Settings of the Teams admin worker pool, and the choice of worker command (real pwsh or sandbox stand-in).

The CLI composition root builds a TeamsAdminConfig; graph/ never imports the sandbox, it only launches a
different command (`python -m sandbox.pwsh --url ROOT`) when Graph's URL is a loopback sandbox.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlsplit

from graph.config import GraphConfig, is_loopback


@dataclass(frozen=True)
class TeamsAdminConfig:
    """`argv` starts one worker; `env` carries credentials (never on the command line, never logged)."""

    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    pool_size: int = 2
    request_timeout_s: float = 120.0
    start_timeout_s: float = 90.0

    def __post_init__(self) -> None:
        if not self.argv:
            raise ValueError("the worker command is empty")
        if self.pool_size < 1:
            raise ValueError("the Teams admin pool needs at least one worker")
        object.__setattr__(self, "argv", tuple(self.argv))


def worker_script_path() -> str:
    """worker.ps1 as installed with the package (package data)."""
    return str(resources.files("graph.teams_admin").joinpath("worker.ps1"))


def sandbox_root_url(graph_base_url: str) -> str:
    """`http://127.0.0.1:PORT/v1.0` -> `http://127.0.0.1:PORT`: the stand-in posts to the root's /_sandbox."""
    parts = urlsplit(graph_base_url)
    path = parts.path.rstrip("/")
    for suffix in ("/v1.0", "/beta"):
        path = path.removesuffix(suffix)
    return f"{parts.scheme}://{parts.netloc}{path}"


def worker_argv(graph_base_url: str, *, pwsh: str = "pwsh") -> tuple[str, ...]:
    """The sandbox stand-in for a loopback Graph URL, else the real PowerShell worker."""
    if is_loopback(graph_base_url):
        return (sys.executable, "-m", "sandbox.pwsh", "--url", sandbox_root_url(graph_base_url))
    return (pwsh, "-NoLogo", "-NoProfile", "-NonInteractive", "-File", worker_script_path())


def worker_env(graph: GraphConfig) -> dict[str, str]:
    """The worker's sign-in settings (docs/teams-admin-protocol.md, "Start-up")."""
    values = {
        "SWITCHBOARD_TENANT_ID": graph.tenant_id,
        "SWITCHBOARD_CLIENT_ID": graph.client_id,
        "SWITCHBOARD_CERTIFICATE_PATH": graph.certificate_path,
        "SWITCHBOARD_CERTIFICATE_PASSWORD": graph.certificate_password,
    }
    return {name: value for name, value in values.items() if value}


def teams_admin_config(
    graph: GraphConfig,
    *,
    pwsh: str = "pwsh",
    pool_size: int = 2,
    request_timeout_s: float = 120.0,
    start_timeout_s: float = 90.0,
) -> TeamsAdminConfig:
    """The pool's settings for the tenant (or sandbox) that `graph` points at."""
    return TeamsAdminConfig(
        argv=worker_argv(graph.base_url, pwsh=pwsh),
        env=worker_env(graph),
        pool_size=pool_size,
        request_timeout_s=request_timeout_s,
        start_timeout_s=start_timeout_s,
    )
