"""The planner: a pure function (desired, current, allocation) → a plan, composed from the resource
kinds in dependency order.

People are resolved first (unknown or not a person → a problem); each kind then diffs the people no
earlier kind blocked, so a person with a problem gets no actions at all. Actions are listed person by
person in kind order, and each waits for its person's earlier actions in the kinds it depends on.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from provisioning.current import CurrentState
from provisioning.model import PhoneSystem, PhoneUser
from provisioning.plan import Action, NoOp, Plan, Problem, stable_hash
from provisioning.resources import KINDS, Line, ResourceKind, Wanted, closure, in_order


def desired_hash(desired: PhoneSystem) -> str:
    return stable_hash(desired.model_dump(mode="json"))


def resolve(
    desired: PhoneSystem, users: list[PhoneUser], current: CurrentState, allocation: Mapping[str, str]
) -> tuple[list[Line], list[Problem]]:
    """Desired people as Lines (number chosen, location id looked up), or why they cannot be planned."""
    locations = desired.tenant.emergency_locations
    lines, problems = [], []
    for user in users:
        person = current.users.get(user.upn)
        if person is None:
            problems.append(Problem(user.upn, "no such user in the tenant"))
        elif person.account_type != "user":
            problems.append(
                Problem(
                    user.upn, f"is a {person.account_type}, not a person; voice apps are managed separately"
                )
            )
        else:
            lines.append(
                Line(
                    upn=user.upn,
                    person=person,
                    number=user.number if user.number != "auto" else allocation.get(user.upn),
                    pool=user.pool,
                    category=user.category,
                    location_id=locations.get(user.emergency_location) if user.emergency_location else None,
                )
            )
    return lines, problems


def link(actions: Iterable[Action], kinds: Mapping[str, ResourceKind]) -> list[Action]:
    """Each action needs its subject's latest earlier action of the same kind and of every kind it
    depends on, and the latest earlier action on every object it refers to (its kind's `refers`);
    chains that share nothing stay independent, so apply can run them side by side."""
    waits_for = {name: {name} | closure(name, dict(kinds)) for name in kinds}
    latest: dict[tuple[str, str], str] = {}
    out = []
    for action in actions:
        needs = [latest[(action.subject, k)] for k in waits_for[action.kind] if (action.subject, k) in latest]
        refers = kinds[action.kind].refers
        for kind, subject in refers(action) if refers else ():
            if (subject, kind) in latest:
                needs.append(latest[(subject, kind)])
        out.append(replace(action, needs=tuple(sorted({*action.needs, *needs}))))
        latest[(action.subject, action.kind)] = action.key
    return out


def plan(
    desired: PhoneSystem,
    users: list[PhoneUser],
    current: CurrentState,
    allocation: Mapping[str, str],
    kinds: Mapping[str, ResourceKind] = KINDS,
) -> Plan:
    lines, problems = resolve(desired, users, current, allocation)
    blocked = {p.upn for p in problems}
    listed = frozenset(u.upn for u in users)
    actions: list[Action] = []
    unchanged: list[NoOp] = []
    ordered = in_order(dict(kinds))
    for kind in ordered:
        open_lines = tuple(line for line in lines if line.upn not in blocked)
        diff = kind.diff(Wanted(open_lines, desired.tenant, desired.prune, listed), current)
        for problem in diff.problems:
            if problem.upn not in blocked:
                problems.append(problem)
                blocked.add(problem.upn)
        actions.extend(diff.actions)
        unchanged.extend(diff.unchanged)
    position = {u.upn: index for index, u in enumerate(users)}
    rank = {kind.name: index for index, kind in enumerate(ordered)}
    actions = sorted(
        (a for a in actions if a.subject not in blocked),
        key=lambda a: (position.get(a.subject, len(position)), rank[a.kind]),
    )
    return Plan(
        desired_hash(desired),
        current.fingerprint(),
        tuple(link(actions, kinds)),
        tuple(sorted(problems, key=lambda p: position.get(p.upn, len(position)))),
        tuple(
            sorted(
                (n for n in unchanged if n.upn not in blocked),
                key=lambda n: position.get(n.upn, len(position)),
            )
        ),
    )
