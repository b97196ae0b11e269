"""Property: for any file of schedules and attendants and any tenant, applying the plan (modelled as the
service does: a create or update leaves exactly `after`, a removal removes) reaches a tenant whose
re-plan has no schedule or attendant action and no problem."""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from provisioning.current import CurrentState
from provisioning.desired import desired_voice_apps
from provisioning.desired.attendants import AutoAttendantSpec
from provisioning.desired.schedules import ScheduleSpec, holiday_sets
from provisioning.loader import parse_phone_system
from provisioning.plan import Change, Plan
from provisioning.planner import plan
from provisioning.voiceapps.model import AutoAttendant, CallQueue, VoiceApps
from tests.provisioning.tenants import build_current

KINDS = ("schedule", "auto_attendant")
SCHEDULES: list[dict[str, Any]] = [
    {"name": "Hours", "hours": {"monday-friday": ["08:00-17:00"]}},
    {"name": "Set A", "dates": [{"name": "X", "date": "2026-12-25"}, {"name": "Y", "date": "2026-07-04"}]},
    {"name": "Set B", "dates": []},
]
TARGETS = [
    {"to": {"call_queue": "Permits"}},
    {"to": {"call_queue": "Licenses", "priority": 1}},
    {"to": {"user": "a@county.gov"}},
    {"to": {"external": "+15615550100"}},
    {"disconnect": True},
    {"announcement": "We are at 1 Main St."},
    {"operator": True},
]


@st.composite
def attendant(draw: st.DrawFn, name: str) -> dict[str, Any]:
    keys = draw(st.lists(st.sampled_from(["0", "1", "2", "9", "*"]), unique=True, max_size=4))
    options = [{"key": key, **draw(st.sampled_from(TARGETS))} for key in keys]
    item: dict[str, Any] = {
        "name": name,
        "language": draw(st.sampled_from(["en-US", "es-US"])),
        "time_zone": draw(st.sampled_from(["Eastern Standard Time", "America/Chicago"])),
        "voice": draw(st.sampled_from([None, "Female", "Jorge"])),
        "operator": {"user": draw(st.sampled_from(["a@county.gov", "b@county.gov"]))},
        "greeting": draw(st.sampled_from([None, "Hello.", "Hola."])),
        "menu": {"options": options, "dial_by_name": draw(st.booleans())},
    }
    if draw(st.booleans()):
        item |= {
            "business_hours": "Hours",
            "after_hours": {"menu": {"options": [{"key": "0", "operator": True}]}},
        }
    sets = draw(st.lists(st.sampled_from(["Set A", "Set B"]), unique=True))
    item["holidays"] = [
        {"set": s, "menu": {"options": [{"key": "automatic", "disconnect": True}]}} for s in sets
    ]
    return {k: v for k, v in item.items() if v is not None}


def tenant(attendants: list[dict[str, Any]], schedules: list[dict[str, Any]]) -> CurrentState:
    specs = [ScheduleSpec.model_validate(s) for s in schedules]
    voice = VoiceApps(
        schedules=tuple(s for spec in specs for s in spec.to_domain()),
        auto_attendants=tuple(
            AutoAttendantSpec.model_validate(a).to_domain(holiday_sets(specs)) for a in attendants
        ),
        call_queues=(CallQueue("Permits"), CallQueue("Licenses")),
    )
    people = build_current({"users": [{"upn": f"{p}@county.gov"} for p in "abc"]})
    return dataclasses.replace(people, voice=voice)


def planned(text: str, current: CurrentState) -> Plan:
    system = parse_phone_system(text, "county.yaml")
    return plan(system, [], current, {}, voice=desired_voice_apps(system))


def applied(result: Plan, current: CurrentState) -> CurrentState:
    """The service's effect: creates and updates leave `after` (the voice the service fills in when the
    file names none is the language's first one), removals remove."""
    assert current.voice is not None
    schedules = {s.name: s for s in current.voice.schedules}
    attendants = {a.name: a for a in current.voice.auto_attendants}
    for action in (a for a in result.actions if a.kind in KINDS):  # queues are not this test's
        table: dict[str, Any] = schedules if action.kind == "schedule" else attendants
        state = action.after or action.before
        if action.change is Change.REMOVE:
            del table[state.name]
        elif action.kind == "auto_attendant" and state.voice is None:
            table[state.name] = dataclasses.replace(
                state, voice="Female" if state.language == "en-US" else "Jorge"
            )
        else:
            table[state.name] = state
    voice = dataclasses.replace(
        current.voice, schedules=tuple(schedules.values()), auto_attendants=tuple(attendants.values())
    )
    return dataclasses.replace(current, voice=voice)


