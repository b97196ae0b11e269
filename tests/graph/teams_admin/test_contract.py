"""The cmdlet contract check: a table of good calls (pass) and bad calls (refused, naming call + parameter)."""

from __future__ import annotations

import pytest

from graph.teams_admin import Call, ContractViolation, Ref, Script, Validation, check, check_script
from graph.teams_admin.contract import kind_of, load_contract

GUID = "6a4a2b2e-1b8c-4d2f-9d2a-0c0e8e6f1a11"
GUID2 = "0b7f1d7e-3c4a-4e55-8b7e-5a0f4f7d2c22"

GOOD = [
    Call("New-CsCallQueue", {"Name": "Permits", "AgentAlertTime": 30, "RoutingMethod": "RoundRobin"}),
    Call("New-CsCallQueue", {"Name": "Permits", "Users": [GUID, GUID2], "OverflowThreshold": 0}),
    Call("New-CsCallQueue", {"Name": "Edge", "AgentAlertTime": 15, "TimeoutThreshold": 2700}),
    Call("New-CsCallQueue", {"Name": "Lower case enum", "RoutingMethod": "longestidle"}),
    Call(
        "Set-CsCallQueue",
        {"Identity": GUID, "OverflowAction": "Forward", "OverflowActionTarget": "tel:+15555550100"},
    ),
    Call("Set-CsCallQueue", {"Identity": GUID, "ServiceLevelThresholdResponseTimeInSecond": None}),
    Call("Get-CsCallQueue", {"First": 100, "Skip": 200, "NameFilter": "Tax"}),
    Call("Get-CsCallQueue"),
    Call("Get-CsOnlineSchedule"),
    Call("New-CsAutoAttendantPrompt", {"TextToSpeechPrompt": "Press 1 for permits"}),
    Call("New-CsAutoAttendantCallableEntity", {"Identity": "tel:+15555550100", "Type": "ExternalPstn"}),
    Call("New-CsOnlineTimeRange", {"Start": "09:00", "End": "1.00:00"}),
    Call("New-CsOnlineSchedule", {"Name": "Holidays", "FixedSchedule": True}),
    Call(
        "New-CsOnlineApplicationInstance", {"UserPrincipalName": "ra-main@county.gov", "ApplicationId": GUID}
    ),
    Call(
        "Set-CsPhoneNumberAssignment",
        {
            "Identity": "ra-main@county.gov",
            "TelephoneNumber": "+15555550100",
            "NumberType": "OperatorConnect",
        },
    ),
    Call("Set-CsPhoneNumberAssignment", {"TelephoneNumber": "+15555550100", "LocationId": GUID}),
    Call("Remove-CsPhoneNumberAssignment", {"Identity": "u@county.gov", "RemoveAll": True}),
    Call("Get-CsPhoneNumberAssignment", {"CapabilitiesContain": "VoiceApplicationAssignment,UserAssignment"}),
    Call(
        "Import-CsOnlineAudioFile",
        {"ApplicationId": "HuntGroup", "FileName": "hold.wav", "Content": [82, 73, 70]},
    ),
    Call(
        "New-CsOnlineApplicationInstanceAssociation",
        {"Identities": [GUID], "ConfigurationId": GUID2, "ConfigurationType": "CallQueue", "CallPriority": 1},
    ),
    Call(
        "Set-CsOnlineSchedule",
        {"Instance": {"Id": "s-1", "Name": "Holidays", "FixedSchedule": {"DateTimeRanges": []}}},
    ),
    Call("Set-CsAutoAttendant", {"Instance": {"Id": "aa-1", "Name": "Main", "CallFlows": []}}),
]

