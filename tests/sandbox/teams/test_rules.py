"""The module's rules, each rejection with the error the service gives, over the HTTP route; the
county seed supplies the objects a rule is about (its queues, attendants, schedules and accounts)."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

from sandbox.server import RunningSandbox
from sandbox.state import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT
from tests.sandbox.teams.conftest import SYNC_DELAY_S
from tests.sandbox.teams.helpers import (
    AA_APP,
    CQ_APP,
    account_id,
    attendant_id,
    attendant_steps,
    error,
    graph,
    ok,
    queue_id,
    ref,
    schedule_id,
    staff,
    step,
)

SERVICE = "Microsoft.Teams.ConfigAPI.Cmdlets.Generated.Cmdlets"


async def test_resource_account_type_must_match_the_voice_app(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    hurricane = account_id(sb, "hurricane-hotline-2024")  # a call-queue account
    err = await error(
        sb,
        step(
            "New-CsOnlineApplicationInstanceAssociation",
            Identities=[hurricane],
            ConfigurationId=attendant_id(sb, "County Services (English)"),
            ConfigurationType="AutoAttendant",
        ),
    )
    assert err["status"] == 400 and err["fqid"].startswith("BadRequest,")
    assert AA_APP in err["message"]
    assert hurricane not in sb.state.teams.associations


async def test_one_resource_account_serves_one_voice_app(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    hurricane = account_id(sb, "hurricane-hotline-2024")
    assoc = step(
        "New-CsOnlineApplicationInstanceAssociation", Identities=[hurricane], ConfigurationType="CallQueue"
    )
    first = await ok(
        sb, {**assoc, "params": {**assoc["params"], "ConfigurationId": queue_id(sb, "Customer Service")}}
    )
    assert first == [
        {
            "Id": hurricane,
            "ConfigurationId": queue_id(sb, "Customer Service"),
            "ConfigurationType": "CallQueue",
            "CallPriority": 3,
        }
    ]
    err = await error(
        sb, {**assoc, "params": {**assoc["params"], "ConfigurationId": queue_id(sb, "Building Permits")}}
    )
    assert (
        err["status"] == 409
        and err["fqid"] == f"Conflict,{SERVICE}.NewCsOnlineApplicationInstanceAssociation_NewExpanded"
    )
    assert sb.state.teams.associations[hurricane].configurationId == queue_id(sb, "Customer Service")


async def test_a_number_on_a_resource_account_needs_its_licence_and_a_voice_app_number(
    teams_sandbox: RunningSandbox,
) -> None:
    sb = teams_sandbox
    upn = f"popup-line@{sb.state.defaultDomain}"
    created = await ok(
        sb, step("New-CsOnlineApplicationInstance", UserPrincipalName=upn, ApplicationId=CQ_APP)
    )
    ra = created[0]["ObjectId"]
    await asyncio.sleep(SYNC_DELAY_S + 0.1)
    assert (await graph(sb, "PATCH", f"/users/{ra}", {"usageLocation": "US"}))[0] == 204
    free = sorted(
        n
        for n, r in sb.state.numbers.items()
        if r.assignmentTargetId is None and r.numberType == "operatorConnect"
    )
    voice = next(n for n in free if "voiceApplicationAssignment" in sb.state.numbers[n].capabilities)
    user_only = next(n for n in free if sb.state.numbers[n].capabilities == ["userAssignment"])

    def assign(number: str) -> dict[str, object]:
        return step(
            "Set-CsPhoneNumberAssignment", Identity=upn, PhoneNumber=number, PhoneNumberType="OperatorConnect"
        )

    unlicensed = await error(sb, assign(voice))
    assert unlicensed["status"] == 400 and "Resource Account licence" in unlicensed["message"]
    status, _ = await graph(
        sb,
        "POST",
        f"/users/{ra}/assignLicense",
        {"addLicenses": [{"skuId": SKU_TEAMS_PHONE_RESOURCE_ACCOUNT}], "removeLicenses": []},
    )
    assert status == 200
    wrong_kind = await error(sb, assign(user_only))
    assert wrong_kind["status"] == 400 and "VoiceApplicationAssignment" in wrong_kind["message"]
    assert await ok(sb, assign(voice)) == [None]
    # One tenant: Graph's numberAssignments sees the same assignment.
    status, body = await graph(
        sb,
        "GET",
        f"/admin/teams/telephoneNumberManagement/numberAssignments?$filter=telephoneNumber eq '{quote(voice)}'",
    )
    assert status == 200
    assert (
        body["value"][0]["assignmentTargetId"] == ra
        and body["value"][0]["assignmentStatus"] == "voiceApplicationAssigned"
    )
    user = (await ok(sb, step("Get-CsOnlineUser", Identity=upn)))[0]
    assert user["LineUri"] == f"tel:{voice}" and user["AccountType"] == "ResourceAccount"
    second = next(
        n for n in free if n != voice and "voiceApplicationAssignment" in sb.state.numbers[n].capabilities
    )
    one_number = await error(sb, assign(second))
    assert one_number["status"] == 400 and voice in one_number["message"]


async def test_at_most_twenty_direct_users_per_queue(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    people = staff(sb, 21)
    err = await error(sb, step("New-CsCallQueue", Name="Too many", Users=people))
    assert err["status"] == 400 and "at most 20" in err["message"]
    created = await ok(sb, step("New-CsCallQueue", Name="Just enough", Users=people[:20]))
    assert len(created[0]["Agents"]) == 20
    grown = await error(sb, step("Set-CsCallQueue", Identity=created[0]["Identity"], Users=people))
    assert grown["fqid"] == f"BadRequest,{SERVICE}.SetCsCallQueue_SetExpanded"
    assert len(sb.state.teams.callQueues[created[0]["Identity"]]["Users"]) == 20


async def test_queue_action_targets_must_exist_and_fit_the_action(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    nowhere = "4f1a7d55-1b2c-4d3e-8f90-123456789abc"
    err = await error(
        sb, step("New-CsCallQueue", Name="q", OverflowAction="Forward", OverflowActionTarget=nowhere)
    )
    assert err["status"] == 400 and nowhere in err["message"]
    group = next(g.id for g in sb.state.groups.values() if g.displayName == "EOC Staff")
    no_language = await error(
        sb,
        step(
            "New-CsCallQueue",
            Name="q",
            TimeoutAction="SharedVoicemail",
            TimeoutActionTarget=group,
            TimeoutSharedVoicemailTextToSpeechPrompt="Leave a message",
        ),
    )
    assert "LanguageId" in no_language["message"]
    both_prompts = await error(
        sb,
        step(
            "New-CsCallQueue",
            Name="q",
            LanguageId="en-US",
            TimeoutAction="SharedVoicemail",
            TimeoutActionTarget=group,
            TimeoutSharedVoicemailTextToSpeechPrompt="Leave a message",
            TimeoutSharedVoicemailAudioFilePrompt="5b4e3f2a-1111-4222-8333-944455556666",
        ),
    )
    assert "exactly one" in both_prompts["message"]


async def test_timeout_is_rounded_to_fifteen_seconds(teams_sandbox: RunningSandbox) -> None:
    created = await ok(teams_sandbox, step("New-CsCallQueue", Name="Rounded", TimeoutThreshold=100))
    assert created[0]["TimeoutThreshold"] == 105


async def test_dtmf_keys_are_unique_per_menu(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    twice = {"Action": "DisconnectCall", "DtmfResponse": "Tone1"}
    local = await error(sb, *attendant_steps("Dup", options=[twice, twice]))
    assert local["status"] is None and local["fqid"].startswith("NewCsAutoAttendantMenu,")
    # The whole-object Set is checked by the service.
    aa_id = attendant_id(sb, "Palmetto County Main Line")
    aa = (await ok(sb, step("Get-CsAutoAttendant", Identity=aa_id)))[0]
    options = aa["DefaultCallFlow"]["Menu"]["MenuOptions"]
    options[1]["DtmfResponse"] = options[0]["DtmfResponse"]
    err = await error(sb, step("Set-CsAutoAttendant", Instance=aa))
    assert err["status"] == 400 and "Tone1" in err["message"]
    stored = sb.state.teams.autoAttendants[aa_id]["DefaultCallFlow"]["Menu"]["MenuOptions"]
    assert [o["DtmfResponse"] for o in stored] == ["Tone1", "Tone2", "Tone0"]


async def test_at_most_ten_ranges_per_fixed_schedule(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    ranges = [step("New-CsOnlineDateTimeRange", f"r{d}", Start=f"{d}/1/2027") for d in range(1, 12)]
    too_many = await error(
        sb,
        *ranges,
        step(
            "New-CsOnlineSchedule",
            Name="Eleven",
            FixedSchedule=True,
            DateTimeRanges=[ref(f"r{d}") for d in range(1, 12)],
        ),
    )
    assert too_many["status"] == 400 and "at most 10" in too_many["message"]
    holiday = (await ok(sb, step("Get-CsOnlineSchedule", Id=schedule_id(sb, "County Holiday: Christmas"))))[0]
    holiday["FixedSchedule"]["DateTimeRanges"] = [
        {"Start": f"2028-01-{d:02d}T00:00:00", "End": f"2028-01-{d:02d}T12:00:00"} for d in range(1, 12)
    ]
    err = await error(sb, step("Set-CsOnlineSchedule", Instance=holiday))
    assert err["fqid"] == f"BadRequest,{SERVICE}.SetCsOnlineSchedule_SetExpanded"
    assert len(sb.state.teams.schedules[holiday["Id"]]["FixedSchedule"]["DateTimeRanges"]) == 2


async def test_holidays_are_fixed_schedules(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    weekly = schedule_id(sb, "County Business Hours")
    steps = attendant_steps("Holiday on weekly")
    steps.insert(-1, step("New-CsAutoAttendantCallFlow", "h", Name="holiday", Menu=ref("m")))
    steps.insert(
        -1,
        step(
            "New-CsAutoAttendantCallHandlingAssociation",
            "a",
            Type="Holiday",
            ScheduleId=weekly,
            CallFlowId=ref("h", "Id"),
        ),
    )
    steps[-1]["params"] |= {"CallFlows": [ref("h")], "CallHandlingAssociations": [ref("a")]}
    err = await error(sb, *steps)
    assert err["status"] == 400 and "not a fixed schedule" in err["message"]
    disabled = await error(
        sb,
        step(
            "New-CsAutoAttendantCallHandlingAssociation",
            Type="Holiday",
            ScheduleId=weekly,
            CallFlowId="x",
            Disable=True,
        ),
    )
    assert "Only an AfterHours" in disabled["message"]


async def test_a_schedule_in_use_cannot_be_removed(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    christmas = schedule_id(sb, "County Holiday: Christmas")
    err = await error(sb, step("Remove-CsOnlineSchedule", Id=christmas))
    assert err["status"] == 400 and attendant_id(sb, "County Services (English)") in err["message"]
    assert christmas in sb.state.teams.schedules
    spare = (await ok(sb, step("New-CsOnlineSchedule", Name="Unused", FixedSchedule=True)))[0]["Id"]
    assert await ok(sb, step("Remove-CsOnlineSchedule", Id=spare)) == [None]
    assert spare not in sb.state.teams.schedules


async def test_a_queue_still_referenced_cannot_be_removed(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    target = await error(sb, step("Remove-CsCallQueue", Identity=queue_id(sb, "Customer Service")))
    assert target["status"] == 400 and "County Services (English)" in target["message"]
    associated = await error(sb, step("Remove-CsCallQueue", Identity=queue_id(sb, "Elections Hotline")))
    assert "Remove-CsOnlineApplicationInstanceAssociation" in associated["message"]
    # In the documented order it works: detach the account, then remove the queue.
    await ok(
        sb, step("Remove-CsOnlineApplicationInstanceAssociation", Identities=[account_id(sb, "elections")])
    )
    await ok(sb, step("Remove-CsCallQueue", Identity=queue_id(sb, "Elections Hotline")))
    assert all(q["Name"] != "Elections Hotline" for q in sb.state.teams.callQueues.values())


async def test_an_attendant_still_referenced_cannot_be_removed(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    err = await error(
        sb, step("Remove-CsAutoAttendant", Identity=attendant_id(sb, "Servicios del Condado (Español)"))
    )
    assert err["status"] == 400 and "Palmetto County Main Line" in err["message"]


async def test_only_supported_languages_voices_and_time_zones(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    language = await error(sb, *attendant_steps("Klingon", LanguageId="tlh-KL"))
    assert language["status"] == 400 and "tlh-KL" in language["message"]
    zone = await error(sb, *attendant_steps("Mars", TimeZoneId="Mars Standard Time"))
    assert "Mars Standard Time" in zone["message"]
    voice = await error(sb, *attendant_steps("Robot", VoiceId="Robot"))
    assert "Robot" in voice["message"]
    queue = await error(sb, step("New-CsCallQueue", Name="q", LanguageId="xx-XX"))
    assert "xx-XX" in queue["message"]
    languages, zones = await ok(
        sb, step("Get-CsAutoAttendantSupportedLanguage"), step("Get-CsAutoAttendantSupportedTimeZone")
    )
    assert {"en-US", "es-US"} <= {lang["Id"] for lang in languages}
    assert {"Eastern Standard Time", "Pacific Standard Time", "UTC"} <= {z["Id"] for z in zones}
    created = await ok(
        sb, *attendant_steps("Spanish OK", LanguageId="es-us", TimeZoneId="eastern standard time")
    )
    assert created[-1]["LanguageId"] == "es-US" and created[-1]["TimeZoneId"] == "Eastern Standard Time"


async def test_menu_targets_and_operator_must_exist(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    ghost = "0d5c9a1e-2b3f-4c5d-8e9f-0a1b2c3d4e5f"
    steps = [step("New-CsAutoAttendantCallableEntity", "e", Identity=ghost, Type="ConfigurationEndpoint")]
    steps += attendant_steps(
        "Dangling",
        options=[{"Action": "TransferCallToTarget", "DtmfResponse": "Tone1", "CallTarget": ref("e")}],
    )
    err = await error(sb, *steps)
    assert err["status"] == 400 and ghost in err["message"]
    no_operator = await error(
        sb,
        *attendant_steps(
            "No operator", options=[{"Action": "TransferCallToOperator", "DtmfResponse": "Tone0"}]
        ),
    )
    assert "no operator" in no_operator["message"]