TWEAKS: dict[str, Any] = {
    "language": lambda a: {**a, "language": "es-US" if a["language"] == "en-US" else "en-US"},
    "time_zone": lambda a: {**a, "time_zone": "Pacific Standard Time"},
    "voice": lambda a: {**a, "voice": "Male"},
    "greeting": lambda a: {**a, "greeting": "Something else."},
    "operator": lambda a: {**a, "operator": {"user": "c@county.gov"}},
    "menu": lambda a: {**a, "menu": {"options": [{"key": "5", "disconnect": True}]}},
    "holidays": lambda a: {**a, "holidays": []},
}


@settings(max_examples=150, deadline=None)
@given(
    wanted=st.lists(st.sampled_from(["Main", "English", "Spanish"]), unique=True, max_size=3).flatmap(
        lambda names: st.tuples(*(attendant(n) for n in names))
    ),
    existing=st.lists(st.sampled_from(["Main", "English", "Old"]), unique=True, max_size=3).flatmap(
        lambda names: st.tuples(*(attendant(n) for n in names))
    ),
    tenant_schedules=st.lists(st.sampled_from(range(len(SCHEDULES))), unique=True),
    prune=st.booleans(),
    tweak=st.sampled_from([None, *TWEAKS]),
)
def test_applying_the_plan_leaves_nothing_to_do(
    wanted: tuple[dict[str, Any], ...],
    existing: tuple[dict[str, Any], ...],
    tenant_schedules: list[int],
    prune: bool,
    tweak: str | None,
) -> None:
    if tweak and wanted:  # the tenant's copy of the first wanted attendant differs in one setting only
        existing = (TWEAKS[tweak](wanted[0]), *(a for a in existing if a["name"] != wanted[0]["name"]))
    schedules = [SCHEDULES[i] for i in sorted(tenant_schedules)] if not tweak else SCHEDULES
    used = {"Hours", "Set A", "Set B"}  # the tenant's attendants may only use schedules it has
    have = {s["name"] for s in schedules}
    current_aas = [a for a in existing if not (_uses(a) & (used - have))]
    current = tenant(current_aas, schedules)
    text = yaml.safe_dump({"prune": prune, "schedules": SCHEDULES, "auto_attendants": list(wanted)})
    first = planned(text, current)
    assert not first.problems, first.problems
    after = applied(first, current)
    again = planned(text, after)
    assert [a.key for a in again.actions if a.kind in KINDS] == []
    assert not again.problems
    assert after.voice is not None
    specs = [ScheduleSpec.model_validate(s) for s in SCHEDULES]
    assert set(after.voice.schedules) >= {s for spec in specs for s in spec.to_domain()}
    for item in wanted:  # every setting the file gives, as the tenant now holds it
        want = AutoAttendantSpec.model_validate(item).to_domain(holiday_sets(specs))
        got = after.voice.auto_attendant(item["name"])
        assert got is not None
        assert settings_of(got) == settings_of(dataclasses.replace(want, voice=want.voice or got.voice))
    names = {a.name for a in after.voice.auto_attendants}
    if prune:
        assert names == {a["name"] for a in wanted}  # the file's attendants, no others


def settings_of(aa: AutoAttendant) -> tuple[Any, ...]:
    """What callers get, independent of the order the service lists things in."""
    flows = {
        f.name: (f.greeting, f.menu.prompt, frozenset(f.menu.options), f.menu.dial_by_name) for f in aa.flows
    }
    default = aa.default_flow
    return (
        aa.language,
        aa.time_zone,
        aa.voice,
        aa.operator,
        (default.greeting, default.menu.prompt, frozenset(default.menu.options), default.menu.dial_by_name),
        flows,
        frozenset((h.kind, h.schedule, h.flow, h.enabled) for h in aa.handling),
    )


def _uses(item: dict[str, Any]) -> set[str]:
    return {item.get("business_hours", "")} | {h["set"] for h in item.get("holidays", [])}
