"""A person's usage location (user.usageLocation): a licence cannot be assigned without one."""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Step
from provisioning.resources.base import Diff, ResourceKind, Wanted

NAME = "usage_location"
SET = "set_usage_location"


@dataclass(frozen=True)
class UsageLocation:
    country: str | None


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    """Only a missing usage location is set: a person's existing country is theirs to keep."""
    out = Diff()
    country = wanted.tenant.usage_location
    for line in wanted.lines:
        if line.person.usage_location:
            out.unchanged.append(NoOp(line.upn, f"usage location {line.person.usage_location} is set", NAME))
            continue
        out.actions.append(
            Action(
                NAME,
                Step(SET, line.upn, value=country),
                line.person.id,
                UsageLocation(None),
                UsageLocation(country),
                "a licence needs a usage location",
                Change.CHANGE,
            )
        )
    return out


def describe(action: Action) -> str:
    before = action.before.country if action.before else None
    return f"usage location {before or '—'} → {action.after.country}"


KIND = ResourceKind(NAME, (), UsageLocation, diff, describe)
