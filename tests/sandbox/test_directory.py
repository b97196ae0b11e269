"""Users, licences, SKUs, groups and Teams user configurations, through msgraph-sdk and raw HTTP."""

from __future__ import annotations

import uuid
from typing import Any

import aiohttp
import pytest
from kiota_abstractions.base_request_configuration import RequestConfiguration
from msgraph.generated.models.assigned_license import AssignedLicense
from msgraph.generated.models.o_data_errors.o_data_error import ODataError
from msgraph.generated.models.user import User as SdkUser
from msgraph.generated.users.item.assign_license.assign_license_post_request_body import (
    AssignLicensePostRequestBody,
)
from msgraph.generated.users.users_request_builder import UsersRequestBuilder

from sandbox.server import RunningSandbox
from sandbox.state import SKU_TEAMS_PHONE
from tests.conftest import auth
from tests.sandbox.sdk import sdk_client


async def raw(sb: RunningSandbox, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
    async with aiohttp.ClientSession(headers={**auth(), **kwargs.pop("headers", {})}) as session:
        async with session.request(method, sb.base_url + path, **kwargs) as response:
            text = await response.text()
            return response.status, (await response.json()) if text else None


async def test_users_page_with_skiptoken_and_default_properties(sandbox: RunningSandbox) -> None:
    status, body = await raw(sandbox, "GET", "/users")
    assert status == 200 and len(body["value"]) == 100
    assert set(body["value"][0]) == {
        "businessPhones",
        "displayName",
        "givenName",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
        "id",
    }
    assert "$skiptoken=" in body["@odata.nextLink"]
    client = sdk_client(sandbox.base_url)
    query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
        filter="department eq 'Clerk of Courts'", select=["id", "department", "usageLocation"], top=999
    )
    page = await client.users.get(request_configuration=RequestConfiguration(query_parameters=query))
    expected = [u for u in sandbox.state.users.values() if u.department == "Clerk of Courts"]
    assert page is not None and len(page.value or []) == len(expected) > 0


async def test_advanced_queries_need_consistency_level(sandbox: RunningSandbox) -> None:
    status, body = await raw(sandbox, "GET", "/users?$filter=department ne 'Libraries'")
    assert status == 400 and body["error"]["code"] == "Request_UnsupportedQuery"
    status, body = await raw(
        sandbox,
        "GET",
        "/users?$filter=department ne 'Libraries'&$count=true",
        headers={"ConsistencyLevel": "eventual"},
    )
    assert status == 200 and body["@odata.count"] == sum(
        1 for u in sandbox.state.users.values() if (u.department or "").lower() != "libraries"
    )


async def test_get_user_by_upn_or_404(sandbox: RunningSandbox) -> None:
    user = next(iter(sandbox.state.users.values()))
    status, body = await raw(sandbox, "GET", f"/users/{user.userPrincipalName.upper()}")
    assert status == 200 and body["id"] == user.id
    status, body = await raw(sandbox, "GET", "/users/nobody@x.example")
    assert status == 404 and body["error"]["code"] == "Request_ResourceNotFound"


async def test_licence_needs_usage_location_then_seats(sandbox: RunningSandbox) -> None:
    state = sandbox.state
    client = sdk_client(sandbox.base_url)
    user = next(u for u in state.users.values() if not u.usageLocation and u.accountType == "user")
    body = AssignLicensePostRequestBody(
        add_licenses=[AssignedLicense(sku_id=uuid.UUID(SKU_TEAMS_PHONE), disabled_plans=[])],
        remove_licenses=[],
    )
    user.assignedSkuIds = [s for s in user.assignedSkuIds if s != SKU_TEAMS_PHONE]
    with pytest.raises(ODataError) as exc:
        await client.users.by_user_id(user.id).assign_license.post(body)
    assert exc.value.response_status_code == 400
    assert "usage location" in (exc.value.error.message or "")
    await client.users.by_user_id(user.id).patch(SdkUser(usage_location="US"))
    assert state.users[user.id].usageLocation == "US"
    state.skus[SKU_TEAMS_PHONE].enabledUnits = sum(
        1 for u in state.users.values() if SKU_TEAMS_PHONE in u.assignedSkuIds
    )
    with pytest.raises(ODataError) as exc:
        await client.users.by_user_id(user.id).assign_license.post(body)
    assert "does not have any available licenses" in (exc.value.error.message or "")
    state.skus[SKU_TEAMS_PHONE].enabledUnits += 1
    result = await client.users.by_user_id(user.id).assign_license.post(body)
    assert result is not None and SKU_TEAMS_PHONE in state.users[user.id].assignedSkuIds
    _status, skus = await raw(sandbox, "GET", "/subscribedSkus")
    phone = next(s for s in skus["value"] if s["skuPartNumber"] == "MCOEV")
    assert phone["consumedUnits"] == phone["prepaidUnits"]["enabled"]


async def test_both_licence_arrays_are_required(sandbox: RunningSandbox) -> None:
    user = next(iter(sandbox.state.users.values()))
    status, _body = await raw(sandbox, "POST", f"/users/{user.id}/assignLicense", json={"addLicenses": []})
    assert status == 400


async def test_patch_rejects_bad_values(sandbox: RunningSandbox) -> None:
    user = next(iter(sandbox.state.users.values()))
    assert (await raw(sandbox, "PATCH", f"/users/{user.id}", json={"usageLocation": "USA"}))[0] == 400
    assert (await raw(sandbox, "PATCH", f"/users/{user.id}", json={"shoeSize": 9}))[0] == 400


async def test_group_members_and_user_configuration(sandbox: RunningSandbox) -> None:
    client = sdk_client(sandbox.base_url)
    group = next(g for g in sandbox.state.groups.values() if g.displayName == "EOC Staff")
    members = await client.groups.by_group_id(group.id).members.get()
    assert members is not None and len(members.value or []) == len(group.memberIds)
    assigned = next(n for n in sandbox.state.numbers.values() if n.assignmentStatus == "userAssigned")
    config = await client.admin.teams.user_configurations.by_teams_user_configuration_id(
        assigned.assignmentTargetId or ""
    ).get()
    assert config is not None and config.is_enterprise_voice_enabled
    assert [t.telephone_number for t in config.telephone_numbers or []] == [assigned.telephoneNumber]
    status, body = await raw(
        sandbox, "GET", "/admin/teams/userConfigurations?$filter=accountType eq 'resourceAccount'"
    )
    assert status == 200 and len(body["value"]) == sum(
        1 for u in sandbox.state.users.values() if u.accountType == "resourceAccount"
    )
