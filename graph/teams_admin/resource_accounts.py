"""Resource accounts (application instances): create, read, phone numbers, readiness.

Cmdlets: New-/Get-/Find-CsOnlineApplicationInstance, Set-/Remove-CsPhoneNumberAssignment, Get-CsOnlineUser.
Output: {ObjectId, TenantId, UserPrincipalName, ApplicationId, DisplayName, PhoneNumber}. The licence
state is Graph's (`PHONESYSTEM_VIRTUALUSER` on the user), read with `licensed()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph.teams_admin.calls import Call
from graph.teams_admin.client import TeamsAdminClient
from graph.teams_admin.errors import NotFound, UnknownOutcome
from graph.teams_admin.parse import Json, as_list, text
from graph.types import User

AUTO_ATTENDANT_APP_ID = "ce933385-9390-45d1-9512-c8d228074e07"
CALL_QUEUE_APP_ID = "11cd3e2e-fccb-42ad-ad00-878b93575e07"
RESOURCE_ACCOUNT_SKU_ID = "440eaaa8-b3e0-484b-a8be-62870b9ba70a"  # PHONESYSTEM_VIRTUALUSER
APP_IDS = {"AutoAttendant": AUTO_ATTENDANT_APP_ID, "CallQueue": CALL_QUEUE_APP_ID}


@dataclass(frozen=True)
class ResourceAccount:
    object_id: str
    user_principal_name: str
    display_name: str | None
    application_id: str | None
    phone_number: str | None
    raw: Json = field(default_factory=dict, compare=False, repr=False)  # as the module printed it

    @property
    def kind(self) -> str:
        """AutoAttendant, CallQueue, or the raw application id of a third-party app."""
        for kind, app_id in APP_IDS.items():
            if (self.application_id or "").lower() == app_id:
                return kind
        return self.application_id or "Unknown"

    @classmethod
    def parse(cls, data: Json) -> ResourceAccount:
        return cls(
            object_id=text(data, "ObjectId", "Identity") or "",
            user_principal_name=text(data, "UserPrincipalName") or "",
            display_name=text(data, "DisplayName"),
            application_id=text(data, "ApplicationId"),
            phone_number=text(data, "PhoneNumber"),
            raw=data,
        )


def licensed(user: User) -> bool:
    """Whether Graph shows the Teams Phone Resource Account licence on the account's user."""
    return RESOURCE_ACCOUNT_SKU_ID in {sku.lower() for sku in user.assigned_sku_ids}


class ResourceAccountsApi:
    PAGE = 100

    def __init__(self, client: TeamsAdminClient) -> None:
        self.client = client

    async def list(self) -> list[ResourceAccount]:
        accounts: list[ResourceAccount] = []
        while True:
            params: dict[str, Any] = {"ResultSize": self.PAGE, "Skip": len(accounts)}
            page = as_list(await self.client.one(Call("Get-CsOnlineApplicationInstance", params)))
            accounts += [ResourceAccount.parse(item) for item in page if isinstance(item, dict)]
            if len(page) < self.PAGE:
                return accounts

    async def get(self, identity: str) -> ResourceAccount:
        """By object id or UPN."""
        found = await self.find(identity)
        if found is None:
            raise NotFound(f"no resource account {identity}", cmdlet="Get-CsOnlineApplicationInstance")
        return found

    async def find(self, identity: str) -> ResourceAccount | None:
        try:
            output = await self.client.one(Call("Get-CsOnlineApplicationInstance", {"Identity": identity}))
        except NotFound:
            return None
        items = [item for item in as_list(output) if isinstance(item, dict)]
        return ResourceAccount.parse(items[0]) if items else None

    async def create(self, upn: str, display_name: str, kind: str) -> ResourceAccount:
        """New-CsOnlineApplicationInstance; after an unknown outcome, read by UPN before anything else."""
        call = Call(
            "New-CsOnlineApplicationInstance",
            {"UserPrincipalName": upn, "DisplayName": display_name, "ApplicationId": APP_IDS[kind]},
        )
        try:
            return ResourceAccount.parse(await self.client.one(call))
        except UnknownOutcome:
            existing = await self.find(upn)
            if existing is None:
                raise
            return existing

    async def visible_to_teams(self, identity: str) -> bool:
        """Get-CsOnlineUser resolves the account: new accounts take minutes (voice-apps.md §3.5)."""
        try:
            output = await self.client.one(Call("Get-CsOnlineUser", {"Identity": identity}))
        except NotFound:
            return False
        return bool(as_list(output))

    async def wait_until_visible(
        self, identity: str, *, timeout_s: float = 600.0, interval_s: float = 30.0
    ) -> bool:
        """Poll Get-CsOnlineUser until a new account resolves (Microsoft's bulk tool: 10 tries, 30 s apart).
        False when it is still invisible after `timeout_s`: the caller decides whether to wait longer."""
        waited = 0.0
        while not await self.visible_to_teams(identity):
            if waited >= timeout_s:
                return False
            await self.client.sleep(interval_s)
            waited += interval_s
        return True

    async def assign_number(
        self, identity: str, number: str, number_type: str, *, location_id: str | None = None
    ) -> None:
        params: dict[str, Any] = {"Identity": identity, "TelephoneNumber": number, "NumberType": number_type}
        if location_id:
            params["LocationId"] = location_id
        await self.client.write(Call("Set-CsPhoneNumberAssignment", params))

    async def remove_number(self, identity: str, number: str, number_type: str) -> None:
        params = {"Identity": identity, "TelephoneNumber": number, "NumberType": number_type}
        await self.client.write(Call("Remove-CsPhoneNumberAssignment", params))
