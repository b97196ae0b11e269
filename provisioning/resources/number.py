"""A person's telephone number (numberAssignments assignNumber / unassignNumber orders): the number
they should hold, the old one freed first, and with `prune` numbers of people the file does not list."""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.current import CurrentState, Number
from provisioning.plan import Action, Change, NoOp, Problem, Step
from provisioning.resources.base import Diff, Line, ResourceKind, Wanted

NAME = "number"
ASSIGN = "assign_number"
UNASSIGN = "unassign_number"


@dataclass(frozen=True)
class Holding:
    number: str
    number_type: str
    category: str | None = None
    location_id: str | None = None


def holding(number: Number) -> Holding:
    return Holding(number.telephone_number, number.number_type, number.category, number.location_id)


def blocker(line: Line, number: Number | None, current: CurrentState) -> str | None:
    """Why `line` cannot be given its number, or None when it can (or already holds it)."""
    if line.number is None:
        return f"pool {line.pool!r} has no free number"
    if number is None:
        return f"{line.number} is not in the tenant's number inventory"
    if number.holder_id == line.person.id:
        return None
    if not number.is_free:
        holder = current.users_by_id.get(number.holder_id or "")
        return f"{line.number} is assigned to {holder.upn if holder else number.holder_id}"
    if "userAssignment" not in number.capabilities:
        return f"{line.number} cannot be assigned to a user ({', '.join(sorted(number.capabilities))})"
    return None


def moves(line: Line, number: Number, current: CurrentState) -> list[Action]:
    """Free what the person holds in the same category, then assign the new number."""
    held = [n for n in current.numbers_of(line.person.id) if (n.category or "primary") == line.category]
    steps = [
        Action(
            NAME,
            Step(UNASSIGN, line.upn, old.telephone_number),
            line.person.id,
            holding(old),
            None,
            f"moves to {number.telephone_number}",
            Change.REMOVE,
        )
        for old in held
    ]
    steps.append(
        Action(
            NAME,
            Step(ASSIGN, line.upn, number.telephone_number),
            line.person.id,
            holding(held[0]) if held else None,
            Holding(number.telephone_number, number.number_type, line.category, line.location_id),
            "number changes" if held else "new phone user",
            Change.CREATE,
        )
    )
    return steps


def prune(wanted: Wanted, current: CurrentState) -> list[Action]:
    """Numbers held by people the file does not list go back to the pool (`prune: true`)."""
    by_id = current.users_by_id
    out = []
    for number in sorted(current.numbers.values(), key=lambda n: n.telephone_number):
        holder = by_id.get(number.holder_id or "")
        if number.status == "userAssigned" and holder and holder.upn not in wanted.listed:
            out.append(
                Action(
                    NAME,
                    Step(UNASSIGN, holder.upn, number.telephone_number),
                    holder.id,
                    holding(number),
                    None,
                    "not in the desired state (prune: true)",
                    Change.REMOVE,
                )
            )
    return out


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    out = Diff()
    for line in wanted.lines:
        number = current.numbers.get(line.number or "")
        problem = blocker(line, number, current)
        if problem is not None:
            out.problems.append(Problem(line.upn, problem))
        elif number is not None and number.holder_id == line.person.id:
            out.unchanged.append(NoOp(line.upn, f"matches: {line.number} {line.category}", NAME))
        elif number is not None:
            out.actions.extend(moves(line, number, current))
    if wanted.prune:
        out.actions.extend(prune(wanted, current))
    return out


def describe(action: Action) -> str:
    if action.op == UNASSIGN:
        return f"number {action.before.number} released"
    after = action.after
    where = f" at {after.location_id}" if after.location_id else ""
    return f"number {after.number} ({after.category or 'primary'}){where}"


KIND = ResourceKind(NAME, ("licence",), Holding, diff, describe)
