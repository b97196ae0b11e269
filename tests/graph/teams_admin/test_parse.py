"""Typed modules parse the module's output shapes (PascalCase, ConvertTo-Json -EnumsAsStrings)."""

from __future__ import annotations

from graph.teams_admin.associations import Association
from graph.teams_admin.auto_attendants import AutoAttendant
from graph.teams_admin.call_queues import CallQueue
from graph.teams_admin.parse import as_list, time_text
from graph.teams_admin.resource_accounts import ResourceAccount, licensed
from graph.teams_admin.schedules import Schedule
from graph.types import User

QUEUE_ID = "7e0c7078-9e67-4cb9-8bd1-c07cf1163590"
NINE = {"Ticks": 324000000000, "Days": 0, "Hours": 9, "Minutes": 0, "Seconds": 0, "TotalSeconds": 32400.0}
MIDNIGHT = {"Ticks": 864000000000, "Days": 1, "Hours": 0, "Minutes": 0, "Seconds": 0}

AA = {
    "Id": "aa-1",
    "Name": "Main Line",
    "LanguageId": "en-US",
    "VoiceId": "Female",
    "TimeZoneId": "Eastern Standard Time",
    "VoiceResponseEnabled": True,
    "UserNameExtension": "None",
    "Operator": {"Id": "tel:+13215550100", "Type": "ExternalPstn", "EnableTranscription": False},
    "DefaultCallFlow": {
        "Id": "flow-default",
        "Name": "Business",
        "Greetings": [
            {"ActiveType": "TextToSpeech", "TextToSpeechPrompt": "Welcome", "AudioFilePrompt": None}
        ],
        "ForceListenMenuEnabled": False,
        "Menu": {
            "Name": "Main menu",
            "Prompts": {
                "ActiveType": "AudioFile",
                "AudioFilePrompt": {"Id": "audio-1", "FileName": "menu.wav"},
            },
            "DialByNameEnabled": True,
            "DirectorySearchMethod": "ByName",
            "MenuOptions": [
                {
                    "Action": "TransferCallToTarget",
                    "DtmfResponse": "Tone1",
                    "VoiceResponses": ["Permits"],
                    "CallTarget": {"Id": QUEUE_ID, "Type": "ConfigurationEndpoint", "CallPriority": 2},
                    "Prompt": None,
                },
                {"Action": "FutureAgentAction", "DtmfResponse": "Tone9", "CallTarget": None},
            ],
        },
    },
    "CallFlows": [
        {
            "Id": "flow-holiday",
            "Name": "Holiday",
            "Menu": {"MenuOptions": {"Action": "DisconnectCall", "DtmfResponse": "Automatic"}},
        }
    ],
    "CallHandlingAssociations": [
        {
            "Type": "Holiday",
            "ScheduleId": "sched-h",
            "CallFlowId": "flow-holiday",
            "Enabled": True,
            "Priority": 1,
        }
    ],
    "Schedules": [
        {
            "Id": "sched-h",
            "Name": "Holidays",
            "Type": "Fixed",
            "FixedSchedule": {
                "DateTimeRanges": [{"Start": "2026-12-25T00:00:00", "End": "2026-12-26T00:00:00"}]
            },
        }
    ],
    "InclusionScope": {"Type": "Customized", "GroupScope": {"GroupIds": ["g-1", "g-2"]}},
    "ExclusionScope": {"Type": "Default", "GroupScope": None},
    "AuthorizedUsers": [],
    "ApplicationInstances": ["ra-1"],
    "Status": {"OverallStatus": "Successful"},
}


def test_an_auto_attendant_parses_menus_targets_prompts_and_keeps_unknown_values_raw() -> None:
    aa = AutoAttendant.parse(AA)
    assert (aa.id, aa.name, aa.language_id, aa.voice_id, aa.time_zone_id) == (
        "aa-1",
        "Main Line",
        "en-US",
        "Female",
        "Eastern Standard Time",
    )
    assert aa.operator is not None and (aa.operator.id, aa.operator.type) == (
        "tel:+13215550100",
        "ExternalPstn",
    )
    flow = aa.default_call_flow
    assert flow.greetings[0].text == "Welcome"
    assert (
        flow.menu.prompts[0].audio_file is not None
        and flow.menu.prompts[0].audio_file.file_name == "menu.wav"
    )
    first, second = flow.menu.options
    assert (
        first.call_target is not None
        and first.call_target.id == QUEUE_ID
        and first.call_target.call_priority == 2
    )
    assert first.voice_responses == ("Permits",)
    assert (second.action, second.call_target) == ("FutureAgentAction", None)
    assert (
        aa.flow("flow-holiday") is not None
        and aa.flow("flow-holiday").menu.options[0].dtmf_response == "Automatic"
    )  # type: ignore[union-attr]
    assert (
        aa.call_handling_associations[0].type == "Holiday" and aa.call_handling_associations[0].priority == 1
    )
    assert aa.schedules[0].is_fixed and aa.schedules[0].fixed_ranges[0].start == "2026-12-25T00:00:00"
    assert aa.inclusion_scope.group_ids == ("g-1", "g-2") and aa.exclusion_scope.group_ids == ()
    assert aa.status == "Successful" and aa.application_instances == ("ra-1",)
    assert aa.voice_response_enabled and flow.menu.dial_by_name_enabled


