"""The other emulated cmdlets doing what an admin expects: paging and name filters, partial Set of a
queue, finding unassociated accounts, audio files, user calling settings, LIS locations, -Filter, and
removing numbers; checked against the seed and Graph over HTTP."""

from __future__ import annotations

from sandbox.server import RunningSandbox
from tests.sandbox.teams.helpers import account_id, error, graph, ok, queue_id, schedule_id, staff, step


async def test_queue_listing_pages_and_filters_by_contained_name(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    first, second = await ok(sb, step("Get-CsCallQueue", First=5), step("Get-CsCallQueue", First=5, Skip=5))
    names = [q["Name"] for q in first + second]
    assert names == sorted(names, key=str.lower) and len(set(names)) == 10
    # quirk: -NameFilter matches names that contain the text (TACO issue #30).
    fire = await ok(sb, step("Get-CsCallQueue", NameFilter="fire"))
    assert {q["Name"] for q in fire[0]} == {"Fire Fee Questions", "Fire Rescue Non-Emergency"}
    light = await ok(sb, step("Get-CsCallQueue", NameFilter="Libraries", ExcludeContent=True))
    assert set(light[0]) == {"Identity", "Name"}
    assert await ok(sb, step("Get-CsCallQueue", NameFilter="No such queue")) == [None]


async def test_set_queue_changes_only_what_is_passed_and_keeps_opt_in(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    eoc = queue_id(sb, "EOC Public Information")
    before = sb.state.teams.callQueues[eoc]
    assert await ok(sb, step("Set-CsCallQueue", Identity=eoc, AgentAlertTime=45)) == [None]
    after = (await ok(sb, step("Get-CsCallQueue", Identity=eoc)))[0]
    assert (
        after["AgentAlertTime"] == 45
        and after["NoAgentAction"] == before["NoAgentAction"] == "SharedVoicemail"
    )
    assert after["Agents"] and not any(a["OptIn"] for a in after["Agents"])  # still on standby


async def test_find_unassociated_accounts_and_read_an_association(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    found = (
        await ok(sb, step("Find-CsOnlineApplicationInstance", SearchQuery="hotline", UnAssociatedOnly=True))
    )[0]
    assert (
        found["Id"] == account_id(sb, "hurricane-hotline-2024") and found["Name"] == "Hurricane Hotline 2024"
    )
    assoc = (
        await ok(sb, step("Get-CsOnlineApplicationInstanceAssociation", Identity=account_id(sb, "permits")))
    )[0]
    assert (
        assoc["ConfigurationId"] == queue_id(sb, "Building Permits")
        and assoc["ConfigurationType"] == "CallQueue"
    )
    none = await error(
        sb,
        step("Get-CsOnlineApplicationInstanceAssociation", Identity=account_id(sb, "hurricane-hotline-2024")),
    )
    assert none["status"] == 404


async def test_audio_files_are_imported_with_their_limits(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    audio = (
        await ok(
            sb,
            step(
                "Import-CsOnlineAudioFile",
                ApplicationId="HuntGroup",
                FileName="hold.wav",
                Content=[82, 73, 70, 70],
            ),
        )
    )[0]
    assert audio["FileName"] == "hold.wav" and audio["ApplicationId"] == "HuntGroup"
    queue = await ok(sb, step("New-CsCallQueue", Name="With music", MusicOnHoldAudioFileId=audio["Id"]))
    assert queue[0]["UseDefaultMusicOnHold"] is False
    wrong = await error(
        sb, step("Import-CsOnlineAudioFile", ApplicationId="HuntGroup", FileName="hold.ogg", Content=[1])
    )
    assert wrong["status"] == 400 and "WAV" in wrong["message"]


async def test_user_calling_settings_round_trip(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    user = staff(sb, 1)[0]
    settings = (
        await ok(
            sb,
            step(
                "Set-CsUserCallingSettings",
                Identity=user,
                IsForwardingEnabled=True,
                ForwardingType="Immediate",
                ForwardingTargetType="Voicemail",
            ),
        )
    )[0]
    assert settings["IsForwardingEnabled"] is True and settings["ForwardingTargetType"] == "Voicemail"
    again = (await ok(sb, step("Get-CsUserCallingSettings", Identity=user)))[0]
    assert again["ForwardingType"] == "Immediate"
    missing = await error(
        sb,
        step(
            "Set-CsUserCallingSettings",
            Identity=user,
            IsForwardingEnabled=True,
            ForwardingType="Immediate",
            ForwardingTargetType="SingleTarget",
        ),
    )
    assert "ForwardingTarget" in missing["message"]


async def test_lis_locations_are_the_tenants_emergency_locations(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    rows = (await ok(sb, step("Get-CsOnlineLisLocation")))[0]
    assert {r["LocationId"] for r in rows} == {loc.locationId for loc in sb.state.emergencyLocations}
    one = (await ok(sb, step("Get-CsOnlineLisLocation", City="Cedar Bay")))[0]
    assert one["City"] == "Cedar Bay"


async def test_online_users_filter_and_remove_a_number(teams_sandbox: RunningSandbox) -> None:
    sb = teams_sandbox
    accounts = (await ok(sb, step("Get-CsOnlineUser", AccountType="ResourceAccount")))[0]
    assert {a["Identity"] for a in accounts} == set(sb.state.teams.applicationInstances)
    filtered = (await ok(sb, step("Get-CsOnlineUser", Filter="Department -eq 'Palmetto Crisis Center'")))[0]
    assert len(filtered) == 6
    upn = f"tax-main@{sb.state.defaultDomain}"
    mine = (await ok(sb, step("Get-CsPhoneNumberAssignment", AssignedPstnTargetId=upn)))[0]
    assert mine["PstnAssignmentStatus"] == "VoiceApplicationAssigned"
    number = mine["TelephoneNumber"]
    await ok(
        sb,
        step(
            "Remove-CsPhoneNumberAssignment",
            Identity=upn,
            TelephoneNumber=number,
            NumberType="OperatorConnect",
        ),
    )
    status, body = await graph(
        sb, "GET", f"/admin/teams/telephoneNumberManagement/numberAssignments/{sb.state.numbers[number].id}"
    )
    assert status == 200 and body["assignmentStatus"] == "unassigned"


async def test_emergency_closure_is_switched_on_by_giving_its_schedule_a_range(
    teams_sandbox: RunningSandbox,
) -> None:
    sb = teams_sandbox
    closure = (await ok(sb, step("Get-CsOnlineSchedule", Id=schedule_id(sb, "Emergency Closure"))))[0]
    assert (
        closure["FixedSchedule"]["DateTimeRanges"] == [] and len(closure["AssociatedConfigurationIds"]) == 3
    )
    closure["FixedSchedule"]["DateTimeRanges"] = [
        {"Start": "2026-11-02T08:00:00", "End": "2026-11-04T00:00:00"}
    ]
    assert await ok(sb, step("Set-CsOnlineSchedule", Instance=closure)) == [None]
    stored = sb.state.teams.schedules[closure["Id"]]["FixedSchedule"]["DateTimeRanges"]
    assert stored == [{"Start": "2026-11-02T08:00:00", "End": "2026-11-04T00:00:00"}]
    weekly = (await ok(sb, step("Get-CsOnlineSchedule", Id=schedule_id(sb, "County Business Hours"))))[0]
    weekly["Type"] = "Fixed"
    changed = await error(sb, step("Set-CsOnlineSchedule", Instance=weekly))
    assert "cannot be changed" in changed["message"]
