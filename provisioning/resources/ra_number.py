"""A resource account's phone number (Set-/Remove-CsPhoneNumberAssignment): explicit in the file, or
`auto` from a voice-app pool through the same reserved allocation as people's numbers. One number per
RA (voice-apps.md §3.3); a number is never planned for two accounts, nor for an account and a person.
An account the file gives no number keeps whatever it has (the number is not managed); retiring an
account sends its number back to its pool."""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Problem, Step
from provisioning.resources.accounts_common import (
    RETIRED,
    covers_voice,
    current_account,
    retiring,
    wanted_accounts,
)
from provisioning.resources.base import Diff, ResourceKind, Wanted
from provisioning.voiceapps.model import ResourceAccount

NAME = "ra_number"
ASSIGN = "assign_ra_number"
RELEASE = "release_ra_number"


@dataclass(frozen=True)
class RaNumber:
    number: str
    number_type: str  # Graph's numberType: operatorConnect | directRouting | callingPlan


def _blocker(ra: ResourceAccount, current: CurrentState, claimed: dict[str, str]) -> str | None:
    number = ra.number
    if number is None:
        return f"pool {ra.pool!r} has no free number"
    if number in claimed:
        return f"{number} is also wanted by {claimed[number]}"
    found = current.numbers.get(number)
    if found is None:
        return f"{number} is not in the tenant's number inventory"
    holder = current.users_by_id.get(found.holder_id or "")
    if not found.is_free and (holder is None or holder.upn != ra.upn.lower()):
        return f"{number} is assigned to {holder.upn if holder else found.holder_id}"
    if "voiceApplicationAssignment" not in found.capabilities:
        return f"{number} cannot be assigned to a resource account ({', '.join(sorted(found.capabilities))})"
    return None


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    out = Diff()
    if not covers_voice(wanted, current):
        return out
    claimed = {line.number: line.upn for line in wanted.lines if line.number}
    for _, where, ra in wanted_accounts(wanted):
        upn = ra.upn.lower()
        have = current_account(current, upn)
        held = have.number if have else None
        if ra.number is None and ra.pool is None:
            out.unchanged.append(
                NoOp(upn, f"number not managed (the file gives none; holds {held or 'none'})", NAME)
            )
            continue
        if ra.number is not None and ra.number == held:
            out.unchanged.append(NoOp(upn, f"number {held} assigned", NAME))
            claimed[held] = upn
            continue
        if why := _blocker(ra, current, claimed):
            out.problems.append(Problem(upn, f"{where}.number: {why}"))
            continue
        assert ra.number is not None
        claimed[ra.number] = upn
        before = current.numbers.get(held or "")
        out.actions.append(
            Action(
                NAME,
                Step(ASSIGN, upn, ra.number),
                "",
                RaNumber(before.telephone_number, before.number_type) if before else None,
                RaNumber(ra.number, current.numbers[ra.number].number_type),
                f"the number changes from {held}" if held else "the account gets its number",
                Change.REPLACE if held else Change.CREATE,
            )
        )
    for ra in retiring(wanted, current):
        found = current.numbers.get(ra.number or "")
        if found is not None:
            out.actions.append(
                Action(
                    NAME,
                    Step(RELEASE, ra.upn.lower(), found.telephone_number),
                    "",
                    RaNumber(found.telephone_number, found.number_type),
                    None,
                    f"not in the desired state: the number goes back to its pool; {RETIRED}",
                    Change.REMOVE,
                )
            )
    return out


def describe(action: Action) -> str:
    if action.op == RELEASE:
        return f"number {action.before.number} released"
    before = f"{action.before.number} → " if action.before else ""
    return f"number {before}{action.after.number}"


KIND = ResourceKind(NAME, ("ra_licence",), RaNumber, diff, describe, voice=True)
