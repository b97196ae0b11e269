"""Resource account ↔ auto attendant / call queue associations.

Cmdlets: New-/Get-/Remove-CsOnlineApplicationInstanceAssociation. Output: {Id (the RA's object id),
ConfigurationId, ConfigurationType, CallPriority}. One RA serves at most one voice app.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.teams_admin.calls import Call
from graph.teams_admin.client import TeamsAdminClient
from graph.teams_admin.errors import NotFound, UnknownOutcome
from graph.teams_admin.parse import Json, as_list, number, text


@dataclass(frozen=True)
class Association:
    resource_account_id: str
    configuration_id: str
    configuration_type: str | None  # AutoAttendant | CallQueue (kept raw)
    call_priority: int | None = None
    raw: Json = field(default_factory=dict, compare=False, repr=False)  # as the module printed it

    @classmethod
    def parse(cls, data: Json) -> Association:
        return cls(
            resource_account_id=text(data, "Id", "ObjectId") or "",
            configuration_id=text(data, "ConfigurationId") or "",
            configuration_type=text(data, "ConfigurationType"),
            call_priority=number(data, "CallPriority"),
            raw=data,
        )


class AssociationsApi:
    def __init__(self, client: TeamsAdminClient) -> None:
        self.client = client

    async def get(self, resource_account_id: str) -> Association | None:
        """The RA's association, or None when it serves no voice app."""
        try:
            output = await self.client.one(
                Call("Get-CsOnlineApplicationInstanceAssociation", {"Identity": resource_account_id})
            )
        except NotFound:
            return None
        items = [Association.parse(item) for item in as_list(output) if isinstance(item, dict)]
        return next((a for a in items if a.configuration_id), None)

    async def of(self, resource_account_ids: Iterable[str]) -> list[Association]:
        """The associations of these RAs (the cmdlet reads one RA at a time), in the order given; RAs that
        serve no voice app are left out. The reads share the worker pool."""
        found = await asyncio.gather(*(self.get(ra_id) for ra_id in resource_account_ids))
        return [a for a in found if a is not None]

    async def associate(
        self,
        resource_account_id: str,
        configuration_id: str,
        configuration_type: str,
        *,
        call_priority: int | None = None,
    ) -> Association:
        """Associate; after an unknown outcome, read the RA's association before anything is re-sent."""
        params: dict[str, Any] = {
            "Identities": [resource_account_id],
            "ConfigurationId": configuration_id,
            "ConfigurationType": configuration_type,
        }
        if call_priority is not None:
            params["CallPriority"] = call_priority
        try:
            await self.client.write(Call("New-CsOnlineApplicationInstanceAssociation", params))
        except UnknownOutcome:
            existing = await self.get(resource_account_id)
            if existing is None or existing.configuration_id != configuration_id:
                raise
            return existing
        return Association(resource_account_id, configuration_id, configuration_type, call_priority)

    async def remove(self, resource_account_id: str) -> None:
        await self.client.write(
            Call("Remove-CsOnlineApplicationInstanceAssociation", {"Identities": [resource_account_id]})
        )
