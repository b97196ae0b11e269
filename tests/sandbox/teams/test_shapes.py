"""Conformance of `GET /_sandbox/teams`: every object in the module's shapes. The property names below are
written from Microsoft's documentation (cmdlet pages, the voice-apps reference §1.1, §2.1, §4.3), not
from the implementation; values of documented enums must come from the contract's documented lists."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from sandbox.server import RunningSandbox
from tests.sandbox.teams.helpers import get_json

PASCAL = re.compile(r"^[A-Z][A-Za-z0-9]*$")
CONTRACT = json.loads((Path(__file__).parents[3] / "sandbox" / "data" / "teams-cmdlets.json").read_text())[
    "cmdlets"
]
# Get-CsAutoAttendant example output, plus AuthorizedUsers/HideAuthorizedUsers/UserNameExtension (§2.1).
AUTO_ATTENDANT = {
    "Id", "TenantId", "Name", "LanguageId", "VoiceId", "DefaultCallFlow", "Operator", "TimeZoneId",
    "VoiceResponseEnabled", "CallFlows", "Schedules", "CallHandlingAssociations", "Status",
    "DialByNameResourceId", "DirectoryLookupScope", "ApplicationInstances", "AuthorizedUsers",
    "HideAuthorizedUsers", "UserNameExtension",
}  # fmt: skip
CALL_FLOW = {"Id", "Name", "Greetings", "Menu", "ForceListenMenuEnabled"}
MENU = {"Name", "Prompts", "MenuOptions", "DialByNameEnabled", "DirectorySearchMethod"}
MENU_OPTION = {"Action", "DtmfResponse", "VoiceResponses", "CallTarget", "Prompt", "Description"}
PROMPT = {"ActiveType", "TextToSpeechPrompt", "AudioFilePrompt"}
CALLABLE_ENTITY = {
    "Id",
    "Type",
    "EnableTranscription",
    "EnableSharedVoicemailSystemPromptSuppression",
    "CallPriority",
}
ASSOCIATION = {"Type", "ScheduleId", "CallFlowId", "Enabled", "Priority"}
SCHEDULE = {"Id", "Name", "Type", "WeeklyRecurrentSchedule", "FixedSchedule", "AssociatedConfigurationIds"}
WEEKLY = {
    f"{d}Hours" for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
} | {"ComplementEnabled"}
# Get-CsCallQueue: Identity, Agents {ObjectId, OptIn}, ApplicationInstances (§1.1) and every New-CsCallQueue
# parameter (the contract), except the reserved LineUri/Tenant and the syntax-only -User.
QUEUE_EXTRA = {"Identity", "TenantId", "Agents", "ApplicationInstances"}
NUMBER = {
    "TelephoneNumber", "OperatorId", "NumberType", "ActivationState", "AssignedPstnTargetId", "AssignmentCategory",
    "Capability", "City", "CivicAddressId", "IsoCountryCode", "IsoSubdivision", "LocationId",
    "LocationUpdateSupported", "NetworkSiteId", "PortInOrderStatus", "PstnAssignmentStatus", "PstnPartnerId",
    "PstnPartnerName", "NumberSource", "ReverseNumberLookup", "Tag", "AssignmentBlockedState", "AssignmentBlockedUntil",
}  # fmt: skip
INSTANCE = {"ObjectId", "TenantId", "UserPrincipalName", "ApplicationId", "DisplayName", "PhoneNumber"}
INSTANCE_ASSOCIATION = {"Id", "ConfigurationId", "ConfigurationType", "CallPriority"}


def accepted(cmdlet: str, param: str) -> set[Any]:
    return set(CONTRACT[cmdlet]["parameters"][param]["accepted_values"])


def keys_of(obj: Any) -> set[str]:
    return set(obj) if isinstance(obj, dict) else set()


def walk_keys(obj: Any) -> list[str]:
    if isinstance(obj, dict):
        return [*obj, *(k for v in obj.values() for k in walk_keys(v))]
    if isinstance(obj, list):
        return [k for v in obj for k in walk_keys(v)]
    return []


@pytest.fixture
async def view(teams_sandbox: RunningSandbox) -> dict[str, Any]:
    return dict(await get_json(teams_sandbox, "/_sandbox/teams"))


async def test_every_property_name_is_pascal_case(view: dict[str, Any]) -> None:
    names = walk_keys(view)
    assert len(names) > 1000
    assert [n for n in names if not PASCAL.match(n)] == []


def check_entity(entity: dict[str, Any]) -> None:
    assert keys_of(entity) == CALLABLE_ENTITY
    assert entity["Type"] in accepted("New-CsAutoAttendantCallableEntity", "Type")


def check_menu(menu: dict[str, Any]) -> None:
    assert keys_of(menu) == MENU
    assert menu["DirectorySearchMethod"] in accepted("New-CsAutoAttendantMenu", "DirectorySearchMethod")
    for prompt in menu["Prompts"]:
        assert keys_of(prompt) == PROMPT
        assert prompt["ActiveType"] in accepted("New-CsAutoAttendantPrompt", "ActiveType")
    for option in menu["MenuOptions"]:
        assert keys_of(option) == MENU_OPTION
        assert option["Action"] in accepted("New-CsAutoAttendantMenuOption", "Action")
        assert option["DtmfResponse"] in accepted("New-CsAutoAttendantMenuOption", "DtmfResponse")
        if option["CallTarget"] is not None:
            check_entity(option["CallTarget"])


async def test_auto_attendants_have_the_documented_shape(view: dict[str, Any]) -> None:
    assert len(view["AutoAttendants"]) >= 3
    for aa in view["AutoAttendants"]:
        assert keys_of(aa) == AUTO_ATTENDANT
        assert keys_of(aa["DirectoryLookupScope"]) == {"InclusionScope", "ExclusionScope"}
        assert aa["UserNameExtension"] in accepted("New-CsAutoAttendant", "UserNameExtension")
        check_entity(aa["Operator"])
        for flow in [aa["DefaultCallFlow"], *aa["CallFlows"]]:
            assert keys_of(flow) == CALL_FLOW
            check_menu(flow["Menu"])
        for association in aa["CallHandlingAssociations"]:
            assert keys_of(association) == ASSOCIATION
            assert association["Type"] in accepted("New-CsAutoAttendantCallHandlingAssociation", "Type")
        for schedule in aa["Schedules"]:
            assert keys_of(schedule) == SCHEDULE


async def test_call_queues_have_the_documented_shape(view: dict[str, Any]) -> None:
    documented = set(CONTRACT["New-CsCallQueue"]["parameters"]) - {"LineUri", "Tenant", "User"} | QUEUE_EXTRA
    for queue in view["CallQueues"]:
        assert keys_of(queue) <= documented, keys_of(queue) - documented
        assert {"Identity", "Name", "Users", "Agents", "RoutingMethod", "ApplicationInstances"} <= keys_of(
            queue
        )
        for agent in queue["Agents"]:
            assert keys_of(agent) == {"ObjectId", "OptIn"}
        for enum in ("RoutingMethod", "OverflowAction", "TimeoutAction", "NoAgentAction", "NoAgentApplyTo"):
            assert queue[enum] in accepted("New-CsCallQueue", enum), (queue["Name"], enum)
        assert 15 <= queue["AgentAlertTime"] <= 180 and 0 <= queue["OverflowThreshold"] <= 200
        assert 0 <= queue["TimeoutThreshold"] <= 2700 and queue["TimeoutThreshold"] % 15 == 0
        assert len(queue["Users"]) <= 20


async def test_schedules_have_the_documented_shape(view: dict[str, Any]) -> None:
    for schedule in view["Schedules"]:
        assert keys_of(schedule) == SCHEDULE
        assert schedule["Type"] in {"WeeklyRecurrence", "Fixed"}
        if schedule["Type"] == "Fixed":
            assert schedule["WeeklyRecurrentSchedule"] is None
            assert keys_of(schedule["FixedSchedule"]) == {"DateTimeRanges"}
            assert len(schedule["FixedSchedule"]["DateTimeRanges"]) <= 10
            for r in schedule["FixedSchedule"]["DateTimeRanges"]:
                assert keys_of(r) == {"Start", "End"} and re.fullmatch(
                    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", r["Start"]
                )
        else:
            assert keys_of(schedule["WeeklyRecurrentSchedule"]) == WEEKLY
            ranges = [
                r for day in WEEKLY - {"ComplementEnabled"} for r in schedule["WeeklyRecurrentSchedule"][day]
            ]
            # A TimeSpan as ConvertTo-Json prints it: .NET's own properties.
            assert all({"Ticks", "Hours", "Minutes", "TotalSeconds"} <= keys_of(r["Start"]) for r in ranges)


async def test_accounts_associations_and_numbers_have_the_documented_shape(view: dict[str, Any]) -> None:
    assert all(keys_of(i) == INSTANCE for i in view["ApplicationInstances"])
    assert all(keys_of(a) == INSTANCE_ASSOCIATION for a in view["Associations"])
    assert {a["ConfigurationType"] for a in view["Associations"]} <= accepted(
        "New-CsOnlineApplicationInstanceAssociation", "ConfigurationType"
    )
    for number in view["VoiceApplicationNumbers"]:
        assert keys_of(number) == NUMBER
        assert number["NumberType"] in accepted("Get-CsPhoneNumberAssignment", "NumberType")
        assert number["PstnAssignmentStatus"] in accepted(
            "Get-CsPhoneNumberAssignment", "PstnAssignmentStatus"
        )
        assert set(number["Capability"]) <= accepted("Get-CsPhoneNumberAssignment", "CapabilitiesContain")
