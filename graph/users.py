"""Users, licences and groups (`users`, `assignLicense`, `subscribedSkus`, `groups/{id}[/members]`) and the
Teams view of a user (`admin/teams/userConfigurations`) — graph.md §2.1 and §5.
"""

from __future__ import annotations

import builtins
import uuid
from collections.abc import Sequence
from typing import Any

from msgraph.generated.admin.teams.user_configurations.user_configurations_request_builder import (
    UserConfigurationsRequestBuilder,
)
from msgraph.generated.groups.groups_request_builder import GroupsRequestBuilder
from msgraph.generated.groups.item.group_item_request_builder import GroupItemRequestBuilder
from msgraph.generated.models.assigned_license import AssignedLicense
from msgraph.generated.models.user import User as SdkUser
from msgraph.generated.users.item.assign_license.assign_license_post_request_body import (
    AssignLicensePostRequestBody,
)
from msgraph.generated.users.item.user_item_request_builder import UserItemRequestBuilder
from msgraph.generated.users.users_request_builder import UsersRequestBuilder

from graph.client import Transport, config_with
from graph.errors import NotFound
from graph.types import AssignedNumber, Sku, User, UserConfiguration

USER_FIELDS = [
    "id",
    "userPrincipalName",
    "displayName",
    "department",
    "officeLocation",
    "city",
    "usageLocation",
    "jobTitle",
    "accountEnabled",
    "assignedLicenses",
]


def parse_user(raw: dict[str, Any]) -> User:
    return User(
        id=raw["id"],
        user_principal_name=raw.get("userPrincipalName") or "",
        display_name=raw.get("displayName"),
        department=raw.get("department"),
        office_location=raw.get("officeLocation"),
        city=raw.get("city"),
        usage_location=raw.get("usageLocation"),
        job_title=raw.get("jobTitle"),
        account_enabled=raw.get("accountEnabled"),
        assigned_sku_ids=frozenset(str(lic.get("skuId")) for lic in raw.get("assignedLicenses") or ()),
    )


def parse_configuration(raw: dict[str, Any]) -> UserConfiguration:
    return UserConfiguration(
        id=raw["id"],
        user_principal_name=raw.get("userPrincipalName"),
        account_type=raw.get("accountType"),
        is_enterprise_voice_enabled=raw.get("isEnterpriseVoiceEnabled"),
        feature_types=tuple(raw.get("featureTypes") or ()),
        telephone_numbers=tuple(
            AssignedNumber(n.get("telephoneNumber", ""), n.get("assignmentCategory"))
            for n in raw.get("telephoneNumbers") or ()
        ),
        effective_policies=tuple(
            (p.get("policyType", ""), (p.get("policyAssignment") or {}).get("displayName", ""))
            for p in raw.get("effectivePolicyAssignments") or ()
        ),
    )


def odata_quote(value: str) -> str:
    """A string literal for $filter: single quotes doubled, as OData requires."""
    return "'" + value.replace("'", "''") + "'"


class UsersApi:
    def __init__(self, transport: Transport) -> None:
        self._t = transport
        self._users = transport.client.users

    async def get(self, id_or_upn: str) -> User:
        query = UserItemRequestBuilder.UserItemRequestBuilderGetQueryParameters(select=USER_FIELDS)
        return parse_user(await self._t.get_json(self._users.by_user_id(id_or_upn), query=query))

    async def list(self, *, filter: str | None = None) -> builtins.list[User]:
        query = UsersRequestBuilder.UsersRequestBuilderGetQueryParameters(
            filter=filter, select=USER_FIELDS, top=999
        )
        return [parse_user(raw) async for page in self._t.pages(self._users, query=query) for raw in page]

    async def set_usage_location(self, user_id: str, country: str) -> None:
        builder = self._users.by_user_id(user_id)

        async def call() -> None:
            await builder.patch(SdkUser(usage_location=country), request_configuration=config_with())

        await self._t.write(call)

    async def assign_license(
        self, user_id: str, *, add: Sequence[str] = (), remove: Sequence[str] = ()
    ) -> None:
        # quirk: both arrays are required, even when empty (graph.md §5.1).
        body = AssignLicensePostRequestBody(
            add_licenses=[AssignedLicense(sku_id=uuid.UUID(sku), disabled_plans=[]) for sku in add],
            remove_licenses=[uuid.UUID(sku) for sku in remove],
        )
        builder = self._users.by_user_id(user_id).assign_license

        async def call() -> None:
            await builder.post(body, request_configuration=config_with())

        await self._t.write(call)

    async def subscribed_skus(self) -> builtins.list[Sku]:
        raw = await self._t.get_json(self._t.client.subscribed_skus)
        return [
            Sku(
                sku_id=str(item["skuId"]),
                sku_part_number=item.get("skuPartNumber") or "",
                enabled_units=int((item.get("prepaidUnits") or {}).get("enabled") or 0),
                consumed_units=int(item.get("consumedUnits") or 0),
            )
            for item in raw.get("value", [])
        ]

    async def find_group(self, display_name: str) -> str | None:
        query = GroupsRequestBuilder.GroupsRequestBuilderGetQueryParameters(
            filter=f"displayName eq {odata_quote(display_name)}", select=["id", "displayName"]
        )
        raw = await self._t.get_json(self._t.client.groups, query=query)
        values = raw.get("value", [])
        return str(values[0]["id"]) if values else None

    async def group_name(self, group_id: str) -> str | None:
        """`GET /groups/{id}?$select=displayName`: the name Teams admin output leaves as an id (distribution
        lists, dial scopes, shared voicemail); None when no such group exists (deleted since)."""
        query = GroupItemRequestBuilder.GroupItemRequestBuilderGetQueryParameters(
            select=["id", "displayName"]
        )
        try:
            raw = await self._t.get_json(self._t.client.groups.by_group_id(group_id), query=query)
        except NotFound:
            return None
        return str(raw.get("displayName") or "") or None

    async def group_members(self, group_id: str) -> builtins.list[User]:
        builder = self._t.client.groups.by_group_id(group_id).members
        members = [raw async for page in self._t.pages(builder) for raw in page]
        return [
            parse_user(raw)
            for raw in members
            if raw.get("@odata.type", "#microsoft.graph.user") == "#microsoft.graph.user"
        ]

    async def configuration(self, user_id: str) -> UserConfiguration:
        builder = self._t.client.admin.teams.user_configurations.by_teams_user_configuration_id(user_id)
        return parse_configuration(await self._t.get_json(builder))

    async def configurations(self) -> builtins.list[UserConfiguration]:
        builder = self._t.client.admin.teams.user_configurations
        query = UserConfigurationsRequestBuilder.UserConfigurationsRequestBuilderGetQueryParameters(top=999)
        return [
            parse_configuration(raw) async for page in self._t.pages(builder, query=query) for raw in page
        ]
