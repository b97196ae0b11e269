"""`POST /_sandbox/tenant`: a drill's people, groups, numbers and seats go in whole, visible through
Graph as any tenant's; a bad item is named and nothing of the body is kept."""

from __future__ import annotations

import aiohttp

from sandbox.server import RunningSandbox
from tests.conftest import auth

PHONE = "e43b5b99-8dfb-405f-9987-dc307f34bcbd"
ANA = "0f3c1c6e-0000-4000-8000-000000000001"


def body(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "users": [
            {"id": ANA, "userPrincipalName": "ana@drill.example", "assignedLicenses": [{"skuId": PHONE}]}
        ],
        "groups": [
            {"id": "0f3c1c6e-0000-4000-8000-0000000000aa", "displayName": "EOC Staff", "members": [ANA]}
        ],
        "numberAssignments": [
            {
                "telephoneNumber": "+13215550142",
                "capabilities": ["userAssignment"],
                "assignmentTargetId": ANA,
            },
            {"telephoneNumber": "+13215550100", "capabilities": ["voiceApplicationAssignment"]},
        ],
        "subscribedSkus": [{"skuId": PHONE, "prepaidUnits": {"enabled": 3}}],
        "domains": [{"id": "drill.example", "isDefault": True, "isVerified": True}],
    }
    return data | changes


async def test_a_loaded_tenant_is_what_graph_then_serves(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb: RunningSandbox = await sandbox_factory("empty")
    async with aiohttp.ClientSession() as http:
        answer = await http.post(f"{sb.root_url}/_sandbox/tenant", json=body())
        assert answer.status == 200 and await answer.json() == {
            "users": 1,
            "groups": 1,
            "numberAssignments": 2,
        }
        user = await (await http.get(f"{sb.base_url}/users/ana@drill.example", headers=auth())).json()
        assert user["id"] == ANA
        numbers = await (
            await http.get(
                f"{sb.base_url}/admin/teams/telephoneNumberManagement/numberAssignments", headers=auth()
            )
        ).json()
        held = {n["telephoneNumber"]: n["assignmentStatus"] for n in numbers["value"]}
        assert held == {"+13215550142": "assigned", "+13215550100": "unassigned"}
    assert sb.state.defaultDomain == "drill.example" and sb.state.skus[PHONE].enabledUnits == 3


async def test_a_bad_item_is_named_and_nothing_is_loaded(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sb: RunningSandbox = await sandbox_factory("empty")
    users, numbers = len(sb.state.users), len(sb.state.numbers)
    bad = body(numberAssignments=[{"telephoneNumber": "+13215550142", "assignmentTargetId": "nobody"}])
    async with aiohttp.ClientSession() as http:
        answer = await http.post(f"{sb.root_url}/_sandbox/tenant", json=bad)
        assert answer.status == 400
        assert await answer.json() == {
            "error": "numberAssignments[0].assignmentTargetId: nobody is not a user of this tenant"
        }
    assert (len(sb.state.users), len(sb.state.numbers)) == (users, numbers)
    assert sb.state.defaultDomain != "drill.example"
