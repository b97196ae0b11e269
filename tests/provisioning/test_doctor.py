"""`switchboard doctor` against the sandbox (a permission taken away, or all present) and its pure verdicts."""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import replace

import pytest

from graph import GraphConfig
from graph.probes import roles_of
from graph.types import Sku
from provisioning.doctor import REQUIREMENTS, Observations, ProbeOutcome, evaluate, exit_code
from provisioning.doctor_reader import diagnose
from tests.conftest import FAST, SandboxFactory

NOW = dt.datetime(2026, 11, 2, 12, 0, tzinfo=dt.UTC)
ALL_OK = {req.probe: ProbeOutcome(True) for req in REQUIREMENTS}


def by_name(findings: list) -> dict:  # type: ignore[type-arg]
    return {f.name: f for f in findings}


async def test_all_present_passes(sandbox_factory: SandboxFactory) -> None:
    sandbox = await sandbox_factory("county")
    findings = await diagnose(GraphConfig(base_url=sandbox.base_url), now=NOW)
    assert exit_code(findings) == 0, [f for f in findings if f.status == "missing"]
    statuses = by_name(findings)
    for req in REQUIREMENTS:
        assert statuses[req.permission].status == "ok"
    assert statuses["Teams Phone"].status == "ok"
    assert statuses["voice-app numbers"].status == "ok"
    assert statuses["PowerShell worker sign-in"].status in {"ok", "not checked"}


@pytest.mark.parametrize("permission", [req.permission for req in REQUIREMENTS])
async def test_a_removed_permission_is_named_with_its_fix(
    sandbox_factory: SandboxFactory, permission: str
) -> None:
    config = replace(FAST, denied_permissions=frozenset({permission}))
    sandbox = await sandbox_factory("county", config=config)
    findings = await diagnose(GraphConfig(base_url=sandbox.base_url), now=NOW)
    assert exit_code(findings) == 1
    missing = [f for f in findings if f.status == "missing"]
    assert [f.name for f in missing] == [permission]
    assert "403 Authorization_RequestDenied" in missing[0].detail
    assert f"permission {permission} to the app and give admin consent" in missing[0].fix
    # The sandbox really refused the call, with Graph's status.
    assert any(entry.status == 403 for entry in sandbox.requests.entries)


async def test_without_the_numbers_permission_the_pools_are_not_checked(
    sandbox_factory: SandboxFactory,
) -> None:
    config = replace(FAST, denied_permissions=frozenset({"TeamsTelephoneNumber.ReadWrite.All"}))
    sandbox = await sandbox_factory("county", config=config)
    statuses = by_name(await diagnose(GraphConfig(base_url=sandbox.base_url), now=NOW))
    assert statuses["user numbers"].status == "not checked"
    assert statuses["voice-app numbers"].status == "not checked"


async def test_no_credentials_is_a_sign_in_failure_and_nothing_else() -> None:
    config = GraphConfig(base_url="https://graph.microsoft.com/v1.0", auth="certificate")
    findings = await diagnose(config, now=NOW)
    assert [(f.name, f.status) for f in findings] == [("Graph sign-in", "missing")]
    assert "SWITCHBOARD_TENANT_ID" in findings[0].fix
    assert exit_code(findings) == 1


def test_read_access_without_write_role_is_missing() -> None:
    roles = frozenset(req.permission for req in REQUIREMENTS) - {"TeamsTelephoneNumber.ReadWrite.All"}
    roles |= {"TeamsTelephoneNumber.Read.All"}
    findings = by_name(evaluate(Observations(roles=roles, probes=ALL_OK)))
    numbers = findings["TeamsTelephoneNumber.ReadWrite.All"]
    assert numbers.status == "missing"
    assert "token has TeamsTelephoneNumber.Read.All: writes will fail" in numbers.detail
    assert findings["User.ReadWrite.All"].status == "ok"


def test_higher_permission_satisfies_the_requirement() -> None:
    roles = frozenset(req.permission for req in REQUIREMENTS) - {"CallRecord-PstnCalls.Read.All"}
    findings = by_name(evaluate(Observations(roles=roles | {"CallRecords.Read.All"}, probes=ALL_OK)))
    assert findings["CallRecord-PstnCalls.Read.All"].status == "ok"


def test_licences_and_pools() -> None:
    skus = (Sku("a", "MCOEV", 10, 10),)
    findings = by_name(evaluate(Observations(probes=ALL_OK, skus=skus, numbers=())))
    assert findings["Teams Phone"].status == "warning"  # present, but every seat used
    assert findings["Resource Account"].status == "missing"
    assert "PHONESYSTEM_VIRTUALUSER" in findings["Resource Account"].fix
    assert findings["voice-app numbers"].status == "missing"
    assert exit_code(list(findings.values())) == 1


def test_roles_are_read_from_an_app_token() -> None:
    def segment(data: dict[str, object]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    token = (
        f"{segment({'alg': 'RS256'})}.{segment({'roles': ['Reports.Read.All', 'User.ReadWrite.All']})}.sig"
    )
    assert roles_of(token) == frozenset({"Reports.Read.All", "User.ReadWrite.All"})
    assert roles_of("sandbox.switchboard") is None
