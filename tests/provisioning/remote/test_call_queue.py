"""Call queues applied to the county sandbox over real HTTP, through the stand-in Teams PowerShell workers
and the engine (journal and audit on SQLite and PostgreSQL): create, change, confirm, re-plan empty, and a
lost answer on New-CsCallQueue that creates no second queue."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
import pytest

from graph import Graph, GraphConfig, open_graph
from graph.teams_admin import TeamsAdmin, open_teams_admin, render_script, teams_admin_config
from provisioning import Applier, parse_phone_system, read_current
from provisioning.current import CurrentState
from provisioning.plan import Action, Change, Plan, Step
from provisioning.planner import plan
from provisioning.remote import Wire, WriteFailed
from provisioning.remote import call_queue as call_queue_remote
from provisioning.remote.call_queue import REMOTE, mismatches, script
from provisioning.voiceapps import read_voice_apps, teams_admin_source
from provisioning.voiceapps.model import CallQueue, QueueException, VoiceApps
from sandbox.server import RunningSandbox
from store import Store
from tests.conftest import SandboxFactory

DOMAIN = "palmetto-county.example"
HELEN, DEBORAH, JACOB = (f"{n}@{DOMAIN}" for n in ("helen.jordan", "deborah.reyes", "jacob.jackson"))
GROUPS = ["Fire Fee Line Agents", "Building and Permits Staff"]

FIRST = f"""
call_queues:
  - name: Fire Services Fee
    language: en-US
    greeting: Thank you for calling about the fire services fee.
    routing: Serial
    alert_time: 20
    agents: [{HELEN}, {DEBORAH}]
    groups: [Fire Fee Line Agents]
    overflow: {{threshold: 8, to: {{shared_voicemail: Building and Permits Staff}}, greeting: Please leave a message.}}
    timeout: {{threshold: 300, to: {{call_queue: Fire Fee Questions, priority: 2}}}}
    no_agent: {{to: {{voicemail: {HELEN}}}, applies_to: new_calls}}
    authorized_users: [{JACOB}]
"""

SECOND = f"""
call_queues:
  - name: Fire Services Fee
    language: en-US
    routing: LongestIdle
    alert_time: 45
    agents: [{DEBORAH}, {JACOB}]
    overflow: {{threshold: 8, to: {{external: "+15615550142"}}}}
    timeout: {{threshold: 300}}
