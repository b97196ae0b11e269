"""Eventual consistency: a new resource account is in Entra at once (Graph /users, disabled; and
Get-CsOnlineApplicationInstance) but Teams sees it only after the configured delay: until then
Get-CsOnlineUser, number assignment and association all answer "not found"."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace

from sandbox.server import RunningSandbox
from sandbox.state import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT
from tests.conftest import FAST, SandboxFactory
from tests.sandbox.teams.helpers import CQ_APP, StandIn, graph, ok, queue_id, step

Start = Callable[..., Awaitable[StandIn]]
DELAY_S = 1.5


async def test_new_account_waits_for_teams_then_works(
    sandbox_factory: SandboxFactory, stand_in: Start
) -> None:
    sb: RunningSandbox = await sandbox_factory("county", config=replace(FAST, teams_delay_s=DELAY_S))
    worker = await stand_in(sb)
    await worker.line()
    upn = f"storm-line@{sb.state.defaultDomain}"
    created_at = time.monotonic()
    created = await worker.call(
        step(
            "New-CsOnlineApplicationInstance",
            UserPrincipalName=upn,
            ApplicationId=CQ_APP,
            DisplayName="Storm Line",
        )
    )
    ra = created["results"][0]["ObjectId"]

    # Entra has it at once: Graph returns a disabled user, the directory cmdlet finds it.
    status, user = await graph(sb, "GET", f"/users/{ra}?$select=accountEnabled,userPrincipalName")
    assert status == 200 and user["accountEnabled"] is False and user["userPrincipalName"] == upn
    assert (await worker.call(step("Get-CsOnlineApplicationInstance", Identity=upn)))["ok"] is True
    await graph(sb, "PATCH", f"/users/{ra}", {"usageLocation": "US"})
    await graph(
        sb,
        "POST",
        f"/users/{ra}/assignLicense",
        {"addLicenses": [{"skuId": SKU_TEAMS_PHONE_RESOURCE_ACCOUNT}], "removeLicenses": []},
    )
    number = next(
        n.telephoneNumber
        for n in sorted(sb.state.numbers.values(), key=lambda n: n.telephoneNumber)
        if n.assignmentTargetId is None and "voiceApplicationAssignment" in n.capabilities
    )
    teams_steps = {
        "user": step("Get-CsOnlineUser", Identity=upn),
        "number": step(
            "Set-CsPhoneNumberAssignment", Identity=upn, TelephoneNumber=number, NumberType="OperatorConnect"
        ),
        "association": step(
            "New-CsOnlineApplicationInstanceAssociation",
            Identities=[ra],
            ConfigurationId=queue_id(sb, "Customer Service"),
            ConfigurationType="CallQueue",
        ),
    }
    for name, call in teams_steps.items():
        early = await worker.call(call)
        assert time.monotonic() - created_at < DELAY_S, "the test ran too slowly to see the delay"
        assert early["ok"] is False and early["error"]["status"] == 404, name
    assert sb.state.numbers[number].assignmentTargetId is None and ra not in sb.state.teams.associations

    await asyncio.sleep(DELAY_S - (time.monotonic() - created_at) + 0.1)
    for name, call in teams_steps.items():
        late = await worker.call(call)
        assert late["ok"] is True, (name, late.get("error"))
    assert sb.state.numbers[number].assignmentTargetId == ra
    assert sb.state.teams.associations[ra].configurationId == queue_id(sb, "Customer Service")


async def test_graph_cannot_give_a_number_to_an_account_teams_has_not_seen(
    sandbox_factory: SandboxFactory,
) -> None:
    sb: RunningSandbox = await sandbox_factory("county", config=replace(FAST, teams_delay_s=30.0))
    created = await ok(
        sb,
        step(
            "New-CsOnlineApplicationInstance",
            UserPrincipalName=f"late@{sb.state.defaultDomain}",
            ApplicationId=CQ_APP,
        ),
    )
    ra = created[0]["ObjectId"]
    await graph(sb, "PATCH", f"/users/{ra}", {"usageLocation": "US"})
    await graph(
        sb,
        "POST",
        f"/users/{ra}/assignLicense",
        {"addLicenses": [{"skuId": SKU_TEAMS_PHONE_RESOURCE_ACCOUNT}], "removeLicenses": []},
    )
    number = next(
        n
        for n, r in sorted(sb.state.numbers.items())
        if r.assignmentTargetId is None and "voiceApplicationAssignment" in r.capabilities
    )
    body = {"telephoneNumber": number, "assignmentTargetId": ra, "numberType": "operatorConnect"}
    status, _ = await graph(
        sb, "POST", "/admin/teams/telephoneNumberManagement/numberAssignments/assignNumber", body
    )
    assert status == 202
    await asyncio.sleep(0.3)  # past the (fast) operation delay; the next read settles the order
    status, listing = await graph(
        sb, "GET", f"/admin/teams/telephoneNumberManagement/numberAssignments/{sb.state.numbers[number].id}"
    )
    assert listing["assignmentStatus"] == "unassigned"
    assert sb.state.operations[list(sb.state.operations)[-1]].status == "failed"
