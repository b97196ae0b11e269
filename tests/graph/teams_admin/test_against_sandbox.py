"""The product's Teams admin path (pool, protocol, typed modules) against the sandbox's pwsh stand-in.

Runs once the sandbox plays the Teams admin side (`sandbox.pwsh`); the same checks run on real HTTP, with
the sandbox's own `teams` faults, and its request log proves a write was sent once.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from typing import Any

import aiohttp
import pytest

from graph.config import GraphConfig
from graph.teams_admin import (
    AutoAttendantSpec,
    FlowSpec,
    HandlingSpec,
    OptionSpec,
    Target,
    TeamsAdmin,
    TeamsAdminConfig,
    UnknownOutcome,
    open_teams_admin,
    teams_admin_config,
)
from graph.teams_admin.schedules import TimeRange, fixed_schedule_script, weekly_schedule_script

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("sandbox.pwsh") is None, reason="the sandbox does not play Teams admin yet"
)


async def no_wait(_: float) -> None:
    return None


async def set_faults(root: str, faults: str) -> None:
    async with aiohttp.ClientSession() as http:
        response = await http.post(f"{root}/_sandbox/faults", json={"faults": faults})
        assert response.status == 200, await response.text()


async def teams_log(root: str) -> list[dict[str, Any]]:
    async with aiohttp.ClientSession() as http:
        response = await http.get(f"{root}/_sandbox/teams/log")
        return list(await response.json())


def sandbox_config(graph_url: str) -> TeamsAdminConfig:
    config = teams_admin_config(GraphConfig(base_url=graph_url), pool_size=2, request_timeout_s=20)
    assert config.argv[1:4] == ("-m", "sandbox.pwsh", "--url")  # chosen by the loopback URL alone
    return config


async def reads_the_county(admin: TeamsAdmin) -> None:
    attendants = await admin.auto_attendants.list()
    queues = await admin.call_queues.list()
    accounts = await admin.resource_accounts.list()
    schedules = await admin.schedules.list()
    assert attendants and queues and accounts and schedules
    assert all(a.id and a.name and a.language_id and a.time_zone_id for a in attendants)
    assert any(a.call_handling_associations for a in attendants)
    assert {r.kind for r in accounts} <= {"AutoAttendant", "CallQueue"} | {r.application_id for r in accounts}
    assert any(s.is_fixed for s in schedules) and any(not s.is_fixed for s in schedules)
    assert any(lang.id == "es-US" for lang in await admin.supported.languages())


async def builds_a_line(admin: TeamsAdmin) -> None:
    queue = await admin.call_queues.create(
        "Pop-up: storm debris", {"AgentAlertTime": 20, "RoutingMethod": "RoundRobin"}
    )
    hours = await admin.schedules.create(
        weekly_schedule_script("Debris hours", {"Monday": [("08:00", "17:00")]}, complement=True)
    )
    closed = await admin.schedules.create(fixed_schedule_script("Debris closures", [("25/12/2026", None)]))
    spec = AutoAttendantSpec(
        "Storm debris line",
        "en-US",
        "Eastern Standard Time",
        FlowSpec(
            "Open",
            (
                OptionSpec(
                    "Automatic", "TransferCallToTarget", Target(queue.identity, "ConfigurationEndpoint")
                ),
            ),
            greeting="Storm debris pickup",
        ),
        handlings=(
            HandlingSpec(
                "AfterHours",
                hours.id,
                FlowSpec("Closed", (OptionSpec("Automatic", "DisconnectCall"),), greeting="We're closed"),
            ),
            HandlingSpec(
                "Holiday", closed.id, FlowSpec("Holiday", (OptionSpec("Automatic", "DisconnectCall"),))
            ),
        ),
    )
    created = await admin.auto_attendants.create(spec)
    again = await admin.auto_attendants.get(created.id)
    assert again.name == "Storm debris line"
    assert again.default_call_flow.menu.options[0].call_target is not None
    assert again.default_call_flow.menu.options[0].call_target.id == queue.identity
    assert {a.type for a in again.call_handling_associations} == {"AfterHours", "Holiday"}
    assert {a.schedule_id for a in again.call_handling_associations} == {hours.id, closed.id}
    assert hours.weekly["Monday"][0].start == "08:00" and hours.complement


async def opens_and_closes_an_emergency_window(admin: TeamsAdmin) -> None:
    window = await admin.schedules.create(fixed_schedule_script("Emergency window", []))
    opened = await admin.schedules.update(
        dataclasses.replace(window, fixed_ranges=(TimeRange("2026-11-29T18:00:00", "2026-11-30T06:00:00"),))
    )
    assert opened.fixed_ranges == (TimeRange("2026-11-29T18:00:00", "2026-11-30T06:00:00"),)
    attendant = (await admin.auto_attendants.list())[0]
    flows = len(attendant.call_flows)
    emergency = HandlingSpec(
        "Holiday",
        window.id,
        FlowSpec("Emergency", (OptionSpec("Automatic", "DisconnectCall"),), greeting="Closed"),
    )
    attached = await admin.auto_attendants.add_handling(attendant, emergency)
    added = [a for a in attached.call_handling_associations if a.schedule_id == window.id]
    assert len(added) == 1 and len(attached.call_flows) == flows + 1
    flow = attached.flow(added[0].call_flow_id)
    assert flow is not None and flow.name == "Emergency" and flow.greetings[0].text == "Closed"
    assert attendant.id in (await admin.schedules.get(window.id)).associated_configuration_ids
    detached = await admin.auto_attendants.remove_handling(attached, window.id)
    assert detached.call_handling_associations == attendant.call_handling_associations
    assert len(detached.call_flows) == flows


async def lost_answers_never_duplicate(admin: TeamsAdmin, root: str) -> None:
    before = len(await teams_log(root))
    await set_faults(root, "teams:lost@1.0")
    with pytest.raises(UnknownOutcome):
        await admin.call_queues.create("Lost answer queue")
    await set_faults(root, "")
    sent = [e for e in (await teams_log(root))[before:] if "New-CsCallQueue" in e["cmdlets"]]
    assert len(sent) == 1 and sent[0]["applied"] is True
    assert admin.client.pool.replaced >= 2  # the create's worker and the read's workers died
    found = await admin.call_queues.find_by_name("Lost answer queue")
    assert found is not None


async def test_the_sandbox_stand_in_reads_and_builds_voice_apps(sandbox: Any) -> None:
    async with open_teams_admin(sandbox_config(sandbox.base_url), sleep=no_wait) as admin:
        await reads_the_county(admin)
        await builds_a_line(admin)
        await opens_and_closes_an_emergency_window(admin)


async def test_a_lost_answer_on_the_sandbox_is_never_sent_twice(sandbox: Any) -> None:
    async with open_teams_admin(sandbox_config(sandbox.base_url), sleep=no_wait) as admin:
        await lost_answers_never_duplicate(admin, sandbox.root_url)
