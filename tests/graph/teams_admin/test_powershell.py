"""Rendered scripts and worker.ps1 parse as PowerShell (tree-sitter-powershell); commands match the contract."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import tree_sitter_powershell
from hypothesis import given, settings
from hypothesis import strategies as st
from tree_sitter import Language, Node, Parser

from graph.teams_admin import Call, Ref, Script, render_script
from graph.teams_admin.aa_script import (
    AutoAttendantSpec,
    FlowSpec,
    HandlingSpec,
    OptionSpec,
    Target,
    add_handling_script,
    auto_attendant_script,
    remove_handling_script,
)
from graph.teams_admin.config import worker_script_path
from graph.teams_admin.contract import check_script, load_contract
from graph.teams_admin.render import quote
from graph.teams_admin.schedules import fixed_schedule_script, weekly_schedule_script

PARSER = Parser(Language(tree_sitter_powershell.language()))
GUID = "6a4a2b2e-1b8c-4d2f-9d2a-0c0e8e6f1a11"
TRICKY = [
    "O'Brien County",
    "it\u2019s closed",
    "$env:PATH `whoami` $(Get-Date)",
    "line one\nline two",
    "@(1)",
    "",
]


def nodes(node: Node, kind: str) -> Iterator[Node]:
    if node.type == kind:
        yield node
    for child in node.children:
        yield from nodes(child, kind)


def errors(node: Node) -> list[str]:
    found = [n for n in nodes(node, "ERROR")]
    found += [n for n in _all(node) if n.is_missing]
    return [f"{n.start_point}: {(n.text or b'')[:60]!r}" for n in found]


def _all(node: Node) -> Iterator[Node]:
    yield node
    for child in node.children:
        yield from _all(child)


def unquote(literal: str) -> str:
    """A verbatim string literal back to its value: the inverse of render.quote."""
    body = literal[1:-1]
    for mark in ("'", "\u2018", "\u2019", "\u201a", "\u201b"):
        body = body.replace(mark + mark, mark)
    return body


def county_main_line() -> AutoAttendantSpec:
    queue = Target(GUID, "ConfigurationEndpoint", call_priority=2)
    return AutoAttendantSpec(
        name="Main line – O'Brien County",
        language_id="en-US",
        time_zone_id="Eastern Standard Time",
        default_flow=FlowSpec(
            "Business hours",
            (
                OptionSpec("Tone1", "TransferCallToTarget", queue, voice_response="Permits"),
                OptionSpec("Tone9", "Announcement", prompt="Our hours are 8 to 5. It\u2019s that simple."),
                OptionSpec("Tone0", "TransferCallToOperator"),
            ),
            greeting="Welcome to O'Brien County",
            menu_prompt="For permits press 1",
            dial_by_name=True,
            directory_search="ByName",
            force_listen=True,
        ),
        handlings=(
            HandlingSpec(
                "AfterHours",
                "sched-after",
                FlowSpec("After hours", (OptionSpec("Automatic", "DisconnectCall"),)),
                False,
            ),
            HandlingSpec(
                "Holiday",
                "sched-holidays",
                FlowSpec("Holidays", (OptionSpec("Automatic", "DisconnectCall"),)),
            ),
        ),
        operator=Target("tel:+15555550100", "ExternalPstn"),
        inclusion_groups=(GUID,),
        authorized_users=(GUID,),
    )


ATTENDANT_AS_PRINTED = {
    "Id": "aa-1",
    "Name": "Main line",
    "CallFlows": [{"Id": "flow-1", "Name": "After hours", "Menu": {"Name": "m", "MenuOptions": []}}],
    "CallHandlingAssociations": [
        {"Type": "AfterHours", "ScheduleId": "s-after", "CallFlowId": "flow-1", "Enabled": True}
    ],
    "Schedules": [{"Id": "s-after"}],
    "Status": {"OverallStatus": "Successful"},
    "Odd key": None,
}

SCRIPTS = {
    "auto attendant": auto_attendant_script(county_main_line()),
    "weekly schedule": weekly_schedule_script(
        "Business hours",
        {"Monday": [("08:00", "12:00"), ("13:00", "17:00")], "Friday": [("08:00", "1.00:00")]},
        complement=True,
    ),
    "attach emergency": add_handling_script(
        ATTENDANT_AS_PRINTED,
        HandlingSpec(
            "Holiday",
            "s-emergency",
            FlowSpec("Emergency", (OptionSpec("Automatic", "DisconnectCall"),), greeting="Closed"),
        ),
    ),
    "detach after hours": remove_handling_script(ATTENDANT_AS_PRINTED, "s-after"),
    "holidays": fixed_schedule_script(
        "County holidays 2026", [("25/12/2026", None), ("31/12/2026 12:00", "2/1/2027")]
    ),
    "queue": Script(
        [
            Call(
                "New-CsCallQueue",
                {
                    "Name": TRICKY[0],
                    "Users": [GUID, GUID],
                    "ConferenceMode": True,
                    "AllowOptOut": False,
                    "OverflowThreshold": 0,
                    "OverflowActionTarget": None,
                    "WelcomeTextToSpeechPrompt": "\n".join(TRICKY),
                },
                result="q",
            ),
            Call("Get-CsCallQueue", {"Identity": Ref("q", "Identity"), "ExcludeContent": False}),
        ]
    ),
}


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_rendered_script_parses_and_names_only_contract_cmdlets_and_parameters(name: str) -> None:
    script = SCRIPTS[name]
    check_script(script)
    text = render_script(script)
    tree = PARSER.parse(text.encode())
    assert errors(tree.root_node) == [], text
    contract = load_contract()
    commands = list(nodes(tree.root_node, "command"))
    assert [c.child_by_field_name("command_name").text.decode() for c in commands] == [
        c.cmdlet for c in script
    ]
    for command, call in zip(commands, script, strict=True):
        spec = contract[call.cmdlet]
        rendered = [p.text.decode().lstrip("-").rstrip(":") for p in nodes(command, "command_parameter")]
        assert rendered == list(call.params), f"{call.cmdlet}: {rendered}"
        assert all(p in spec.parameters for p in rendered)


def test_strings_survive_quoting_exactly() -> None:
    script = SCRIPTS["queue"]
    tree = PARSER.parse(render_script(script).encode())
    literals = [unquote(n.text.decode()) for n in nodes(tree.root_node, "verbatim_string_characters")]
    expected = [s for s in _strings(script)]
    assert literals == expected


def _strings(script: Script) -> Iterator[str]:
    def walk(value: object) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, list | tuple):
            for item in value:
                yield from walk(item)

    for call in script:
        for value in call.params.values():
            yield from walk(value)


def test_rendering_reads_like_an_admin_would_write_it() -> None:
    text = render_script(SCRIPTS["auto attendant"])
    assert (
        "$p1 = New-CsAutoAttendantPrompt -TextToSpeechPrompt 'Our hours are 8 to 5. It\u2019\u2019s that simple.'"
        in text
    )
    assert "-CallFlowId $f2.Id" in text
    assert "-EnableDialByName -DirectorySearchMethod 'ByName'" in text
    assert "-Disable\n" in text
    assert "-MenuOptions @($o1, $o2, $o3)" in text
    queue = render_script(SCRIPTS["queue"])
    assert (
        "-ConferenceMode $true -AllowOptOut $false -OverflowThreshold 0 -OverflowActionTarget $null" in queue
    )
    assert "-ExcludeContent:$false" in queue
    assert quote("O'Brien") == "'O''Brien'"


def test_an_instance_renders_as_a_hashtable_without_the_read_only_views() -> None:
    attach = render_script(SCRIPTS["attach emergency"]).splitlines()[-1]
    assert attach.startswith(
        "Set-CsAutoAttendant -Instance @{Id = 'aa-1'; Name = 'Main line'; CallFlows = @(@{Id = 'flow-1'"
    )
    assert "CallHandlingAssociations = @(@{Type = 'AfterHours'" in attach and attach.endswith(
        ", $h1); 'Odd key' = $null}"
    )
    assert "Schedules" not in attach and "Status" not in attach
    detach = SCRIPTS["detach after hours"].calls[0].params["Instance"]
    assert isinstance(detach, dict)
    assert (detach["CallHandlingAssociations"], detach["CallFlows"]) == ([], [])


def test_worker_script_parses_is_short_and_never_runs_data_as_code() -> None:
    source = Path(worker_script_path()).read_text("utf-8")
    tree = PARSER.parse(source.encode())
    assert errors(tree.root_node) == []
    assert len(source.splitlines()) <= 80
    lowered = source.lower()
    for banned in ("invoke-expression", "iex ", "[scriptblock]", "addscript", "new-module"):
        assert banned not in lowered
    names = {
        c.child_by_field_name("command_name").text.decode()
        for c in nodes(tree.root_node, "command")
        if c.child_by_field_name("command_name")
    }
    assert {"Connect-MicrosoftTeams", "ConvertFrom-Json", "ConvertTo-Json", "Get-Command"} <= names
    assert "& $command @params" in source  # splatting: parameters are bound, never parsed
    assert "-Depth 10 -Compress" in source
    assert "FullyQualifiedErrorId" in source and "CategoryInfo.Category" in source


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")))
def test_any_text_renders_as_one_string_literal_that_reads_back_unchanged(text: str) -> None:
    rendered = render_script(Script([Call("New-CsAutoAttendantPrompt", {"TextToSpeechPrompt": text})]))
    tree = PARSER.parse(rendered.encode())
    assert errors(tree.root_node) == []
    literals = [unquote(n.text.decode()) for n in nodes(tree.root_node, "verbatim_string_characters")]
    assert literals == [text]
