"""A person's Teams Phone licence (assignLicense), counted against the subscription's free seats."""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Problem, Step
from provisioning.resources.base import Diff, ResourceKind, Wanted

NAME = "licence"
ASSIGN = "assign_licence"


@dataclass(frozen=True)
class Seat:
    part_number: str
    sku_id: str
    assigned: bool


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    """People are served in file order while seats last; the rest are problems naming the shortage."""
    out = Diff()
    part = wanted.tenant.licence
    sku = current.licences.get(part)
    if sku is None:
        out.problems = [Problem(line.upn, f"the tenant has no {part} subscription") for line in wanted.lines]
        return out
    seats_left = sku.free_seats
    for line in wanted.lines:
        if sku.sku_id in line.person.licences:
            out.unchanged.append(NoOp(line.upn, f"licence {part} assigned", NAME))
            continue
        if seats_left <= 0:
            out.problems.append(Problem(line.upn, f"no free {part} licence (all {sku.seats} in use)"))
            continue
        seats_left -= 1
        out.actions.append(
            Action(
                NAME,
                Step(ASSIGN, line.upn, value=sku.sku_id),
                line.person.id,
                Seat(part, sku.sku_id, False),
                Seat(part, sku.sku_id, True),
                "Teams Phone needs a licence",
                Change.CHANGE,
            )
        )
    return out


def describe(action: Action) -> str:
    return f"licence + {action.after.part_number}"


KIND = ResourceKind(NAME, ("usage_location",), Seat, diff, describe)
