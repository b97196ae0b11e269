"""The schedule and auto_attendant kinds as a table of planner cases (cases/auto_attendant.yaml), plus
the ordering rules that do not fit a table."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml

from provisioning.current import CurrentState
from provisioning.desired import desired_voice_apps
from provisioning.desired.attendants import AutoAttendantSpec
from provisioning.desired.schedules import ScheduleSpec, holiday_sets
from provisioning.expand import expand
from provisioning.loader import parse_phone_system
from provisioning.model import PhoneSystem
from provisioning.plan import Action, Plan
from provisioning.planner import plan
from provisioning.resources import describe
from provisioning.states import to_jsonable
from provisioning.voiceapps.model import CallQueue, VoiceApps
from tests.provisioning.tenants import build_current

CASES = yaml.safe_load((Path(__file__).parents[1] / "cases" / "auto_attendant.yaml").read_text())
KINDS = ("schedule", "auto_attendant")


def tenant(spec: dict[str, Any]) -> CurrentState:
    """The tenant of a case: people, groups, queue names, and schedules and attendants written as the
    file's sections (what the tenant holds, read back)."""
    schedules = [ScheduleSpec.model_validate(item) for item in spec.get("schedules", [])]
    sets = holiday_sets(schedules)
    voice = VoiceApps(
        schedules=tuple(s for spec in schedules for s in spec.to_domain()),
        auto_attendants=tuple(
            AutoAttendantSpec.model_validate(item).to_domain(sets) for item in spec.get("attendants", [])
        ),
        call_queues=tuple(CallQueue(name) for name in spec.get("queues", [])),
        languages=tuple((lang, tuple(voices)) for lang, voices in spec.get("languages", {}).items()),
        time_zones=tuple(spec.get("time_zones", [])),
    )
    people = build_current({"users": spec.get("users", [])})
    return dataclasses.replace(people, voice=voice, groups={name: [] for name in spec.get("groups", [])})


def make_plan(system: PhoneSystem, current: CurrentState, scope: frozenset[tuple[str, str]] | None) -> Plan:
    voice = desired_voice_apps(system) or VoiceApps()
    return plan(system, expand(system, current), current, {}, voice=voice, prune_scope=scope)


def spoken(action: Action) -> str:
    return f"{action.op} {action.subject}: {describe(action)} ({action.reason})"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_attendant_case(case: dict[str, Any]) -> None:
    desired = case["desired"]
    text = desired if isinstance(desired, str) else yaml.safe_dump(desired, sort_keys=False)
    system = parse_phone_system(text, "county.yaml")
    scope = frozenset(tuple(pair) for pair in case["scope"]) if "scope" in case else None
    result = make_plan(system, tenant(case["current"]), scope)  # type: ignore[arg-type]
    actions = [a for a in result.actions if a.kind in KINDS]
    assert [spoken(a) for a in actions] == case["expect"]
    assert [f"{n.upn}: {n.reason}" for n in result.unchanged if n.kind in KINDS] == case["unchanged"]
    assert [f"{p.upn}: {p.message}" for p in result.problems] == case.get("problems", [])
    for name, (before, after) in case.get("changes", {}).items():
        assert to_jsonable(getattr(actions[0].before, name)) == before, name
        assert to_jsonable(getattr(actions[0].after, name)) == after, name
    for name, value in case.get("after", {}).items():
        assert to_jsonable(getattr(actions[-1].after, name)) == value, name
    keys = {f"{a.op}:{a.subject}": a.key for a in actions}
    for waiting, waited in case.get("waits", []):
        action = next(a for a in actions if a.key == keys[waiting])
        assert keys[waited] in action.needs, (waiting, action.needs)
