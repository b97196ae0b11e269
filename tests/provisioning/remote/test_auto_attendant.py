"""Auto attendants and schedules on the wire, against the county sandbox over real HTTP through the
stand-in Teams workers and the engine (SQLite and PostgreSQL): a lost answer on New-CsAutoAttendant or on
Set-CsAutoAttendant is read back, never sent twice; and the PowerShell preview is the script apply runs,
valid by the module's contract."""

from __future__ import annotations

import dataclasses
from typing import Any

from graph import Graph, GraphConfig, open_graph
from graph.teams_admin import TeamsAdmin, check_script, open_teams_admin, render_script, teams_admin_config
from provisioning import Applier, parse_phone_system, read_current
from provisioning.current import CurrentState
from provisioning.desired import desired_voice_apps
from provisioning.plan import Plan
from provisioning.planner import plan
from provisioning.remote.auto_attendant import script as attendant_script
from provisioning.remote.schedule import script as schedule_script
from provisioning.voiceapps import read_voice_apps, teams_admin_source
from provisioning.voiceapps.model import CallQueue, VoiceApps
from sandbox.server import RunningSandbox
from store import Store
from tests.conftest import SandboxFactory
from tests.sandbox.teams.helpers import get_json, ok, ref, set_faults, step

LINE = """
schedules:
  - {name: Fee Hours, hours: {monday-friday: ["08:00-17:00"]}}
  - name: Fee Holidays
    dates: [{name: Christmas, date: 2026-12-25}, {name: New Year, date: 2027-01-01}]
auto_attendants:
  - name: Fire Fee Line
    language: en-US
    time_zone: Eastern Standard Time
    business_hours: Fee Hours
    greeting: Fire services fee line.
    menu:
      options:
        - {key: 1, to: {call_queue: Building Permits}}
        - {key: 9, announcement: "Fees are due on March 1."}
    after_hours: {menu: {options: [{key: automatic, disconnect: true}]}}
    holidays: [{set: Fee Holidays, menu: {options: [{key: automatic, disconnect: true}]}}]
"""
CHANGED = LINE.replace(
    "{key: 1, to: {call_queue: Building Permits}}", "{key: 1, to: {call_queue: Libraries}}"
)


async def state(graph: Graph, teams: TeamsAdmin) -> CurrentState:
    current = await read_current(graph)
    return dataclasses.replace(current, voice=await read_voice_apps(teams_admin_source(teams), graph))


def planned(text: str, current: CurrentState) -> Plan:
    system = parse_phone_system(text, "county.yaml")
    return plan(system, [], current, {}, voice=desired_voice_apps(system))


async def teams_log(sb: RunningSandbox) -> list[dict[str, Any]]:
    return list(await get_json(sb, "/_sandbox/teams/log"))


async def apply_with_lost_answer(
    sb: RunningSandbox, graph: Graph, teams: TeamsAdmin, store: Store, text: str, cmdlet: str
) -> list[dict[str, Any]]:
    """Apply the file's plan while the first answer to `cmdlet` is lost; the log entries that sent it."""
    current = await state(graph, teams)
    first = planned(text, current)
    assert not first.problems, first.problems
    before = len(await teams_log(sb))
    await set_faults(sb, f"teams:lost@1.0/{cmdlet}")
    try:
        result = await Applier(graph, store, actor="test", teams=teams).apply(first, current)
    finally:
        await set_faults(sb, "")
    assert result.ok, result.failed
    assert planned(text, await state(graph, teams)).actions == ()
    return [e for e in (await teams_log(sb))[before:] if cmdlet in e["cmdlets"]]


async def test_lost_answers_on_create_and_update_write_each_attendant_once(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county")
    store = await Store.open(database_url)
    config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=2, request_timeout_s=20)
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph, open_teams_admin(config) as teams:
            sent = await apply_with_lost_answer(sb, graph, teams, store, LINE, "New-CsAutoAttendant")
            assert [(e["fault"], e["applied"]) for e in sent] == [("lost", True)]  # lost, yet applied once
            named = [a for a in sb.state.teams.autoAttendants.values() if a["Name"] == "Fire Fee Line"]
            assert len(named) == 1
            flows = {f["Id"]: f["Name"] for f in named[0]["CallFlows"]}
            assert sorted(flows.values()) == ["After hours", "Fee Holidays"]  # one flow for both holidays
            associations = [(a["Type"], flows[a["CallFlowId"]]) for a in named[0]["CallHandlingAssociations"]]
            assert associations == [
                ("Holiday", "Fee Holidays"),
                ("Holiday", "Fee Holidays"),
                ("AfterHours", "After hours"),
            ]
            sent = await apply_with_lost_answer(sb, graph, teams, store, CHANGED, "Set-CsAutoAttendant")
            assert [(e["fault"], e["applied"]) for e in sent] == [("lost", True)]  # observed, not re-sent
            (updated,) = [a for a in sb.state.teams.autoAttendants.values() if a["Name"] == "Fire Fee Line"]
            assert updated["Id"] == named[0]["Id"]
            libraries = next(q for q in sb.state.teams.callQueues.values() if q["Name"] == "Libraries")
            option = updated["DefaultCallFlow"]["Menu"]["MenuOptions"][0]
            assert option["CallTarget"]["Id"] == libraries["Identity"]
        audited = sorted(e.action for e in await store.audit.list(limit=50))
        assert audited.count("create_auto_attendant") == 1 and audited.count("update_auto_attendant") == 1
    finally:
        await store.close()


