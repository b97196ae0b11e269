"""Fault group `teams`, each kind actually happening through the stand-in subprocess: throttling and
service errors answer with the module's error and change nothing; `die` exits before doing anything;
`lost` does the work and exits unanswered; `hang` never answers; 504 may have done the write."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import pytest

from sandbox.config import parse_faults
from sandbox.server import RunningSandbox
from tests.sandbox.teams.helpers import StandIn, get_json, set_faults, step

Start = Callable[..., Awaitable[StandIn]]


def names(sb: RunningSandbox) -> set[str]:
    return {q["Name"] for q in sb.state.teams.callQueues.values()}


async def ready_worker(sb: RunningSandbox, start: Start, faults: str) -> StandIn:
    worker = await start(sb)
    assert (await worker.line() or {}).get("ready") is True
    await set_faults(sb, faults)
    return worker


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("429", 429, "TooManyRequests"),
        ("500", 500, "InternalServerError"),
        ("503", 503, "ServiceUnavailable"),
    ],
)
async def test_error_faults_answer_with_the_module_error_and_apply_nothing(
    teams_sandbox: RunningSandbox, stand_in: Start, kind: str, status: int, code: str
) -> None:
    worker = await ready_worker(teams_sandbox, stand_in, f"teams:{kind}@1")
    response = await worker.call(
        step("New-CsOnlineTimeRange", Start="09:00", End="10:00"),  # local: no REST call, no fault
        step("New-CsCallQueue", Name=f"Fault {kind}"),
    )
    assert response["ok"] is False and response["step"] == 2
    assert response["error"]["status"] == status
    assert (
        response["error"]["fqid"]
        == f"{code},Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Cmdlets.NewCsCallQueue_NewExpanded"
    )
    assert f"Fault {kind}" not in names(teams_sandbox)


async def test_die_exits_without_answer_before_applying(
    teams_sandbox: RunningSandbox, stand_in: Start
) -> None:
    worker = await ready_worker(teams_sandbox, stand_in, "teams:die@1")
    await worker.send(step("New-CsCallQueue", Name="Died"))
    assert await worker.line() is None  # EOF: no response line
    assert await worker.process.wait() == 1
    assert "Died" not in names(teams_sandbox)
    log = await get_json(teams_sandbox, "/_sandbox/teams/log")
    assert log[-1]["action"] == "die" and log[-1]["applied"] is False


async def test_lost_answer_applies_then_exits(teams_sandbox: RunningSandbox, stand_in: Start) -> None:
    worker = await ready_worker(teams_sandbox, stand_in, "teams:lost@1")
    await worker.send(step("New-CsCallQueue", Name="Lost answer"))
    assert await worker.line() is None
    assert await worker.process.wait() == 1
    assert "Lost answer" in names(teams_sandbox)  # the work was done
    log = await get_json(teams_sandbox, "/_sandbox/teams/log")
    assert log[-1]["action"] == "die" and log[-1]["applied"] is True


async def test_hang_never_answers_and_applies_nothing(teams_sandbox: RunningSandbox, stand_in: Start) -> None:
    worker = await ready_worker(teams_sandbox, stand_in, "teams:hang@1")
    await worker.send(step("New-CsCallQueue", Name="Hung"))
    with pytest.raises(asyncio.TimeoutError):
        await worker.line(wait_s=1.5)
    assert worker.process.returncode is None  # still running: only a deadline and a kill end it
    assert "Hung" not in names(teams_sandbox)


async def test_gateway_timeout_on_a_write_may_have_applied_it(
    teams_sandbox: RunningSandbox, stand_in: Start
) -> None:
    worker = await ready_worker(teams_sandbox, stand_in, "teams:504@1")
    response = await worker.call(step("New-CsCallQueue", Name="Timed out"))
    assert response["ok"] is False and response["error"]["status"] == 504
    assert "Timed out" in names(teams_sandbox)


async def test_faults_clear_and_the_next_worker_succeeds(
    teams_sandbox: RunningSandbox, stand_in: Start
) -> None:
    worker = await ready_worker(teams_sandbox, stand_in, "teams:die@1")
    await worker.send(step("Get-CsCallQueue", First=1))
    assert await worker.line() is None
    await set_faults(teams_sandbox, "")
    again = await stand_in(teams_sandbox)
    assert (await again.line() or {}).get("ready") is True
    assert (await again.call(step("Get-CsCallQueue", First=1)))["ok"] is True


def test_teams_only_kinds_are_refused_for_other_groups() -> None:
    assert parse_faults("teams:die@0.1,teams:lost@0.1,teams:hang@0.1,teams:500@0.1").rules
    with pytest.raises(ValueError, match="teams group"):
        parse_faults("numbers:die@0.5")


async def test_a_rule_naming_a_cmdlet_hits_only_requests_that_run_it(
    teams_sandbox: RunningSandbox, stand_in: Start
) -> None:
    worker = await ready_worker(teams_sandbox, stand_in, "teams:503@1/New-CsCallQueue")
    assert (await worker.call(step("Get-CsCallQueue", First=1)))["ok"] is True  # reads still answer
    refused = await worker.call(step("New-CsCallQueue", Name="Drilled"))
    assert refused["ok"] is False and refused["error"]["status"] == 503
    assert "Drilled" not in names(teams_sandbox)


def test_only_a_teams_rule_names_a_cmdlet() -> None:
    (rule,) = parse_faults("teams:lost@1.0/New-CsCallQueue").rules
    assert (rule.kind, rule.cmdlet) == ("lost", "New-CsCallQueue")
    assert rule.hits(["Get-CsCallQueue", "new-cscallqueue"]) and not rule.hits(["Get-CsCallQueue"])
    assert parse_faults("teams:lost@1.0/New-CsCallQueue").describe() == "teams:lost@1/New-CsCallQueue"
    for bad in ("numbers:503@1/New-CsCallQueue", "teams:lost@1/"):
        with pytest.raises(ValueError, match="only a teams rule names a cmdlet"):
            parse_faults(bad)
