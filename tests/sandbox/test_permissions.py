"""The sandbox refuses a call with Graph's 403 when its app registration lacks the permission."""

from __future__ import annotations

import aiohttp

from tests.conftest import SandboxFactory, auth

DENIED_BODY = {
    "code": "Authorization_RequestDenied",
    "message": "Insufficient privileges to complete the operation.",
}


async def test_denied_permission_gives_graphs_403_and_others_still_work(
    sandbox_factory: SandboxFactory,
) -> None:
    sandbox = await sandbox_factory("county")
    async with aiohttp.ClientSession(headers=auth()) as http:
        control = f"{sandbox.root_url}/_sandbox/permissions"
        async with http.post(control, json={"deny": ["User.ReadWrite.All"]}) as response:
            assert response.status == 200
            assert "User.ReadWrite.All" in (await response.json())["denied"]
        async with http.get(f"{sandbox.base_url}/users?$top=1") as response:
            assert response.status == 403
            error = (await response.json())["error"]
            assert {k: error[k] for k in DENIED_BODY} == DENIED_BODY
            assert response.headers["request-id"] == error["innerError"]["request-id"]
        async with http.get(f"{sandbox.base_url}/subscribedSkus") as response:
            assert response.status == 200
        async with http.post(control, json={"deny": []}) as response:
            assert (await response.json())["denied"] == []
        async with http.get(f"{sandbox.base_url}/users?$top=1") as response:
            assert response.status == 200


async def test_number_order_is_refused_without_readwrite(sandbox_factory: SandboxFactory) -> None:
    sandbox = await sandbox_factory("county")
    async with aiohttp.ClientSession(headers=auth()) as http:
        await http.post(
            f"{sandbox.root_url}/_sandbox/permissions", json={"deny": ["TeamsTelephoneNumber.ReadWrite.All"]}
        )
        numbers = f"{sandbox.base_url}/admin/teams/telephoneNumberManagement/numberAssignments"
        async with http.post(f"{numbers}/assignNumber", json={}) as response:
            assert response.status == 403


async def test_unknown_permission_name_is_refused(sandbox_factory: SandboxFactory) -> None:
    sandbox = await sandbox_factory("county")
    async with aiohttp.ClientSession() as http:
        async with http.post(
            f"{sandbox.root_url}/_sandbox/permissions", json={"deny": ["User.ReadWrite"]}
        ) as response:
            assert response.status == 400
            assert "User.ReadWrite" in (await response.json())["error"]


async def test_both_call_log_url_forms_are_gated(sandbox_factory: SandboxFactory) -> None:
    sandbox = await sandbox_factory("county")
    window = "(fromDateTime=2026-10-01T00:00:00Z,toDateTime=2026-10-02T00:00:00Z)"
    records = f"{sandbox.base_url}/communications/callRecords"
    async with aiohttp.ClientSession(headers=auth()) as http:
        await http.post(
            f"{sandbox.root_url}/_sandbox/permissions", json={"deny": ["CallRecord-PstnCalls.Read.All"]}
        )
        for function in ("getPstnCalls", "microsoft.graph.callRecords.getDirectRoutingCalls"):
            async with http.get(f"{records}/{function}{window}") as response:
                assert response.status == 403, function
