"""The boundary from the module's printed output to the domain model: shapes, quirks, and clear errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from provisioning.voiceapps import Directory, Person, TimeRange, WireError, voice_apps_from_wire
from provisioning.voiceapps.wire_values import minutes_of_day, wall_clock
from tests.provisioning.voiceapps.lakeview import lakeview, raw_state


def test_the_fixture_reads_into_friendly_keys() -> None:
    apps = lakeview()
    main = apps.auto_attendant("main line")
    assert main is not None and main.time_zone == "Eastern Standard Time"
    assert main.resource_accounts == ("main@lakeview.gov",)
    two = main.default_flow.menu.option("2")
    assert two is not None and two.target is not None
    assert (two.target.kind, two.target.ref, two.target.via) == (
        "auto_attendant",
        "Servicios en Español",
        "espanol@lakeview.gov",
    )
    assert [(h.kind, h.schedule, h.flow, h.priority) for h in main.handling][:2] == [
        ("after_hours", "Business hours", "After hours", 1),
        ("holiday", "County holidays 2026", "Holidays", 2),
    ]
    hours = apps.schedule("Business hours")
    assert hours is not None and hours.complement
    assert hours.hours("monday") == (TimeRange(480, 1020),) and hours.hours("sunday") == ()
    english = apps.auto_attendant("English Services")
    assert english is not None
    assert (english.dial_scope.include_groups, english.dial_scope.exclude_groups) == (
        ("All Staff",),
        ("Executives",),
    )
    tax = apps.resource_account("+15615550102")
    assert tax is not None and (tax.kind, tax.app, tax.licensed) == ("call_queue", "Tax Collector", True)
    assert "AutoAttendants[2].Operator: user u-olga" in apps.unresolved


@pytest.mark.parametrize(
    ("value", "minutes"),
    [
        ("08:30:00", 510),
        ("17:00", 1020),
        ("1.00:00:00", 1440),  # TimeSpan of 24 hours: the end of the day
        ({"Ticks": 306_000_000_000, "Days": 0, "Hours": 8, "Minutes": 30}, 510),  # PowerShell 7 object form
        ({"Days": 1, "Hours": 0, "Minutes": 0}, 1440),
    ],
)
def test_time_spans_in_every_printed_form(value: Any, minutes: int) -> None:
    assert minutes_of_day(value, "x") == minutes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-12-25T00:00:00", dt.datetime(2026, 12, 25)),
        ("2026-12-25T09:30:00-05:00", dt.datetime(2026, 12, 25, 9, 30)),  # the wall clock, offset dropped
        ("/Date(1798156800000)/", dt.datetime(2026, 12, 25)),  # Windows PowerShell 5.1
        ("25/12/2026 09:30", dt.datetime(2026, 12, 25, 9, 30)),  # New-CsOnlineDateTimeRange format
    ],
)
def test_date_times_in_every_printed_form(value: str, expected: dt.datetime) -> None:
    assert wall_clock(value, "x") == expected


def _minimal(**aa_fields: Any) -> dict[str, Any]:
    flow = {
        "Id": "f",
        "Name": "Default",
        "Menu": {"MenuOptions": {"Action": "DisconnectCall", "DtmfResponse": "Automatic"}},
    }
    aa = {
        "Id": "a",
        "Name": "A",
        "LanguageId": "en-US",
        "TimeZoneId": "UTC",
        "DefaultCallFlow": flow,
    } | aa_fields
    return {
        "autoAttendants": [aa],
        "schedules": {"Id": "s", "Name": "S", "Type": 1, "FixedSchedule": {"DateTimeRanges": []}},
    }


def test_camel_case_sections_unrolled_single_items_and_numeric_schedule_type() -> None:
    apps = voice_apps_from_wire(_minimal())
    assert apps.auto_attendants[0].default_flow.menu.options[0].key == "automatic"
    assert apps.schedules[0].kind == "fixed"  # Type 1 = Fixed when enums print as numbers


def test_an_enum_printed_as_a_number_with_no_documented_order_is_refused_clearly() -> None:
    document = _minimal(Operator={"Id": "u1", "Type": 0})
    with pytest.raises(WireError, match=r"AutoAttendants\[0\]\.Operator\.Type: .*-EnumsAsStrings"):
        voice_apps_from_wire(document)


def test_a_bad_key_names_its_path() -> None:
    document = raw_state()
    document["AutoAttendants"][1]["DefaultCallFlow"]["Menu"]["MenuOptions"][2]["DtmfResponse"] = "Tone10"
    with pytest.raises(
        WireError, match=r"AutoAttendants\[1\]\.DefaultCallFlow\.Menu\.MenuOptions\[2\]\.DtmfResponse"
    ):
        voice_apps_from_wire(document)


def test_a_handling_that_names_a_missing_flow_is_refused() -> None:
    document = raw_state()
    document["AutoAttendants"][0]["CallHandlingAssociations"][0]["CallFlowId"] = "nope"
    with pytest.raises(WireError, match=r"CallHandlingAssociations\[0\]"):
        voice_apps_from_wire(document)


def test_queue_targets_given_as_bare_ids_are_identified() -> None:
    document = raw_state()
    queue = document["CallQueues"][0]
    queue["OverflowActionTarget"] = "tel:+15615550150"
    queue["TimeoutActionTarget"] = "g-permits"
    directory = Directory(
        users={"u-ann": Person("ann@lakeview.gov")}, groups={"g-permits": "Permits Voicemail"}
    )
    permits = voice_apps_from_wire(document, directory).call_queues[0]
    assert permits.overflow.target is not None and permits.overflow.target.ref == "+15615550150"
    assert permits.timeout.target is not None
    assert (permits.timeout.target.kind, permits.timeout.target.ref) == (
        "shared_voicemail",
        "Permits Voicemail",
    )
    assert [a.upn for a in permits.agents] == ["ann@lakeview.gov"]  # u-ben is not in this directory


def test_licence_state_is_unknown_without_graph() -> None:
    assert {ra.licensed for ra in voice_apps_from_wire(raw_state()).resource_accounts} == {None}


def test_queue_greeting_music_authorized_users_priority_and_shared_voicemail_prompt_are_read() -> None:
    document = raw_state()
    queue = {
        "Identity": "cq-new",
        "Name": "Fees",
        "WelcomeTextToSpeechPrompt": "Fees line",
        "MusicOnHoldAudioFileId": "audio-7",
        "AuthorizedUsers": ["u-ann", "u-gone"],
        "OverflowAction": "SharedVoicemail",
        "OverflowActionTarget": {"Id": "g-permits", "Type": "SharedVoicemail"},
        "OverflowSharedVoicemailTextToSpeechPrompt": "Leave a message",
        "EnableOverflowSharedVoicemailTranscription": True,
        "TimeoutAction": "Forward",
        "TimeoutActionTarget": {"Id": "cq-permits", "Type": "ConfigurationEndpoint"},
        "TimeoutActionCallPriority": 1,
        "NoAgentAction": "Forward",
        "NoAgentActionTarget": {"Id": "cq-permits", "Type": "ConfigurationEndpoint"},
        "NoAgentActionCallPriority": 3,  # normal: what a target without a priority means
    }
    document["CallQueues"].append(queue)
    directory = Directory(users={"u-ann": Person("ann@lakeview.gov")}, groups={"g-permits": "Permits VM"})
    apps = voice_apps_from_wire(document, directory)
    fees = apps.call_queue("Fees")
    assert fees is not None
    permits = document["CallQueues"][0]["Name"]
    assert (fees.greeting.kind, fees.greeting.text) == ("tts", "Fees line")
    assert (fees.music.kind, fees.music.text) == ("audio", "audio-7")
    assert fees.authorized_users == ("ann@lakeview.gov",)  # the departed one is reported, not kept
    assert any("AuthorizedUsers[1]" in u for u in apps.unresolved)
    assert (fees.overflow.action, fees.overflow.prompt.text, fees.overflow.transcription) == (
        "shared_voicemail",
        "Leave a message",
        True,
    )
    assert fees.timeout.target is not None and (fees.timeout.target.ref, fees.timeout.target.priority) == (
        permits,
        1,
    )
    assert fees.no_agent.target is not None and fees.no_agent.target.priority is None