def test_the_powershell_preview_builds_the_attendant_in_order_and_passes_the_contract() -> None:
    current = CurrentState(
        users={}, numbers={}, licences={}, voice=VoiceApps(call_queues=(CallQueue("Building Permits"),))
    )
    actions = planned(LINE, current).actions
    assert [a.op for a in actions] == ["create_schedule"] * 3 + ["create_auto_attendant"]
    create = attendant_script(actions[-1])
    check_script(create)  # every cmdlet and parameter as the module defines them
    cmdlets = [call.cmdlet for call in create]
    assert cmdlets.count("New-CsAutoAttendantCallFlow") == 3  # business hours, holidays (shared), after hours
    assert cmdlets.count("New-CsAutoAttendantCallHandlingAssociation") == 3
    assert cmdlets[-1] == "New-CsAutoAttendant"
    rendered = render_script(create)
    assert (
        "-Identity '<call queue Building Permits>' -Type 'ConfigurationEndpoint' -CallPriority 3" in rendered
    )
    assert "-ScheduleId '<schedule Fee Holidays: Christmas>'" in rendered
    assert "-TimeZoneId 'Eastern Standard Time'" in rendered
    hours = render_script(schedule_script(actions[2]))
    assert hours.splitlines()[0] == "$monday1 = New-CsOnlineTimeRange -Start '08:00' -End '17:00'"
    assert hours.splitlines()[-1].startswith("$schedule = New-CsOnlineSchedule -Name 'Fee Hours' ")
    christmas = render_script(schedule_script(actions[0]))
    assert (
        christmas.splitlines()[0]
        == "$range1 = New-CsOnlineDateTimeRange -Start '25/12/2026 0:00' -End '26/12/2026 0:00'"
    )


AUDIO_LINE = """
auto_attendants:
  - name: Recorded Line
    language: en-US
    time_zone: Eastern Standard Time
    greeting: {audio: welcome.wav}
    menu:
      options:
        - {key: 1, to: {call_queue: Libraries}}
"""


async def test_an_audio_greeting_is_sent_back_as_it_is_when_the_menu_changes(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county")
    permits = next(
        q["Identity"] for q in sb.state.teams.callQueues.values() if q["Name"] == "Building Permits"
    )
    await ok(  # built in the admin center: a recorded greeting, key 1 to Building Permits
        sb,
        step(
            "Import-CsOnlineAudioFile",
            "audio",
            ApplicationId="OrgAutoAttendant",
            FileName="welcome.wav",
            Content=[1, 2, 3],
        ),
        step("New-CsAutoAttendantPrompt", "greeting", AudioFilePrompt=ref("audio")),
        step("New-CsAutoAttendantCallableEntity", "e1", Identity=permits, Type="ConfigurationEndpoint"),
        step(
            "New-CsAutoAttendantMenuOption",
            "o1",
            Action="TransferCallToTarget",
            DtmfResponse="Tone1",
            CallTarget=ref("e1"),
        ),
        step("New-CsAutoAttendantMenu", "menu", Name="Business hours menu", MenuOptions=[ref("o1")]),
        step(
            "New-CsAutoAttendantCallFlow",
            "flow",
            Name="Business hours",
            Menu=ref("menu"),
            Greetings=[ref("greeting")],
        ),
        step(
            "New-CsAutoAttendant",
            "aa",
            Name="Recorded Line",
            LanguageId="en-US",
            TimeZoneId="Eastern Standard Time",
            DefaultCallFlow=ref("flow"),
        ),
    )
    store = await Store.open(database_url)
    config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=2, request_timeout_s=20)
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph, open_teams_admin(config) as teams:
            current = await state(graph, teams)
            update = planned(AUDIO_LINE, current)
            assert [(a.op, a.reason) for a in update.actions] == [
                ("update_auto_attendant", "call flow Business hours differ")
            ]
            result = await Applier(graph, store, actor="test", teams=teams).apply(update, current)
            assert result.ok, result.failed
            assert planned(AUDIO_LINE, await state(graph, teams)).actions == ()
        (aa,) = [a for a in sb.state.teams.autoAttendants.values() if a["Name"] == "Recorded Line"]
        (greeting,) = aa["DefaultCallFlow"]["Greetings"]
        assert greeting["ActiveType"] == "AudioFile"
        assert greeting["AudioFilePrompt"]["FileName"] == "welcome.wav"
        libraries = next(
            q["Identity"] for q in sb.state.teams.callQueues.values() if q["Name"] == "Libraries"
        )
        assert aa["DefaultCallFlow"]["Menu"]["MenuOptions"][0]["CallTarget"]["Id"] == libraries
    finally:
        await store.close()