BAD = [
    (Call("New-CsVoiceThing", {"Name": "x"}), None, "unknown cmdlet"),
    (Call("New-CsCallQueue", {"Name": "x", "Colour": "red"}), "Colour", "unknown parameter"),
    (Call("New-CsCallQueue", {"Name": "x", "agentalerttime": 30}), "agentalerttime", "-AgentAlertTime"),
    (Call("New-CsCallQueue", {"AgentAlertTime": 30}), "Name", "mandatory"),
    (Call("New-CsCallQueue", {"Name": "x", "AgentAlertTime": 14}), "AgentAlertTime", "minimum 15"),
    (Call("New-CsCallQueue", {"Name": "x", "AgentAlertTime": 181}), "AgentAlertTime", "maximum 180"),
    (Call("New-CsCallQueue", {"Name": "x", "OverflowThreshold": 201}), "OverflowThreshold", "maximum 200"),
    (Call("New-CsCallQueue", {"Name": "x", "TimeoutThreshold": 2701}), "TimeoutThreshold", "maximum 2700"),
    (Call("New-CsCallQueue", {"Name": "x", "AgentAlertTime": "30"}), "AgentAlertTime", "takes a int"),
    (Call("New-CsCallQueue", {"Name": "x", "ConferenceMode": "yes"}), "ConferenceMode", "takes a bool"),
    (Call("New-CsCallQueue", {"Name": "x", "RoutingMethod": "Random"}), "RoutingMethod", "not one of"),
    (Call("New-CsCallQueue", {"Name": "x", "Users": [GUID, "bob"]}), "Users", "GUID"),
    (
        Call("New-CsCallQueue", {"Name": "x", "OverflowActionCallPriority": 6}),
        "OverflowActionCallPriority",
        "not one of",
    ),
    (Call("New-CsCallQueue", {"Name": None}), "Name", "$null"),
    (Call("Set-CsCallQueue", {"Name": "x"}), "Identity", "mandatory"),
    (Call("Get-CsCallQueue", {"First": 101}), "First", "maximum 100"),
    (
        Call("New-CsAutoAttendantPrompt", {}),
        "AudioFilePrompt",
        "-TextToSpeechPrompt from another parameter set",
    ),
    (
        Call("New-CsAutoAttendantMenuOption", {"Action": "Transfer", "DtmfResponse": "Tone1"}),
        "Action",
        "not one of",
    ),
    (
        Call("New-CsAutoAttendantMenuOption", {"Action": "DisconnectCall", "DtmfResponse": "Tone10"}),
        "DtmfResponse",
        "not one of",
    ),
    (
        Call(
            "New-CsAutoAttendantMenuOption", {"Action": "MainlineAttendantFlow", "DtmfResponse": "Automatic"}
        ),
        "MainlineAttendantTarget",
        "required when -Action is MainlineAttendantFlow",
    ),
    (
        Call("New-CsAutoAttendantMenuOption", {"Action": "Announcement", "Prompt": "Hello"}),
        "Prompt",
        "Prompt object",
    ),
    (Call("New-CsAutoAttendantCallableEntity", {"Identity": GUID, "Type": "Person"}), "Type", "not one of"),
    (
        Call("New-CsAutoAttendantCallableEntity", {"Identity": GUID, "Type": "User", "CallPriority": 0}),
        "CallPriority",
        "not one of",
    ),
    (
        Call(
            "New-CsAutoAttendantCallHandlingAssociation",
            {"Type": "BusinessHours", "ScheduleId": "s", "CallFlowId": "f"},
        ),
        "Type",
        "not one of",
    ),
    (Call("New-CsOnlineTimeRange", {"Start": "9am", "End": "17:00"}), "Start", "time span"),
    (
        Call("New-CsOnlineSchedule", {"Name": "x", "FixedSchedule": True, "Complement": True}),
        "Complement",
        "parameter sets",
    ),
    (Call("New-CsOnlineSchedule", {"Name": "x"}), "WeeklyRecurrentSchedule", "mandatory"),
    (Call("New-CsOnlineSchedule", {"Name": "x", "FixedSchedule": "yes"}), "FixedSchedule", "switch"),
    (
        Call(
            "Set-CsPhoneNumberAssignment",
            {"Identity": "u@c.gov", "TelephoneNumber": "+1555", "NumberType": "Landline"},
        ),
        "NumberType",
        "not one of",
    ),
    (
        Call(
            "Set-CsPhoneNumberAssignment",
            {"Identity": "u@c.gov", "TelephoneNumber": "+1555", "EnterpriseVoiceEnabled": True},
        ),
        "EnterpriseVoiceEnabled",
        "parameter sets",
    ),
    (
        Call(
            "Remove-CsPhoneNumberAssignment",
            {"Identity": "u@c.gov", "RemoveAll": True, "TelephoneNumber": "+1555"},
        ),
        "TelephoneNumber",
        "parameter sets",
    ),
    (
        Call("Get-CsPhoneNumberAssignment", {"CapabilitiesContain": "UserAssignment,Fax"}),
        "CapabilitiesContain",
        "'Fax'",
    ),
    (
        Call("Import-CsOnlineAudioFile", {"ApplicationId": "Voicemail", "FileName": "a.wav", "Content": [1]}),
        "ApplicationId",
        "not one of",
    ),
    (
        Call(
            "Import-CsOnlineAudioFile", {"ApplicationId": "HuntGroup", "FileName": "a.wav", "Content": [256]}
        ),
        "Content",
        "bytes",
    ),
    (
        Call("Find-CsOnlineApplicationInstance", {"SearchQuery": "main", "MaxResults": 21}),
        "MaxResults",
        "maximum 20",
    ),
    (Call("Get-CsOnlineUser", {"AccountType": "Robot"}), "AccountType", "not one of"),
    (Call("Remove-CsCallQueue", {"Identity": "not-a-guid"}), "Identity", "GUID"),
    (Call("New-CsCallQueue", {"Name": {"Text": "Permits"}}), "Name", "not a JSON object"),
    (
        Call("New-CsCallQueue", {"Name": "x", "RoutingMethod": {"Value": "Serial"}}),
        "RoutingMethod",
        "not a JSON object",
    ),
    (Call("Set-CsAutoAttendant", {"Instance": {"Id": "aa-1", "CallFlows": [Ref("f9")]}}), "Instance", "$f9"),
]


