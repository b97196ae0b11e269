"""Export after hand edits: the county seed, then an admin's changes made outside Switchboard (a queue,
its resource account licensed and associated, a setting changed on an existing queue) sent to the
Teams side as the stand-in sends them and to Graph; `export` then captures them and `plan` of that export
shows zero changes, on both database engines."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from sandbox.state import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT
from tests.conftest import FAST, SandboxFactory
from tests.provisioning.voice.harness import edited, service_for
from tests.sandbox.teams.helpers import CQ_APP, ok, step

RA = "animal-control@palmetto-county.example"


async def test_hand_edits_export_to_a_file_that_plans_to_zero_changes(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county", config=replace(FAST, teams_delay_s=0.3))
    (queue,) = await ok(
        sb,
        step("New-CsCallQueue", Name="Animal Control", LanguageId="en-US", UseDefaultMusicOnHold=True,
             AgentAlertTime=45, RoutingMethod="Serial"),
    )  # fmt: skip
    (account,) = await ok(
        sb,
        step("New-CsOnlineApplicationInstance", UserPrincipalName=RA, DisplayName="Animal Control", ApplicationId=CQ_APP),
    )  # fmt: skip
    existing = next(q for q in sb.state.teams.callQueues.values() if q["Name"] != "Animal Control")
    await ok(sb, step("Set-CsCallQueue", Identity=existing["Identity"], AgentAlertTime=60))
    async with service_for(sb, database_url) as service:
        await service.graph.users.set_usage_location(account["ObjectId"], "US")
        await service.graph.users.assign_license(account["ObjectId"], add=[SKU_TEAMS_PHONE_RESOURCE_ACCOUNT])
        await asyncio.sleep(0.4)  # Teams sees the new account after the sync delay
        await ok(
            sb,
            step("New-CsOnlineApplicationInstanceAssociation", Identities=[account["ObjectId"]],
                 ConfigurationId=queue["Identity"], ConfigurationType="CallQueue"),
        )  # fmt: skip
        desired = edited(await service.export())
        planned = (await service.plan(desired)).plan
    assert planned.empty, (planned.actions[:5], planned.problems[:5])
    animal = next(q for q in desired.call_queues if q.name == "Animal Control")
    assert animal.alert_time == 45 and animal.routing == "Serial" and animal.resource_accounts == [RA]
    assert next(q for q in desired.call_queues if q.name == existing["Name"]).alert_time == 60
    assert RA in {ra.upn for ra in desired.resource_accounts}
