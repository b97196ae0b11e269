"""What every emulated cmdlet shares: the tenant, the clock, and how the module resolves identities.

Teams is eventually consistent with Entra: a new resource account exists in the directory at once (Graph
/users, Get-CsOnlineApplicationInstance) but Teams sees it only `teams_delay_s` later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sandbox.state import (
    SKU_TEAMS_PHONE,
    SKU_TEAMS_PHONE_RESOURCE_ACCOUNT,
    ApplicationInstance,
    TeamsState,
    TenantState,
    User,
)
from sandbox.teams.errors import CmdletError, not_found

AA_APP_ID = "ce933385-9390-45d1-9512-c8d228074e07"  # voice-apps.md §3.1
CQ_APP_ID = "11cd3e2e-fccb-42ad-ad00-878b93575e07"
APP_ID_BY_TYPE = {"AutoAttendant": AA_APP_ID, "CallQueue": CQ_APP_ID}
RA_PLAN = "MCOEV_VIRTUALUSER"


@dataclass
class Ctx:
    tenant: TenantState
    now: float
    delay: float = 0.0  # seconds before Teams sees a new resource account

    @property
    def teams(self) -> TeamsState:
        return self.tenant.teams

    def user(self, identity: str) -> User | None:
        """A directory user by object id, UPN or sip: address (case-insensitive)."""
        key = identity.strip()
        if key.lower().startswith("sip:"):
            key = key[4:]
        found = self.tenant.users.get(key) or self.tenant.users.get(key.lower())
        return found or self.tenant.user_by_upn(key)

    def visible(self, user: User) -> bool:
        """Whether Teams already sees this directory object (resource accounts lag behind Entra)."""
        instance = self.teams.applicationInstances.get(user.id)
        return instance is None or instance.visibleAt <= self.now

    def teams_user(self, cmdlet: str, identity: str) -> User:
        """A user as Teams sees it; a resource account still syncing is not found, as in the service."""
        user = self.user(identity)
        if user is None or not self.visible(user):
            raise not_found(
                cmdlet, f"User '{identity}' was not found. It may not have synchronized to Teams yet."
            )
        return user

    def instance(self, user: User) -> ApplicationInstance | None:
        return self.teams.applicationInstances.get(user.id)

    def config_kind(self, config_id: str) -> str | None:
        """`AutoAttendant` / `CallQueue` for a voice app configuration id, else None."""
        if config_id in self.teams.autoAttendants:
            return "AutoAttendant"
        if config_id in self.teams.callQueues:
            return "CallQueue"
        return None

    def group_exists(self, group_id: str) -> bool:
        return group_id in self.tenant.groups


def ra_licensed(user: User) -> bool:
    return SKU_TEAMS_PHONE_RESOURCE_ACCOUNT in user.assignedSkuIds


def voice_licensed(user: User) -> bool:
    return SKU_TEAMS_PHONE in user.assignedSkuIds


def plans(user: User) -> list[dict[str, Any]]:
    """AssignedPlan / ProvisionedPlan rows of Get-CsOnlineUser for the Teams Phone SKUs a user holds."""
    rows = []
    for sku, capability in ((SKU_TEAMS_PHONE, "MCOEV"), (SKU_TEAMS_PHONE_RESOURCE_ACCOUNT, RA_PLAN)):
        if sku in user.assignedSkuIds:
            rows.append(
                {
                    "Capability": capability,
                    "CapabilityStatus": "Enabled",
                    "ServiceInstance": "MicrosoftCommunicationsOnline/NA-001-01",
                }
            )
    return rows


def require(condition: bool, error: CmdletError) -> None:
    if not condition:
        raise error
