"""While a mode is active, the YAML `plan`/`apply` must not silently undo it: the objects it holds, by
the planner's (kind, friendly key), and the Problem text a plan shows for a change to one of them.

Wiring (the lead / vaengine): where PhoneService.plan returns, `guard_plan(plan, await holders(store))`
turns every action on a held object into `Problem(subject, held_problem(kind, name, mode))`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from provisioning.plan import Plan, Problem
from store import Store


async def active_objects(store: Store) -> frozenset[tuple[str, str]]:
    """(kind, name) of every auto attendant and call queue an emergency mode holds (activating, active
    or being restored): kinds as the planner's registry names them, `auto_attendant` and `call_queue`."""
    held = set()
    for record in await store.emergency.list():
        held |= {(snapshot.kind, snapshot.name) for snapshot in record.snapshots}
    return frozenset(held)


async def holders(store: Store) -> dict[tuple[str, str], str]:
    """(kind, name) → the mode holding it, for the Problem text."""
    return {
        (snapshot.kind, snapshot.name): record.mode
        for record in await store.emergency.list()
        for snapshot in record.snapshots
    }


def held_problem(kind: str, name: str, mode: str) -> str:
    label = "auto attendant" if kind == "auto_attendant" else "call queue"
    return (
        f"{label} {name} is in emergency mode {mode}: the file's change would undo it; "
        f"run `switchboard emergency restore {mode}` first (or plan again once it is restored)"
    )


def guard_plan(plan: Plan, held: Mapping[tuple[str, str], str]) -> Plan:
    """The plan with every action on a held object (and every action that needs one of those) turned into
    a Problem naming the mode (pure): `plan` shows why and `apply` refuses, instead of undoing the mode.
    `held` is `await holders(store)`; the lead calls this where PhoneService.plan returns."""
    if not held:
        return plan
    folded = {(kind, name.casefold()): mode for (kind, name), mode in held.items()}
    blocked: dict[str, str] = {}
    problems: list[Problem] = []
    for action in plan.actions:
        mode = folded.get((action.kind, action.subject.casefold()))
        if mode is not None:
            blocked[action.key] = mode
            problems.append(Problem(action.subject, held_problem(action.kind, action.subject, mode)))
    changed = True
    while changed:  # what waits on a blocked action is blocked too
        changed = False
        for action in plan.actions:
            waits = next((blocked[need] for need in action.needs if need in blocked), None)
            if action.key not in blocked and waits is not None:
                blocked[action.key], changed = waits, True
                problems.append(
                    Problem(
                        action.subject,
                        f"{action.kind} {action.subject} waits on a line held by emergency mode {waits}",
                    )
                )
    kept = tuple(action for action in plan.actions if action.key not in blocked)
    return replace(plan, actions=kept, problems=(*plan.problems, *problems))
