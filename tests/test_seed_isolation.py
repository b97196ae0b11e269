"""Each test's tenant is its own: `TenantState.clone` (what the `seeded` fixture hands out) copies every
mutable record, so one test's writes never reach another test or the cached seed."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.seeds import build_seed
from sandbox.state import TenantState
from tests.conftest import TEST_TODAY, seeded


def _records(state: TenantState) -> TenantState:
    """The tenant without its (large, shared) call history."""
    return TenantState(**{**vars(state), "pstnCalls": [], "directRoutingCalls": [], "activity": []})


def _mutable_ids(value: Any, seen: dict[int, str], path: str) -> None:
    """Record every dict, list and plain dataclass reachable from `value`, failing on a second sighting."""
    if isinstance(value, dict | list) or hasattr(value, "__dict__"):
        assert id(value) not in seen, f"{path} is the same object as {seen[id(value)]}"
        seen[id(value)] = path
    items: Any = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else vars(value).items()
        if hasattr(value, "__dict__")
        else ()
    )
    for key, child in items:
        _mutable_ids(child, seen, f"{path}.{key}")


def test_clone_equals_a_deepcopy_and_shares_only_the_call_history() -> None:
    base = seeded("county")
    clone = base.clone(share_history=True)
    assert clone.pstnCalls is base.pstnCalls and clone.activity is base.activity
    assert clone.users is not base.users and clone.teams is not base.teams
    assert _records(clone) == copy.deepcopy(_records(base))
    small = build_seed("county", TEST_TODAY, call_rows=50)
    unshared = small.clone()
    assert unshared == small and len(unshared.pstnCalls) == 50
    assert unshared.pstnCalls is not small.pstnCalls and unshared.pstnCalls[0] is not small.pstnCalls[0]


def test_seeds_hold_no_aliased_mutable_objects() -> None:
    """The clone copies without deepcopy's memo: that is only faithful if no record is reachable twice."""
    for name in ("county", "city", "empty"):
        state = seeded(name)
        _mutable_ids(_records(state), {}, name)


def test_writes_to_one_copy_never_reach_a_fresh_one() -> None:
    mine = seeded("county")
    user = next(iter(mine.users.values()))
    number = next(n for n in mine.numbers.values() if n.assignmentStatus == "unassigned")
    aa_id, aa = next(iter(mine.teams.autoAttendants.items()))
    ra_id, instance = next(iter(mine.teams.applicationInstances.items()))
    group = next(iter(mine.groups.values()))
    before = (user.displayName, list(user.assignedSkuIds), aa["Name"], len(aa["CallFlows"]))

    user.displayName = "Changed by one test"
    user.assignedSkuIds.append("not-a-sku")
    number.assignmentStatus, number.assignmentTargetId = "userAssigned", user.id
    aa["Name"] = "Renamed"
    aa["CallFlows"].append({"Id": "extra"})
    aa["DefaultCallFlow"]["Name"] = "Changed flow"
    instance.phoneNumber = "tel:+15555550100"
    mine.teams.associations.pop(ra_id, None)
    mine.teams.enterpriseVoice[user.id] = not mine.teams.enterpriseVoice.get(user.id, False)
    group.memberIds.clear()
    del mine.users[next(reversed(mine.users))]

    fresh = seeded("county")
    again = fresh.users[user.id]
    assert (again.displayName, again.assignedSkuIds) == (before[0], before[1])
    assert fresh.numbers[number.telephoneNumber].assignmentStatus == "unassigned"
    assert fresh.numbers[number.telephoneNumber].assignmentTargetId is None
    fresh_aa = fresh.teams.autoAttendants[aa_id]
    assert (fresh_aa["Name"], len(fresh_aa["CallFlows"])) == (before[2], before[3])
    assert fresh_aa["DefaultCallFlow"]["Name"] != "Changed flow"
    assert fresh.teams.applicationInstances[ra_id].phoneNumber is None
    assert ra_id in fresh.teams.associations
    assert fresh.teams.enterpriseVoice == seeded("county").teams.enterpriseVoice != mine.teams.enterpriseVoice
    assert fresh.groups[group.id].memberIds and len(fresh.users) == len(mine.users) + 1