"""


async def state(graph: Graph, teams: TeamsAdmin) -> CurrentState:
    current = await read_current(graph, groups=GROUPS)
    return dataclasses.replace(current, voice=await read_voice_apps(teams_admin_source(teams), graph))


def planned(text: str, current: CurrentState) -> Plan:
    system = parse_phone_system(text, "county.yaml")
    voice = VoiceApps(call_queues=tuple(q.to_domain() for q in system.call_queues))
    return plan(system, [], current, {}, voice=voice)


async def teams_log(sb: RunningSandbox) -> list[dict[str, Any]]:
    async with aiohttp.ClientSession() as http, http.get(f"{sb.root_url}/_sandbox/teams/log") as response:
        return list(await response.json())


async def set_faults(sb: RunningSandbox, faults: str) -> None:
    async with aiohttp.ClientSession() as http:
        response = await http.post(f"{sb.root_url}/_sandbox/faults", json={"faults": faults})
        assert response.status == 200, await response.text()


def queues_named(sb: RunningSandbox, name: str) -> list[dict[str, Any]]:
    return [q for q in sb.state.teams.callQueues.values() if q["Name"] == name]


async def apply_and_replan(
    text: str, graph: Graph, teams: TeamsAdmin, store: Store, ops: list[str]
) -> CurrentState:
    current = await state(graph, teams)
    first = planned(text, current)
    assert not first.problems
    assert [a.op for a in first.actions] == ops
    result = await Applier(graph, store, actor="test", teams=teams).apply(first, current)
    assert result.ok, result.failed
    after = await state(graph, teams)
    again = planned(text, after)
    assert again.actions == () and not again.problems
    assert [n.reason for n in again.unchanged if n.upn == "Fire Services Fee"] == [
        "call queue Fire Services Fee matches"
    ]
    return after


@asynccontextmanager
async def connected(sb: RunningSandbox, database_url: str) -> AsyncIterator[tuple[Graph, TeamsAdmin, Store]]:
    """Graph, the stand-in Teams workers and a store, as the product opens them, closed afterwards."""
    store = await Store.open(database_url)
    config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=2, request_timeout_s=20)
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph, open_teams_admin(config) as teams:
            yield graph, teams, store
    finally:
        await store.close()


async def test_a_queue_is_created_changed_and_then_plans_empty(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county")
    async with connected(sb, database_url) as (graph, teams, store):
        await apply_and_replan(FIRST, graph, teams, store, ["create_call_queue"])
        (queue,) = queues_named(sb, "Fire Services Fee")
        users = {u.userPrincipalName.lower(): u.id for u in sb.state.users.values()}
        assert queue["Users"] == [users[HELEN], users[DEBORAH]]  # ring order kept
        assert queue["RoutingMethod"] == "Serial" and queue["AgentAlertTime"] == 20
        assert queue["OverflowAction"] == "SharedVoicemail" and queue["OverflowThreshold"] == 8
        assert queue["TimeoutActionTarget"]["Type"] == "ConfigurationEndpoint"
        assert queue["TimeoutActionCallPriority"] == 2
        assert queue["NoAgentAction"] == "Voicemail" and queue["NoAgentApplyTo"] == "NewCalls"
        assert queue["AuthorizedUsers"] == [users[JACOB]]
        after = await apply_and_replan(SECOND, graph, teams, store, ["update_call_queue"])
        (queue,) = queues_named(sb, "Fire Services Fee")
        assert queue["Users"] == [users[DEBORAH], users[JACOB]]
        assert queue["WelcomeTextToSpeechPrompt"] is None and queue["DistributionLists"] == []
        assert queue["OverflowActionTarget"] == {"Id": "tel:+15615550142", "Type": "Phone"}
        assert queue["OverflowSharedVoicemailTextToSpeechPrompt"] is None
        assert queue["TimeoutAction"] == "Disconnect" and queue["AuthorizedUsers"] == []
        read = after.voice.call_queue("Fire Services Fee") if after.voice else None
        assert read is not None and read.routing == "LongestIdle" and read.alert_time == 45
        audited = [e.action for e in await store.audit.list(limit=50)]
        assert sorted(audited) == ["create_call_queue", "update_call_queue"]


async def test_a_lost_answer_on_new_cs_call_queue_creates_no_second_queue(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county")
    async with connected(sb, database_url) as (graph, teams, store):
        current = await state(graph, teams)
        first = planned(FIRST, current)
        before = len(await teams_log(sb))
        await set_faults(sb, "teams:lost@1.0/New-CsCallQueue")
        result = await Applier(graph, store, actor="test", teams=teams).apply(first, current)
        await set_faults(sb, "")
        assert result.ok, result.failed
        sent = [e for e in (await teams_log(sb))[before:] if "New-CsCallQueue" in e["cmdlets"]]
        assert [(e["fault"], e["applied"]) for e in sent] == [("lost", True)]  # the answer was lost
        assert len(queues_named(sb, "Fire Services Fee")) == 1
        again = planned(FIRST, await state(graph, teams))
        assert again.actions == ()


def test_the_powershell_preview_looks_names_up_then_sends_what_apply_sends() -> None:
    system = parse_phone_system(
        "call_queues:\n  - {name: Permits, agents: [ana@county.gov], timeout: {to: {call_queue: Building}}}\n",
        "county.yaml",
    )
    queue = system.call_queues[0].to_domain()
    create = Action("call_queue", Step("create_call_queue", "Permits"), "", None, queue, "", Change.CREATE)
    rendered = render_script(script(create)).splitlines()
    assert rendered[0] == "$user_ana = Get-CsOnlineUser -Identity 'ana@county.gov'"
    assert rendered[1] == "$queue_Building = Get-CsCallQueue -NameFilter 'Building'"
    assert rendered[2].startswith("New-CsCallQueue -Name 'Permits' -RoutingMethod 'Attendant'")
    assert "-User @($user_ana.Identity)" in rendered[2]
    assert (
        "-TimeoutAction 'Forward' -TimeoutThreshold 1200 -TimeoutActionTarget $queue_Building.Identity"
        in rendered[2]
    )
    assert "-TimeoutActionCallPriority 3" in rendered[2]
    update = dataclasses.replace(create, step=Step("update_call_queue", "Permits", "", "x"), before=queue)
    lines = render_script(script(update)).splitlines()
    assert lines[0] == "$queue_Permits = Get-CsCallQueue -NameFilter 'Permits'"
    assert lines[-1].startswith("Set-CsCallQueue -Identity $queue_Permits.Identity -Name 'Permits'")
    assert "-Users @($user_ana.Identity)" in lines[-1]
    removal = dataclasses.replace(create, step=Step("remove_call_queue", "Permits"), before=queue, after=None)
    assert (
        render_script(script(removal)).splitlines()[-1]
        == "Remove-CsCallQueue -Identity $queue_Permits.Identity"
    )


def test_a_write_is_confirmed_only_when_every_parameter_reads_back() -> None:
    sent = {
        "Users": ["AB-1", "cd-2"],
        "OverflowActionTarget": "tel:+15615550142",
        "WelcomeTextToSpeechPrompt": None,
        "AgentAlertTime": 20,
        "ConferenceMode": False,
    }
    read = {
        "Users": ["ab-1", "cd-2"],
        "OverflowActionTarget": {"Id": "tel:+15615550142", "Type": "Phone"},
        "WelcomeTextToSpeechPrompt": "",
        "AgentAlertTime": 20,
        "ConferenceMode": False,
    }
    assert mismatches(sent, read) == []
    assert mismatches({**sent, "User": ["cd-2", "ab-1"]}, read) == ["User"]  # New's -User reads as Users
    assert mismatches(sent, {**read, "AgentAlertTime": 30, "WelcomeTextToSpeechPrompt": "Hi"}) == [
        "WelcomeTextToSpeechPrompt",
        "AgentAlertTime",
    ]
    assert mismatches(sent, {**read, "ConferenceMode": True}) == ["ConferenceMode"]


async def test_the_observer_tells_a_crashed_runs_writes_apart(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    """After a crash the engine asks the observer what a `submitted` step did: an update counts as done
    only once the queue reads back with the settings the step's key fingerprints."""
    sb = await sandbox_factory("county")
    async with connected(sb, database_url) as (graph, teams, store):
        wire = Wire(graph, teams)
        create = planned(FIRST, await state(graph, teams)).actions[0]
        assert await REMOTE.observe(wire, create.step, "") is False
        await apply_and_replan(FIRST, graph, teams, store, ["create_call_queue"])
        assert await REMOTE.observe(wire, create.step, "") is True
        (update,) = planned(SECOND, await state(graph, teams)).actions
        assert await REMOTE.observe(wire, update.step, "") is False  # not written yet

        async def submitted(_: str) -> None:
            return None

        await REMOTE.apply(wire, update, submitted)  # the write of the run that then died
        assert await REMOTE.observe(wire, update.step, "") is True
        removal = Action(
            "call_queue",
            Step("remove_call_queue", "Fire Services Fee"),
            "",
            None,
            None,
            "",
            Change.REMOVE,
        )
        assert await REMOTE.observe(wire, removal.step, "") is False


async def test_a_write_that_reads_back_differently_fails_naming_the_setting(
    sandbox_factory: SandboxFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service rounds a timeout to 15 s steps (the file refuses such values; a domain queue built
    in code need not): the read-back sees 105, not 100, and the step fails instead of passing as done."""
    monkeypatch.setattr(call_queue_remote, "CONFIRM_WITHIN_S", 1.0)
    sb = await sandbox_factory("county")
    config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=1, request_timeout_s=20)
    async with open_graph(GraphConfig(base_url=sb.base_url)) as graph, open_teams_admin(config) as teams:
        queue = CallQueue("Odd Timeout", timeout=QueueException("disconnect", threshold=100))
        create = Action(
            "call_queue", Step("create_call_queue", queue.name), "", None, queue, "", Change.CREATE
        )

        async def submitted(_: str) -> None:
            return None

        with pytest.raises(WriteFailed, match="does not read back as written after 1 s: TimeoutThreshold"):
            await REMOTE.apply(Wire(graph, teams), create, submitted)
    (stored,) = queues_named(sb, "Odd Timeout")
    assert stored["TimeoutThreshold"] == 105
