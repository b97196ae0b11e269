"""The planner as a table of cases, plus the property that applying a plan reaches the desired state."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.types import SKU_TEAMS_PHONE
from provisioning.allocation import allocate_pure
from provisioning.current import CurrentState
from provisioning.expand import expand
from provisioning.model import PhoneSystem
from provisioning.plan import Kind, Plan
from provisioning.planner import plan
from tests.provisioning.tenants import build_current

CASES = yaml.safe_load((Path(__file__).parent / "cases" / "planner.yaml").read_text())


def make_plan(desired: PhoneSystem, current: CurrentState, reserved: dict[str, str] | None = None) -> Plan:
    users = expand(desired, current)
    return plan(desired, users, current, allocate_pure(desired, users, current, reserved or {}))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_planner_case(case: dict[str, Any]) -> None:
    desired = PhoneSystem.model_validate(case["desired"])
    result = make_plan(desired, build_current(case["current"], seats=case.get("seats", 100)))
    assert [f"{a.kind.value} {a.upn}" + (f" {a.number}" if a.number else "") for a in result.actions] == case[
        "expect"
    ]
    assert sorted(f"{p.upn}: {p.message}" for p in result.problems) == sorted(case.get("problems", []))
    for expected in case.get("unchanged", []):
        assert expected in [f"{n.upn}: {n.reason}" for n in result.unchanged]
    assert all(a.reason for a in result.actions)


def test_plan_json_round_trip_and_counts() -> None:
    case = CASES[0]
    result = make_plan(PhoneSystem.model_validate(case["desired"]), build_current(case["current"]))
    assert Plan.from_json(result.to_json()) == result
    assert result.counts() == {"create": 1, "change": 2, "remove": 0}
    with pytest.raises(ValueError):
        Plan.from_json({"format": "terraform"})


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
    assert [a.number for a in result.actions] == ["+15615552001"]


def simulate(result: Plan, current: CurrentState) -> CurrentState:
    """Apply a plan to a CurrentState the way the service would (an independent model of the effects)."""
    users, numbers = dict(current.users), dict(current.numbers)
    by_id = {u.id: upn for upn, u in users.items()}
    for action in result.actions:
        upn = by_id[action.user_id]
        if action.kind is Kind.SET_USAGE_LOCATION:
            users[upn] = dataclasses.replace(users[upn], usage_location=action.after["usageLocation"])
        elif action.kind is Kind.ASSIGN_LICENCE:
            users[upn] = dataclasses.replace(
                users[upn], assigned_sku_ids=users[upn].assigned_sku_ids | {SKU_TEAMS_PHONE}
            )
        elif action.kind is Kind.UNASSIGN_NUMBER:
            numbers[action.number or ""] = dataclasses.replace(
                numbers[action.number or ""],
                assignment_status="unassigned",
                assignment_target_id=None,
                assignment_category=None,
            )
        elif action.kind is Kind.ASSIGN_NUMBER:
            numbers[action.number or ""] = dataclasses.replace(
                numbers[action.number or ""],
                assignment_status="userAssigned",
                assignment_target_id=action.user_id,
                assignment_category=action.after["category"],
                location_id=action.after["locationId"],
            )
        elif action.kind is Kind.UPDATE_LOCATION:
            numbers[action.number or ""] = dataclasses.replace(
                numbers[action.number or ""], location_id=action.after["locationId"]
            )
    return CurrentState(users=users, numbers=numbers, skus=current.skus)


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
        assert person_after.usage_location and SKU_TEAMS_PHONE in person_after.assigned_sku_ids
        owned = after.numbers_of(person_after.id)
        assert len([n for n in owned if n.assignment_category == "primary"]) == 1
    holders = [n.assignment_target_id for n in after.numbers.values() if n.assignment_target_id]
    assert len(holders) == len(set(holders))  # never two primaries for one person, never one number twice