def test_a_weekly_schedule_reads_timespans_as_clock_times() -> None:
    schedule = Schedule.parse(
        {
            "Id": "s-1",
            "Name": "Business hours",
            "Type": "WeeklyRecurrence",
            "WeeklyRecurrentSchedule": {
                "MondayHours": [{"Start": NINE, "End": MIDNIGHT}],
                "ComplementEnabled": True,
            },
            "AssociatedConfigurationIds": ["aa-1"],
        }
    )
    assert schedule.weekly["Monday"][0].start == "09:00" and schedule.weekly["Monday"][0].end == "1.00:00"
    assert schedule.weekly["Tuesday"] == () and schedule.complement and not schedule.is_fixed
    assert schedule.associated_configuration_ids == ("aa-1",)
    assert time_text("09:30:00") == "09:30:00" and time_text({"Hours": 17, "Minutes": 45}) == "17:45"


def test_a_call_queue_parses_every_exception_routing_and_membership() -> None:
    queue = CallQueue.parse(
        {
            "Identity": QUEUE_ID,
            "Name": "Building Permits",
            "RoutingMethod": "LongestIdle",
            "PresenceBasedRouting": True,
            "ConferenceMode": True,
            "AllowOptOut": False,
            "AgentAlertTime": 20,
            "LanguageId": "es-US",
            "Users": ["u-1", "u-2"],
            "Agents": [{"ObjectId": "u-1", "OptIn": True}, {"ObjectId": "u-2", "OptIn": False}],
            "DistributionLists": ["g-9"],
            "OverflowThreshold": 0,
            "OverflowAction": "SharedVoicemail",
            "OverflowActionTarget": {"Id": "g-9", "Type": "SharedVoicemail"},
            "OverflowSharedVoicemailTextToSpeechPrompt": "Leave a message",
            "EnableOverflowSharedVoicemailTranscription": True,
            "TimeoutThreshold": 1200,
            "TimeoutAction": "Forward",
            "TimeoutActionTarget": "tel:+13215559211",
            "TimeoutActionCallPriority": 1,
            "NoAgentAction": "Queue",
            "NoAgentApplyTo": "NewCalls",
            "NoAgentActionTarget": None,
            "WelcomeMusicResourceId": "audio-2",
            "UseDefaultMusicOnHold": True,
            "OboResourceAccountIds": ["ra-2"],
            "AuthorizedUsers": ["u-9"],
            "ApplicationInstances": ["ra-2"],
            "ServiceLevelThresholdResponseTimeInSecond": 60,
        }
    )
    assert (queue.routing_method, queue.agent_alert_time, queue.language_id) == ("LongestIdle", 20, "es-US")
    assert queue.presence_based_routing and queue.conference_mode and not queue.allow_opt_out
    assert [(a.object_id, a.opt_in) for a in queue.agents] == [("u-1", True), ("u-2", False)]
    assert queue.overflow.threshold == 0 and queue.overflow.action == "SharedVoicemail"
    assert queue.overflow.prompts == {"SharedVoicemailTextToSpeechPrompt": "Leave a message"}
    assert queue.overflow.shared_voicemail_transcription and not queue.timeout.shared_voicemail_transcription
    assert queue.timeout.target is not None and queue.timeout.target.id == "tel:+13215559211"
    assert queue.timeout.call_priority == 1 and queue.timeout.threshold == 1200
    assert (queue.no_agent.action, queue.no_agent.apply_to, queue.no_agent.target) == (
        "Queue",
        "NewCalls",
        None,
    )
    assert queue.welcome_music_audio_file_id == "audio-2" and queue.use_default_music_on_hold
    assert queue.obo_resource_account_ids == ("ra-2",) and queue.service_level_threshold_s == 60


def test_resource_accounts_know_their_kind_and_licence_and_associations_their_app() -> None:
    cq = ResourceAccount.parse(
        {
            "ObjectId": "ra-1",
            "UserPrincipalName": "permits@county.gov",
            "ApplicationId": "11CD3E2E-FCCB-42AD-AD00-878B93575E07",
            "PhoneNumber": "tel:+13215550103",
        }
    )
    bot = ResourceAccount.parse(
        {"ObjectId": "ra-2", "UserPrincipalName": "bot@county.gov", "ApplicationId": "a-third-party"}
    )
    assert (cq.kind, bot.kind, cq.phone_number) == ("CallQueue", "a-third-party", "tel:+13215550103")
    seat = User(
        id="ra-1",
        user_principal_name="permits@county.gov",
        assigned_sku_ids=frozenset({"440eaaa8-b3e0-484b-a8be-62870b9ba70a"}),
    )
    assert licensed(seat) and not licensed(User(id="ra-2", user_principal_name="bot@county.gov"))
    link = Association.parse(
        {"Id": "ra-1", "ConfigurationId": QUEUE_ID, "ConfigurationType": "CallQueue", "CallPriority": 3}
    )
    assert (link.resource_account_id, link.configuration_id, link.call_priority) == ("ra-1", QUEUE_ID, 3)
    assert as_list(None) == [] and as_list({"a": 1}) == [{"a": 1}] and as_list([1, 2]) == [1, 2]
