"""The stand-in worker as a real subprocess: the ready line, sign-in failures, a multi-step request with
references, and a failing step that stops the request (docs/teams-admin-protocol.md)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from sandbox.server import RunningSandbox
from tests.sandbox.teams.helpers import StandIn, ref, step

Start = Callable[..., Awaitable[StandIn]]


async def test_ready_line_names_the_tenant(teams_sandbox: RunningSandbox, stand_in: Start) -> None:
    worker = await stand_in(teams_sandbox)
    assert await worker.line() == {
        "ready": True,
        "module": "MicrosoftTeams",
        "version": "7.0.0",
        "tenant": teams_sandbox.state.tenantId,
    }


async def test_sign_in_to_another_tenant_fails_and_exits(
    teams_sandbox: RunningSandbox, stand_in: Start
) -> None:
    worker = await stand_in(teams_sandbox, {"SWITCHBOARD_TENANT_ID": "00000000-0000-0000-0000-000000000001"})
    ready = await worker.line()
    assert ready is not None and ready["ready"] is False
    assert ready["error"]["category"] == "AuthenticationError"
    assert await worker.process.wait() == 1


async def test_missing_certificate_file_fails_sign_in(teams_sandbox: RunningSandbox, stand_in: Start) -> None:
    worker = await stand_in(teams_sandbox, {"SWITCHBOARD_CERTIFICATE_PATH": "/nonexistent/switchboard.pfx"})
    ready = await worker.line()
    assert ready is not None and ready["ready"] is False
    assert "switchboard.pfx" in ready["error"]["message"]
    assert await worker.process.wait() == 1


async def test_steps_build_on_each_other_through_references(
    teams_sandbox: RunningSandbox, stand_in: Start
) -> None:
    worker = await stand_in(teams_sandbox)
    await worker.line()
    state = teams_sandbox.state
    user = next(u for u in state.users.values() if u.department == "Tourism" and u.accountType == "user")
    response = await worker.call(
        step("New-CsCallQueue", "q", Name="Tourism Pop-up", Users=[user.id], RoutingMethod="roundrobin"),
        step(
            "New-CsAutoAttendantCallableEntity",
            "e",
            Identity=ref("q", "Identity"),
            Type="ConfigurationEndpoint",
        ),
        step(
            "New-CsAutoAttendantMenuOption",
            Action="TransferCallToTarget",
            DtmfResponse="Automatic",
            CallTarget=ref("e"),
        ),
    )
    assert response["ok"] is True and len(response["results"]) == 3
    queue, entity, option = response["results"]
    assert queue["RoutingMethod"] == "RoundRobin"  # ValidateSet is case-insensitive; output is canonical
    assert queue["Agents"] == [{"ObjectId": user.id, "OptIn": True}]
    assert entity == {
        "Id": queue["Identity"],
        "Type": "ConfigurationEndpoint",
        "EnableTranscription": False,
        "EnableSharedVoicemailSystemPromptSuppression": False,
        "CallPriority": 3,
    }
    assert option["CallTarget"] == entity and option["DtmfResponse"] == "Automatic"
    assert queue["Identity"] in state.teams.callQueues


async def test_first_failing_step_stops_the_request(teams_sandbox: RunningSandbox, stand_in: Start) -> None:
    worker = await stand_in(teams_sandbox)
    await worker.line()
    response = await worker.call(
        step("New-CsOnlineTimeRange", "t", Start="09:00", End="17:00"),
        step("New-CsCallQueue", Name="Bad", AgentAlertTime=5),
        step("New-CsCallQueue", Name="Never created"),
    )
    assert response["ok"] is False and response["step"] == 2
    assert len(response["results"]) == 1  # the outputs of the steps that ran
    assert response["error"]["fqid"] == "ParameterArgumentValidationError,New-CsCallQueue"
    assert not any(q["Name"] == "Never created" for q in teams_sandbox.state.teams.callQueues.values())
    # The worker keeps serving after a failed request.
    assert (await worker.call(step("Get-CsAutoAttendantSupportedTimeZone", Identity="UTC")))["ok"] is True


async def test_unknown_reference_is_refused(teams_sandbox: RunningSandbox, stand_in: Start) -> None:
    worker = await stand_in(teams_sandbox)
    await worker.line()
    response = await worker.call(step("Get-CsCallQueue", Identity=ref("nothing", "Identity")))
    assert response["ok"] is False and "nothing" in response["error"]["message"]