@pytest.mark.parametrize("call", GOOD, ids=lambda c: c.cmdlet)
def test_good_calls_pass(call: Call) -> None:
    check(call)


@pytest.mark.parametrize(
    ("call", "parameter", "problem"), BAD, ids=lambda v: v if isinstance(v, str) else None
)
def test_bad_calls_are_refused_naming_call_and_parameter(
    call: Call, parameter: str | None, problem: str
) -> None:
    with pytest.raises(ContractViolation) as caught:
        check(call)
    error = caught.value
    assert isinstance(error, Validation)
    assert error.cmdlet == call.cmdlet
    assert error.parameter == parameter
    assert str(error).startswith(call.cmdlet + (f" -{parameter}" if parameter else ""))
    assert problem in str(error)


def test_references_are_typed_by_the_cmdlet_that_produced_them() -> None:
    prompt = Call("New-CsAutoAttendantPrompt", {"TextToSpeechPrompt": "Hi"}, result="p1")
    good = Call(
        "New-CsAutoAttendantMenuOption",
        {"Action": "Announcement", "DtmfResponse": "Tone1", "Prompt": Ref("p1")},
    )
    check_script(Script([prompt, good]))
    wrong = Call(
        "New-CsAutoAttendantMenuOption",
        {"Action": "TransferCallToTarget", "DtmfResponse": "Tone1", "CallTarget": Ref("p1")},
    )
    with pytest.raises(ContractViolation) as caught:
        check_script(Script([prompt, wrong]))
    assert caught.value.parameter == "CallTarget"
    assert caught.value.step == 2
    assert "CallableEntity object, but $p1 is a Prompt" in str(caught.value)


def test_a_whole_object_is_refused_where_a_text_is_wanted_but_its_property_is_accepted() -> None:
    queue = Call("New-CsCallQueue", {"Name": "Permits"}, result="q")
    whole = Call(
        "New-CsOnlineApplicationInstanceAssociation",
        {"Identities": ["x"], "ConfigurationId": Ref("q"), "ConfigurationType": "CallQueue"},
    )
    with pytest.raises(ContractViolation, match="whole CallQueue") as caught:
        check_script(Script([queue, whole]))
    assert caught.value.parameter == "ConfigurationId"
    prop = Call(
        "New-CsOnlineApplicationInstanceAssociation",
        {"Identities": ["x"], "ConfigurationId": Ref("q", "Identity"), "ConfigurationType": "CallQueue"},
    )
    check_script(Script([queue, prop]))


def test_a_reference_to_nothing_is_refused_before_anything_is_built() -> None:
    with pytest.raises(ValueError, match=r"refers to \$nowhere before it is set"):
        Script([Call("New-CsAutoAttendantMenu", {"Name": "m", "MenuOptions": [Ref("nowhere")]})])
    with pytest.raises(ContractViolation, match="no earlier call sets"):
        check(Call("New-CsAutoAttendantMenu", {"Name": "m", "MenuOptions": [Ref("nowhere")]}))


def test_the_vendored_contract_normalises_every_documented_type() -> None:
    contract = load_contract()
    assert len(contract) == 39
    kinds = {p.kind for c in contract.values() for p in c.parameters.values()}
    assert kinds == {"string", "guid", "int", "bool", "switch", "timespan", "bytes", "list", "object"}
    assert kind_of("System.Management.Automation.SwitchParameter") == "switch"
    assert kind_of("System.Collections.Generic.List") == "list"
    # Int16 bounds apply where the docs give no range of their own.
    assert contract["New-CsCallQueue"].parameters["WaitTimeBeforeOfferingCallbackInSecond"].high == 32767
