"""The `emergency_modes` section: file:line problems, the domain value, and lines resolved against a
tenant written by hand here (names, numbers, a number on an unassociated account, a loop)."""

from __future__ import annotations

import pytest

from provisioning import DesiredStateError, parse_phone_system
from provisioning.desired.emergency import EmergencyModeSpec
from provisioning.emergency import resolve_lines
from provisioning.voiceapps import (
    AutoAttendant,
    CallFlow,
    CallQueue,
    Person,
    ResourceAccount,
    Target,
    VoiceApps,
)

FILE = """emergency_modes:
  eoc:
    announcement: {{en-US: Go to the EOC., es-US: Vaya al EOC.}}
    lines: {lines}
    route_to: {route}
"""


def load(lines: str = "[Main, Permits]", route: str = "{call_queue: EOC}") -> EmergencyModeSpec:
    return parse_phone_system(FILE.format(lines=lines, route=route), "p.yaml").emergency_modes["eoc"]


def problems(text: str) -> list[str]:
    with pytest.raises(DesiredStateError) as caught:
        parse_phone_system(text, "p.yaml")
    return caught.value.problems


def test_bad_modes_are_named_at_their_line() -> None:
    assert problems(FILE.format(lines="[]", route="{call_queue: EOC}")) == [
        "p.yaml:4: emergency_modes.eoc.lines: List should have at least 1 item after validation, not 0"
    ]
    assert problems(FILE.format(lines="[Main]", route="{disconnect: true}")) == [
        "p.yaml:3: emergency_modes.eoc: route_to: an emergency mode sends calls somewhere (disconnect is not a route)"
    ]
    assert problems(FILE.format(lines='["+1 321 555"]', route="{call_queue: EOC}"))[0].startswith(
        "p.yaml:4: emergency_modes.eoc.lines: '+1 321 555' is not a possible telephone number"
    )
    assert problems(
        "emergency_modes:\n  EOC Mode:\n    announcement: x\n    lines: [a]\n"
        "    route_to: {call_queue: EOC}\n"
    ) == ["p.yaml:2: emergency_modes: emergency mode name 'EOC Mode': use lower-case letters, digits and -"]


def test_languages_must_have_a_text_and_the_first_is_the_fallback() -> None:
    text = FILE.format(lines="[Main]", route="{call_queue: EOC}") + "    languages: [en-US, fr-CA]\n"
    assert problems(text) == ["p.yaml:3: emergency_modes.eoc: languages: no announcement text for fr-CA"]
    mode = load().to_domain("eoc")
    assert mode.languages == ("en-US", "es-US")
    assert mode.announcement("es-us") == "Vaya al EOC."
    assert mode.announcement("fr-FR") == "Go to the EOC."  # a language the mode lacks hears the first
    assert mode.with_message("Use 211.").announcements == (("en-US", "Use 211."), ("es-US", "Use 211."))


def test_numbers_are_normalised_and_the_domain_round_trips() -> None:
    spec = load(lines='[Main, "+1 (321) 555-0101"]', route='{external: "321-555-9999"}')
    mode = spec.to_domain("eoc")
    assert mode.lines == ("Main", "+13215550101")
    assert mode.route_to == Target("external", "+13215559999")
    assert EmergencyModeSpec.from_domain(mode).to_domain("eoc") == mode


def apps() -> VoiceApps:
    flow = CallFlow("Open")
    return VoiceApps(
        auto_attendants=(AutoAttendant("Main", "en-US", "Eastern Standard Time", flow),),
        call_queues=(CallQueue("Permits", language="es-US"), CallQueue("EOC"), CallQueue("Tax")),
        resource_accounts=(
            ResourceAccount("main@c.gov", number="+13215550100", app="Main"),
            ResourceAccount("main2@c.gov", number="+13215550110", app="Main"),
            ResourceAccount("tax@c.gov", number="+13215550120", app="Tax"),
            ResourceAccount("spare@c.gov", number="+13215550130"),
        ),
        people=(Person("ana@c.gov"),),
    )


def where(*path: object) -> str:
    return f"p.yaml:{len(path)}"


def test_lines_resolve_to_apps_once_each_with_their_numbers() -> None:
    mode = load(lines='[Main, "+13215550110", Permits, "+13215550120"]').to_domain("eoc")
    lines, found = resolve_lines(mode, apps(), where)
    assert found == ()
    assert [(line.kind, line.name, line.named_as) for line in lines] == [
        ("auto_attendant", "Main", ("Main", "+13215550110")),
        ("call_queue", "Permits", ("Permits",)),
        ("call_queue", "Tax", ("+13215550120",)),
    ]
    assert lines[0].numbers == ("+13215550100", "+13215550110") and lines[0].entry == "+13215550100"
    assert lines[1].entry == "Permits" and lines[1].language == "es-US"  # reached only from a menu


def test_lines_and_targets_that_cannot_work_are_problems() -> None:
    mode = load(lines='[Main, Nope, "+13215550130", EOC]', route="{call_queue: EOC}").to_domain("eoc")
    assert resolve_lines(mode, apps(), where)[1] == (
        "p.yaml:4: emergency_modes.eoc.lines[1]: no auto attendant, call queue or number 'Nope' in the tenant",
        "p.yaml:4: emergency_modes.eoc.lines[2]: +13215550130 rings resource account spare@c.gov, which is "
        "associated with no app",
        "p.yaml:3: emergency_modes.eoc.route_to: call queue EOC is one of the mode's own lines (calls would loop)",
    )
    missing = load(lines="[Main]", route="{call_queue: Standby}").to_domain("eoc")
    assert resolve_lines(missing, apps(), where)[1] == (
        "p.yaml:3: emergency_modes.eoc.route_to: no call queue Standby in the tenant",
    )
    voicemail = load(lines="[Main, Tax]", route="{voicemail: ana@c.gov}").to_domain("eoc")
    assert resolve_lines(voicemail, apps(), where)[1][0].endswith(
        "an auto attendant cannot send calls to a person's voicemail; use shared_voicemail (a group's) or "
        "list only queues"
    )
