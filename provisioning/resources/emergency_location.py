"""The emergency location of a number a person already holds (numberAssignments updateNumber).

A number being assigned carries its location in the order itself, so only drift on a kept number is
an action here."""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Step
from provisioning.resources.base import Diff, ResourceKind, Wanted

NAME = "emergency_location"
UPDATE = "update_location"


@dataclass(frozen=True)
class Location:
    number: str
    location_id: str | None


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    out = Diff()
    for line in wanted.lines:
        number = current.numbers.get(line.number or "")
        if number is None or number.holder_id != line.person.id:
            continue  # the assignment order sets the location
        if line.location_id is None:
            out.unchanged.append(
                NoOp(line.upn, f"no emergency location asked for {number.telephone_number}", NAME)
            )
        elif number.location_id == line.location_id:
            out.unchanged.append(
                NoOp(line.upn, f"emergency location of {number.telephone_number} matches", NAME)
            )
        else:
            out.actions.append(
                Action(
                    NAME,
                    Step(UPDATE, line.upn, number.telephone_number, line.location_id),
                    line.person.id,
                    Location(number.telephone_number, number.location_id),
                    Location(number.telephone_number, line.location_id),
                    f"emergency location of {number.telephone_number} differs",
                    Change.CHANGE,
                )
            )
    return out


def describe(action: Action) -> str:
    before = action.before.location_id if action.before else None
    return f"emergency location of {action.after.number}: {before or '—'} → {action.after.location_id}"


KIND = ResourceKind(NAME, ("number",), Location, diff, describe)
