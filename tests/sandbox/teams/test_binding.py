"""Parameter binding against the cmdlet contract, over the HTTP route: a table of calls PowerShell
accepts or refuses before anything reaches the service (no status; nothing applied)."""

from __future__ import annotations

from typing import Any

import pytest

from sandbox.server import RunningSandbox
from tests.sandbox.teams.helpers import error, invoke, step

REFUSED: list[tuple[str, dict[str, Any], str, str]] = [
    ("Get-CsCallQueues", {}, "CommandNotFoundException", "not recognized"),
    (
        "New-CsCallQueue",
        {"Name": "q", "AlertTime": 20},
        "NamedParameterNotFound,New-CsCallQueue",
        "'AlertTime'",
    ),
    ("New-CsCallQueue", {"RoutingMethod": "Serial"}, "MissingMandatoryParameter,New-CsCallQueue", "Name"),
    (
        "New-CsCallQueue",
        {"Name": "q", "AgentAlertTime": 14},
        "ParameterArgumentValidationError,New-CsCallQueue",
        "minimum allowed range of 15",
    ),
    (
        "New-CsCallQueue",
        {"Name": "q", "AgentAlertTime": 181},
        "ParameterArgumentValidationError,New-CsCallQueue",
        "maximum allowed range of 180",
    ),
    (
        "New-CsCallQueue",
        {"Name": "q", "OverflowThreshold": 201},
        "ParameterArgumentValidationError,New-CsCallQueue",
        "200",
    ),
    (
        "New-CsCallQueue",
        {"Name": "q", "TimeoutThreshold": 2701},
        "ParameterArgumentValidationError,New-CsCallQueue",
        "2700",
    ),
    (
        "New-CsCallQueue",
        {"Name": "q", "AgentAlertTime": "soon"},
        "ParameterArgumentTransformationError,New-CsCallQueue",
        "System.Int16",
    ),
    (
        "New-CsCallQueue",
        {"Name": "q", "ConferenceMode": "yes"},
        "ParameterArgumentTransformationError,New-CsCallQueue",
        "System.Boolean",
    ),
    (
        "New-CsCallQueue",
        {"Name": "q", "RoutingMethod": "Random"},
        "ParameterArgumentValidationError,New-CsCallQueue",
        "ValidateSet",
    ),
    (
        "Remove-CsCallQueue",
        {"Identity": "not-a-guid"},
        "ParameterArgumentTransformationError,Remove-CsCallQueue",
        "System.Guid",
    ),
    ("Get-CsCallQueue", {"First": 101}, "ParameterArgumentValidationError,Get-CsCallQueue", "100"),
    (
        "New-CsOnlineApplicationInstanceAssociation",
        {"Identities": ["x"], "ConfigurationId": "y", "ConfigurationType": "CallQueue", "CallPriority": 6},
        "ParameterArgumentValidationError,New-CsOnlineApplicationInstanceAssociation",
        "5",
    ),
    # Parameters of two different parameter sets.
    (
        "New-CsOnlineSchedule",
        {"Name": "s", "FixedSchedule": True, "MondayHours": []},
        "AmbiguousParameterSet,New-CsOnlineSchedule",
        "cannot be resolved",
    ),
    (
        "Remove-CsPhoneNumberAssignment",
        {"Identity": "a@b", "RemoveAll": True, "TelephoneNumber": "+1", "NumberType": "CallingPlan"},
        "AmbiguousParameterSet,Remove-CsPhoneNumberAssignment",
        "cannot be resolved",
    ),
    (
        "New-CsAutoAttendantPrompt",
        {"TextToSpeechPrompt": "hi", "AudioFilePrompt": {"Id": "x"}},
        "MissingMandatoryParameter,New-CsAutoAttendantPrompt",
        "ActiveType",
    ),
    (
        "Set-CsPhoneNumberAssignment",
        {"Identity": "a@b", "TelephoneNumber": "+13215550100", "NumberType": "Skype"},
        "ParameterArgumentValidationError,Set-CsPhoneNumberAssignment",
        "DirectRouting,CallingPlan,OperatorConnect",
    ),
    (
        "Get-CsPhoneNumberAssignment",
        {"CapabilitiesContain": "UserAssignment,Fax"},
        "ParameterArgumentValidationError,Get-CsPhoneNumberAssignment",
        "Fax",
    ),
    (
        "Import-CsOnlineAudioFile",
        {"ApplicationId": "HuntGroup", "FileName": "a.wav", "Content": "UklGRg=="},
        "ParameterArgumentTransformationError,Import-CsOnlineAudioFile",
        "System.Byte",
    ),
]


@pytest.mark.parametrize(
    ("cmdlet", "params", "fqid", "text"),
    REFUSED,
    ids=[f"{r[0]}-{r[2].split(',')[0]}-{i}" for i, r in enumerate(REFUSED)],
)
async def test_binding_refuses(
    teams_sandbox: RunningSandbox, cmdlet: str, params: dict[str, Any], fqid: str, text: str
) -> None:
    queues_before = dict(teams_sandbox.state.teams.callQueues)
    err = await error(teams_sandbox, step(cmdlet, **params))
    assert err["fqid"] == fqid
    assert text in err["message"]
    assert err["status"] is None  # refused by PowerShell, nothing sent
    assert teams_sandbox.state.teams.callQueues == queues_before


ACCEPTED: list[tuple[str, dict[str, Any]]] = [
    ("new-cscallqueue", {"name": "lower case cmdlet and parameter names", "routingmethod": "serial"}),
    (
        "New-CsCallQueue",
        {
            "Name": "alert at the edges",
            "AgentAlertTime": 15,
            "OverflowThreshold": 0,
            "TimeoutThreshold": 2700,
        },
    ),
    ("New-CsCallQueue", {"Name": "numbers as strings", "AgentAlertTime": "180"}),
    ("Get-CsCallQueue", {"First": 100, "Skip": 0, "Sort": "Name", "Descending": True}),
    ("Get-CsPhoneNumberAssignment", {"PhoneNumber": "+13215550100"}),  # alias of -TelephoneNumber
    (
        "New-CsAutoAttendantPrompt",
        {
            "ActiveType": "None",
            "TextToSpeechPrompt": "x",
            "AudioFilePrompt": {"Id": "1", "FileName": "a.wav"},
        },
    ),
    ("Get-CsOnlineSchedule", {}),  # quirk: -Id is optional in the module although SYNTAX marks it mandatory
    (
        "Get-CsPhoneNumberAssignment",
        {"CapabilitiesContain": "userassignment,VoiceApplicationAssignment", "Top": 5},
    ),
]


@pytest.mark.parametrize(
    ("cmdlet", "params"), ACCEPTED, ids=[r[1].get("Name") or r[1].get("name") or r[0] for r in ACCEPTED]
)
async def test_binding_accepts(teams_sandbox: RunningSandbox, cmdlet: str, params: dict[str, Any]) -> None:
    response = await invoke(teams_sandbox, step(cmdlet, **params))
    assert response["ok"], response.get("error")


async def test_invalid_request_shape_is_answered(teams_sandbox: RunningSandbox) -> None:
    from tests.sandbox.teams.helpers import invoke_raw

    answer = await invoke_raw(teams_sandbox, {"id": "x", "steps": "New-CsCallQueue"})
    assert answer["response"]["ok"] is False and answer["response"]["id"] == "x"
