"""Every JSON object the sandbox serves conforms to the Graph v1.0 type it claims to be (trimmed CSDL)."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from sandbox.server import RunningSandbox
from sandbox.state import SKU_TEAMS_PHONE
from tests.conftest import auth
from tests.contracts.csdl import Metadata
from tests.sandbox.test_numbers import free_number, licensed_user_without_number

TA = "microsoft.graph.teamsAdministration."
NUMBERS = "/admin/teams/telephoneNumberManagement"


@pytest.fixture(scope="module")
def metadata() -> Metadata:
    return Metadata()


async def fetch(
    sb: RunningSandbox, method: str, path: str, body: Any = None
) -> tuple[int, Any, dict[str, str]]:
    url = path if path.startswith("http") else sb.base_url + path
    async with aiohttp.ClientSession(headers=auth("conformance")) as session:
        async with session.request(method, url, json=body, allow_redirects=False) as response:
            text = await response.text()
            return (
                response.status,
                (await response.json(content_type=None)) if text else None,
                dict(response.headers),
            )


def conform(metadata: Metadata, objects: list[Any], type_name: str) -> None:
    assert objects, f"nothing to check for {type_name}"
    problems = [p for obj in objects for p in metadata.validate(obj, type_name)]
    assert not problems, "\n".join(problems[:20])


async def collection(sb: RunningSandbox, path: str) -> list[Any]:
    status, body, _ = await fetch(sb, "GET", path)
    assert status == 200, body
    assert body["@odata.context"].startswith(sb.base_url + "/$metadata#")
    return list(body["value"])


async def test_numbers_and_operations(sandbox: RunningSandbox, metadata: Metadata) -> None:
    numbers = await collection(sandbox, f"{NUMBERS}/numberAssignments?$top=1000")
    conform(metadata, numbers, TA + "numberAssignment")
    _status, item, _ = await fetch(sandbox, "GET", f"{NUMBERS}/numberAssignments/{numbers[0]['id']}")
    conform(metadata, [item], TA + "numberAssignment")
    _, _, headers = await fetch(
        sandbox,
        "POST",
        f"{NUMBERS}/numberAssignments/assignNumber",
        {
            "telephoneNumber": free_number(sandbox.state),
            "assignmentTargetId": licensed_user_without_number(sandbox.state),
            "numberType": "operatorConnect",
        },
    )
    for _ in range(50):
        _, operation, _ = await fetch(sandbox, "GET", headers["Location"])
        conform(metadata, [operation], TA + "telephoneNumberLongRunningOperation")
        if operation["status"] == "succeeded":
            break
        await asyncio.sleep(0.02)
    assert operation["status"] == "succeeded"


async def test_directory(sandbox: RunningSandbox, metadata: Metadata) -> None:
    conform(metadata, await collection(sandbox, "/users?$top=999"), "microsoft.graph.user")
    full = "id,userPrincipalName,displayName,department,usageLocation,assignedLicenses,city,accountEnabled,userType,createdDateTime,officeLocation,state,country"
    users = await collection(sandbox, f"/users?$top=999&$select={full}")
    conform(metadata, users, "microsoft.graph.user")
    _, user, _ = await fetch(sandbox, "GET", f"/users/{users[0]['id']}?$select={full}")
    conform(metadata, [user], "microsoft.graph.user")
    target = next(
        u for u in sandbox.state.users.values() if u.usageLocation and SKU_TEAMS_PHONE not in u.assignedSkuIds
    )
    status, licensed, _ = await fetch(
        sandbox,
        "POST",
        f"/users/{target.id}/assignLicense",
        {"addLicenses": [{"skuId": SKU_TEAMS_PHONE, "disabledPlans": []}], "removeLicenses": []},
    )
    assert status == 200
    conform(metadata, [licensed], "microsoft.graph.user")
    groups = await collection(sandbox, "/groups")
    conform(metadata, groups, "microsoft.graph.group")
    conform(metadata, await collection(sandbox, f"/groups/{groups[0]['id']}/members"), "microsoft.graph.user")
    conform(metadata, await collection(sandbox, "/subscribedSkus"), "microsoft.graph.subscribedSku")
    configurations = await collection(sandbox, "/admin/teams/userConfigurations?$top=999")
    conform(metadata, configurations, TA + "teamsUserConfiguration")
    _, one, _ = await fetch(sandbox, "GET", f"/admin/teams/userConfigurations/{configurations[0]['id']}")
    conform(metadata, [one], TA + "teamsUserConfiguration")


async def test_call_logs(sandbox: RunningSandbox, metadata: Metadata) -> None:
    window = "(fromDateTime=2026-08-01T00:00:00Z,toDateTime=2026-10-30T00:00:00Z)"
    conform(
        metadata,
        await collection(sandbox, f"/communications/callRecords/getPstnCalls{window}"),
        "microsoft.graph.callRecords.pstnCallLogRow",
    )
    conform(
        metadata,
        await collection(sandbox, f"/communications/callRecords/getDirectRoutingCalls{window}"),
        "microsoft.graph.callRecords.directRoutingLogRow",
    )


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/users/nobody@x.example", None, 404),
        ("GET", f"{NUMBERS}/numberAssignments?$filter=city eq 'x'", None, 400),
        ("POST", f"{NUMBERS}/numberAssignments/assignNumber", {}, 400),
        ("GET", f"{NUMBERS}/operations('missing')", None, 404),
        ("GET", "/communications/callRecords/getPstnCalls(fromDateTime=2026-01-01T00:00:00Z)", None, 400),
        ("GET", "/reports/getTeamsUserActivityUserDetail(period='D1')", None, 400),
        ("DELETE", "/users", None, 405),
    ],
)
async def test_error_bodies_have_graphs_shape(
    sandbox: RunningSandbox, method: str, path: str, body: Any, status: int
) -> None:
    got, error, headers = await fetch(sandbox, method, path, body)
    assert got == status
    assert set(error) == {"error"}
    assert isinstance(error["error"]["code"], str) and isinstance(error["error"]["message"], str)
    inner = error["error"]["innerError"]
    assert {"date", "request-id", "client-request-id"} <= set(inner)
    assert inner["request-id"] == headers["request-id"]
