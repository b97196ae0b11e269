"""The planner as a table of cases, plus the property that applying a plan reaches the desired state."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.types import SKU_TEAMS_PHONE
from provisioning import load_plan
from provisioning.current import CurrentState
from provisioning.expand import expand
from provisioning.model import PhoneSystem
from provisioning.plan import Action, Plan
from provisioning.planner import plan
from provisioning.resources import Diff, ResourceKind, describe, in_order
from tests.provisioning.tenants import allocate_pure, build_current

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "planner.yaml").read_text())


def make_plan(desired: PhoneSystem, current: CurrentState, reserved: dict[str, str] | None = None) -> Plan:
    users = expand(desired, current)
    return plan(desired, users, current, allocate_pure(desired, users, current, reserved or {}))


def spoken(action: Action) -> str:
    return f"{action.op} {action.subject}: {describe(action)} ({action.reason})"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_planner_case(case: dict[str, Any]) -> None:
    desired = PhoneSystem.model_validate(case["desired"])
    current = build_current(
        case["current"], seats=case.get("seats", 100), subscription=case.get("subscription", True)
    )
    result = make_plan(desired, current)
    assert [spoken(a) for a in result.actions] == case["expect"]
    assert [f"{n.upn}: {n.reason}" for n in result.unchanged] == case["unchanged"]
    assert [f"{p.upn}: {p.message}" for p in result.problems] == case.get("problems", [])


def test_a_persons_steps_wait_for_each_other_and_people_do_not_wait_for_each_other() -> None:
    desired = PhoneSystem.model_validate(
        {
            "users": [
                {"upn": "a@x.example", "number": "+15615552001"},
                {"upn": "b@x.example", "number": "+15615552002"},
            ]
        }
    )
    current = build_current(
        {
            "users": [{"upn": "a@x.example", "usage": None, "licensed": False}, {"upn": "b@x.example"}],
            "numbers": [
                {"number": "+15615552000", "status": "userAssigned", "target": "a@x.example"},
                {"number": "+15615552001"},
                {"number": "+15615552002"},
            ],
        }
    )
    needs = {a.key: set(a.needs) for a in make_plan(desired, current).actions}
    usage = "set_usage_location:a@x.example::US"
    licence = f"assign_licence:a@x.example::{SKU_TEAMS_PHONE}"
    release = "unassign_number:a@x.example:+15615552000"
    assign = "assign_number:a@x.example:+15615552001"
    assert needs == {
        usage: set(),
        licence: {usage},
        release: {
            usage,
            licence,
        },  # every earlier step of its person in a kind it depends on, even indirectly
        assign: {usage, licence, release},
        "assign_number:b@x.example:+15615552002": set(),
    }


def test_plan_json_round_trip_and_counts() -> None:
    case = CASES[0]
    result = make_plan(PhoneSystem.model_validate(case["desired"]), build_current(case["current"]))
    assert load_plan(json.loads(json.dumps(result.to_json()))) == result
    assert result.counts() == {"create": 1, "change": 2, "remove": 0}
    with pytest.raises(ValueError):
        load_plan({"format": "terraform"})


def test_reserved_numbers_are_skipped_for_other_people() -> None:
    desired = PhoneSystem.model_validate(
        {"pools": [{"name": "lk"}], "users": [{"upn": "a@x.example", "pool": "lk"}]}
    )
    current = build_current(
        {
            "users": [{"upn": "a@x.example"}],
            "numbers": [{"number": "+15615552000"}, {"number": "+15615552001"}],
        }
    )
    result = make_plan(desired, current, reserved={"+15615552000": "someone@else.example"})
    assert [a.step.ref for a in result.actions] == ["+15615552001"]


def simulate(result: Plan, current: CurrentState) -> CurrentState:
    """Apply a plan to a CurrentState the way the service would (an independent model of the effects)."""
    users, numbers = dict(current.users), dict(current.numbers)
    by_id = {u.id: upn for upn, u in users.items()}
    for action in result.actions:
        upn, number = by_id[action.target_id], action.step.ref
        if action.op == "set_usage_location":
            users[upn] = dataclasses.replace(users[upn], usage_location=action.step.value)
        elif action.op == "assign_licence":
            users[upn] = dataclasses.replace(users[upn], licences=users[upn].licences | {SKU_TEAMS_PHONE})
        elif action.op == "unassign_number":
            numbers[number] = dataclasses.replace(
                numbers[number], status="unassigned", holder_id=None, category=None
            )
        elif action.op == "assign_number":
            numbers[number] = dataclasses.replace(
                numbers[number],
                status="userAssigned",
                holder_id=action.target_id,
                category=action.after.category,
                location_id=action.after.location_id,
            )
        elif action.op == "update_location":
            numbers[number] = dataclasses.replace(numbers[number], location_id=action.step.value)
        else:
            raise AssertionError(f"the model does not know {action.op}")
    return CurrentState(users=users, numbers=numbers, licences=current.licences)


person = st.fixed_dictionaries({"usage": st.sampled_from(["US", None]), "licensed": st.booleans()})
numbers_held = st.lists(st.integers(0, 11), max_size=6, unique=True)


@settings(max_examples=150, deadline=None)
@given(
    people=st.lists(person, min_size=1, max_size=8),
    held=numbers_held,
    wants=st.lists(st.one_of(st.none(), st.integers(0, 11)), min_size=8, max_size=8),
    locations=st.lists(st.sampled_from([None, "HQ", "Annex"]), min_size=8, max_size=8),
)
def test_applying_the_plan_reaches_the_desired_state(
    people: list[dict[str, Any]], held: list[int], wants: list[int | None], locations: list[str | None]
) -> None:
    upns = [f"p{i}@x.example" for i in range(len(people))]
    pool_numbers = [f"+1561555{2000 + i}" for i in range(12)]
    current_spec = {
        "users": [{"upn": upn, **spec} for upn, spec in zip(upns, people, strict=True)],
        "numbers": [
            {
                "number": n,
                **(
                    {"status": "userAssigned", "target": upns[i % len(upns)]}
                    if i in held[: len(upns)]
                    else {}
                ),
            }
            for i, n in enumerate(pool_numbers)
        ],
    }
    # one primary per person in the starting state, as the service guarantees
    seen: set[str] = set()
    for entry in current_spec["numbers"]:
        if entry.get("target") in seen:
            entry.pop("status"), entry.pop("target")
        elif entry.get("target"):
            seen.add(entry["target"])
    current = build_current(current_spec)
    taken_explicitly: set[str] = set()
    users_spec = []
    for i, upn in enumerate(upns):
        want = wants[i]
        entry: dict[str, Any] = {"upn": upn, "pool": "lk"}
        if want is not None and pool_numbers[want] not in taken_explicitly:
            entry = {"upn": upn, "number": pool_numbers[want]}
            taken_explicitly.add(pool_numbers[want])
        if locations[i]:
            entry["emergency_location"] = locations[i]
        users_spec.append(entry)
    desired = PhoneSystem.model_validate(
        {
            "tenant": {"emergency_locations": {"HQ": "loc-hq", "Annex": "loc-annex"}},
            "pools": [{"name": "lk", "city": "Lakeside"}],
            "users": users_spec,
        }
    )
    first = make_plan(desired, current)
    blocked = {p.upn for p in first.problems}
    after = simulate(first, current)
    second = make_plan(desired, after)
    # Everyone the first plan could serve is now as desired: a second plan has nothing to do for them.
    assert [a for a in second.actions if a.upn not in blocked] == []
    for upn in upns:
        if upn in blocked:
            continue
        person_after = after.users[upn]
        assert person_after.usage_location and SKU_TEAMS_PHONE in person_after.licences
        owned = after.numbers_of(person_after.id)
        assert len([n for n in owned if n.category == "primary"]) == 1
    holders = [n.holder_id for n in after.numbers.values() if n.holder_id]
    assert len(holders) == len(set(holders))  # never two primaries for one person, never one number twice


def test_kinds_run_after_the_kinds_they_depend_on_and_cycles_are_refused() -> None:
    def kind(name: str, *depends_on: str) -> ResourceKind:
        return ResourceKind(name, depends_on, object, lambda wanted, current: Diff(), lambda action: name)

    assert [k.name for k in in_order()][:4] == ["usage_location", "licence", "number", "emergency_location"]
    ordered = [k.name for k in in_order() if k.voice]
    assert ordered.index("resource_account") < ordered.index("ra_licence") < ordered.index("ra_number")
    assert ordered.index("ra_number") < ordered.index("association")
    assert ordered.index("schedule") < ordered.index("resource_account")
    assert ordered.index("call_queue") < ordered.index("auto_attendant") < ordered.index("association")
    # The voice-app chain, listed in the table in any order, comes out as Microsoft requires it.
    voice = {
        k.name: k
        for k in (
            kind("association", "auto_attendant", "call_queue"),
            kind("call_queue", "number"),
            kind("auto_attendant", "call_queue"),
            kind("number", "licence"),
            kind("licence", "resource_account"),
            kind("resource_account"),
        )
    }
    assert [k.name for k in in_order(voice)] == [
        "resource_account",
        "licence",
        "number",
        "call_queue",
        "auto_attendant",
        "association",
    ]
    with pytest.raises(ValueError, match="depend on unknown kinds or on each other"):
        in_order({"a": kind("a", "b"), "b": kind("b", "a")})
