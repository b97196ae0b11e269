"""A pop-up line's voice-app objects, judged by the call tracer: the number reaches the queue's agents
during opening hours and the chosen after-hours action outside them; an option on an existing AA reaches
the line and refuses a key already in use; more than 20 direct agents is refused."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from provisioning.errors import InvalidInput
from provisioning.popup.build import add_option, build_line, remove_option, with_option
from provisioning.popup.request import PopupRequest
from provisioning.voiceapps import trace
from provisioning.voiceapps.model import (
    AutoAttendant,
    CallFlow,
    Menu,
    MenuOption,
    Target,
    VoiceApps,
)

NUMBER = "+13215550199"
AGENTS = ("ana@county.gov", "bo@county.gov")
TUESDAY_10 = dt.datetime(2026, 11, 3, 10, 0)  # wall clock of the AA (naive)
TUESDAY_19 = dt.datetime(2026, 11, 3, 19, 0)
SATURDAY_10 = dt.datetime(2026, 11, 7, 10, 0)


def request(**values: object) -> PopupRequest:
    base: dict[str, object] = {"name": "Fire Services Fee", "agents": AGENTS}
    base.update(values)
    return PopupRequest(**base)  # type: ignore[arg-type]


def apps_of(line_apps: VoiceApps, *extra: AutoAttendant) -> VoiceApps:
    return replace(line_apps, auto_attendants=(*line_apps.auto_attendants, *extra))


def test_a_plain_line_rings_the_agents_at_any_time() -> None:
    line = build_line(request(), AGENTS, NUMBER, "county.gov")
    assert line.resource_account == "popup-fire-services-fee@county.gov"
    assert line.auto_attendant is None
    for at in (TUESDAY_10, SATURDAY_10):
        final = trace(line.own, NUMBER, at).final
        assert (final.kind, final.ref) == ("agents", "Fire Services Fee")
    queue = line.own.call_queue("Fire Services Fee")
    assert queue is not None
    assert queue.users == AGENTS
    assert queue.resource_accounts == ("popup-fire-services-fee@county.gov",)


@pytest.mark.parametrize(
    ("after_hours", "kind", "ref"),
    [
        ("disconnect", "disconnect", ""),
        ("+13215550777", "external", "+13215550777"),
        ("voicemail", "shared_voicemail", "Fire Fee Messages"),
    ],
)
def test_hours_send_calls_to_the_queue_inside_and_the_after_hours_action_outside(
    after_hours: str, kind: str, ref: str
) -> None:
    asked = request(
        hours="Mon-Fri 08:00-17:00",
        after_hours=after_hours,
        voicemail_group="Fire Fee Messages",
        greeting="Welcome to the fire services fee line.",
    )
    line = build_line(asked, AGENTS, NUMBER, "county.gov")
    assert line.auto_attendant == "Fire Services Fee AA"
    during = trace(line.own, NUMBER, TUESDAY_10)
    assert (during.final.kind, during.final.ref) == ("agents", "Fire Services Fee")
    assert any("Welcome to the fire services fee line." in hop.detail for hop in during.hops)
    for outside in (TUESDAY_19, SATURDAY_10):
        final = trace(line.own, NUMBER, outside).final
        assert (final.kind, final.ref) == (kind, ref)


def test_the_line_owns_its_objects_and_the_number_only_through_its_account() -> None:
    line = build_line(request(hours="Mon-Fri 08:00-17:00", after_hours="disconnect"), AGENTS, NUMBER, "c.gov")
    assert line.keys() == {
        ("call_queue", "Fire Services Fee"),
        ("auto_attendant", "Fire Services Fee AA"),
        ("schedule", "Fire Services Fee hours"),
        ("resource_account", "popup-fire-services-fee@c.gov"),
        ("association", "popup-fire-services-fee@c.gov"),
    }
    (account,) = line.own.resource_accounts
    assert (account.number, account.app, account.kind, account.licensed) == (
        NUMBER,
        "Fire Services Fee AA",
        "auto_attendant",
        True,
    )


MAIN = AutoAttendant(
    name="Main Line",
    language="en-US",
    time_zone="Eastern Standard Time",
    default_flow=CallFlow(
        "Main open",
        menu=Menu(options=(MenuOption("1", "transfer", Target("call_queue", "Permits")),)),
    ),
)


def test_an_option_on_an_existing_attendant_reaches_a_numberless_line() -> None:
    asked = request(number=None, from_aa="main line", key="7")
    line = build_line(asked, AGENTS, None, "county.gov")
    assert line.resource_account is None
    assert line.keys() == {("call_queue", "Fire Services Fee")}
    line, main = with_option(line, asked, VoiceApps(auto_attendants=(MAIN,)))
    assert [o.key for o in main.default_flow.menu.options] == ["1", "7"]
    final = trace(apps_of(line.own, main), "Main Line", TUESDAY_10, presses=["7"]).final
    assert (final.kind, final.ref) == ("agents", "Fire Services Fee")
    assert line.added is not None
    assert remove_option(main, line.added) == MAIN
    assert add_option(main, line.added.option) == main  # a re-run adds nothing twice


def test_a_key_in_use_is_refused_and_an_unknown_attendant_named() -> None:
    asked = request(number=None, from_aa="Main Line", key="1")
    line = build_line(asked, AGENTS, None, "county.gov")
    with pytest.raises(InvalidInput, match=r"key 1 .*call queue Permits"):
        with_option(line, asked, VoiceApps(auto_attendants=(MAIN,)))
    with pytest.raises(InvalidInput, match="--from-aa 'Side Line'"):
        with_option(line, replace(asked, from_aa="Side Line"), VoiceApps(auto_attendants=(MAIN,)))


def test_more_than_twenty_direct_agents_is_refused() -> None:
    many = tuple(f"agent{i}@county.gov" for i in range(21))
    build_line(request(), many[:20], NUMBER, "county.gov")
    with pytest.raises(InvalidInput, match=r"21 people; .* at most 20"):
        build_line(request(), many, NUMBER, "county.gov")
