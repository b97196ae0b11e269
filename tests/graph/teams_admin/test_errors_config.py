"""Error translation (from status, error id and category, never message text) and the worker command choice."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from graph.config import GraphConfig
from graph.teams_admin import (
    AccessDenied,
    AlreadyExists,
    NotFound,
    TeamsAdminConfig,
    TeamsAdminError,
    Throttled,
    Transient,
    Validation,
    teams_admin_config,
    worker_argv,
)
from graph.teams_admin.config import sandbox_root_url
from graph.teams_admin.errors import translate

CASES = [
    ({"status": 429, "fqid": "Anything,X", "category": "NotSpecified"}, Throttled),
    ({"status": 404, "fqid": "Whatever,X"}, NotFound),
    ({"status": 409}, AlreadyExists),
    (
        {"status": 400, "fqid": "BadRequest,Microsoft.Teams.ConfigAPI.Cmdlets.NewCsAutoAttendant_New"},
        Validation,
    ),
    ({"status": 403}, AccessDenied),
    ({"status": 503}, Transient),
    ({"status": 500}, Transient),
    (
        {"status": None, "fqid": "NamedParameterNotFound,New-CsCallQueue", "category": "InvalidArgument"},
        Validation,
    ),
    ({"status": None, "fqid": "ParameterArgumentValidationError,New-CsCallQueue"}, Validation),
    ({"fqid": "NotFound,Microsoft.Teams.ConfigAPI.Cmdlets.GetCsCallQueue_Get"}, NotFound),
    ({"fqid": "Conflict,Microsoft.Teams.ConfigAPI.Cmdlets.NewCsOnlineApplicationInstance"}, AlreadyExists),
    ({"fqid": "Mystery,X", "category": "ObjectNotFound"}, NotFound),
    ({"fqid": "Mystery,X", "category": "ResourceExists"}, AlreadyExists),
    ({"fqid": "Mystery,X", "category": "LimitsExceeded"}, Throttled),
    ({"fqid": "Mystery,X", "category": "ConnectionError"}, Transient),
    ({"fqid": "Mystery,X", "category": "AuthenticationError"}, AccessDenied),
    # The message is for people: "not found" in it changes nothing.
    (
        {"fqid": "Mystery,X", "category": "NotSpecified", "message": "user not found; too many requests"},
        TeamsAdminError,
    ),
]


@pytest.mark.parametrize(("error", "kind"), CASES)
def test_errors_are_classified_without_reading_the_message(error: dict[str, object], kind: type) -> None:
    translated = translate({"message": "m", **error}, cmdlet="Get-CsCallQueue", step=2)
    assert type(translated) is kind
    assert translated.cmdlet == "Get-CsCallQueue" and translated.step == 2
    assert str(translated).startswith("Get-CsCallQueue: ")


def test_a_loopback_graph_url_selects_the_sandbox_stand_in_and_the_cloud_selects_pwsh() -> None:
    sandbox = worker_argv("http://127.0.0.1:8765/v1.0")
    assert sandbox == (sys.executable, "-m", "sandbox.pwsh", "--url", "http://127.0.0.1:8765")
    assert worker_argv("http://localhost:9000/beta/")[-1] == "http://localhost:9000"
    cloud = worker_argv("https://graph.microsoft.com/v1.0", pwsh="/opt/microsoft/powershell/7/pwsh")
    assert cloud[:5] == (
        "/opt/microsoft/powershell/7/pwsh",
        "-NoLogo",
        "-NoProfile",
        "-NonInteractive",
        "-File",
    )
    assert Path(cloud[5]).name == "worker.ps1" and Path(cloud[5]).is_file()
    assert sandbox_root_url("http://127.0.0.1:1/v1.0") == "http://127.0.0.1:1"


def test_credentials_go_to_the_environment_never_to_argv_or_repr() -> None:
    graph = GraphConfig(
        base_url="https://graph.microsoft.com/v1.0",
        tenant_id="t-1",
        client_id="c-1",
        certificate_path="/etc/switchboard/app.pfx",
        certificate_password="s3cret",
    )
    config = teams_admin_config(graph, pool_size=3, request_timeout_s=45)
    assert config.env == {
        "SWITCHBOARD_TENANT_ID": "t-1",
        "SWITCHBOARD_CLIENT_ID": "c-1",
        "SWITCHBOARD_CERTIFICATE_PATH": "/etc/switchboard/app.pfx",
        "SWITCHBOARD_CERTIFICATE_PASSWORD": "s3cret",
    }
    assert "s3cret" not in " ".join(config.argv) and "s3cret" not in repr(config)
    assert (config.pool_size, config.request_timeout_s) == (3, 45)
    with pytest.raises(ValueError, match="at least one worker"):
        TeamsAdminConfig(argv=("pwsh",), pool_size=0)
