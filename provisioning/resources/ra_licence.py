"""A resource account's usage location and Microsoft Teams Phone Resource Account licence
(PHONESYSTEM_VIRTUALUSER). Every RA needs the licence, even without a number, and the usage location
must be set first (voice-apps.md §3.2); apply waits until Teams shows the licence provisioned.
Retiring an account releases its licence (a free seat back for the next one)."""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Problem, Step
from provisioning.resources.accounts_common import (
    RA_SKU_PART,
    RETIRED,
    covers_voice,
    current_account,
    retiring,
    wanted_accounts,
)
from provisioning.resources.base import Diff, ResourceKind, Wanted

NAME = "ra_licence"
SET_LOCATION = "set_ra_usage_location"
ASSIGN = "assign_ra_licence"
RELEASE = "release_ra_licence"


@dataclass(frozen=True)
class RaLicence:
    usage_location: str | None
    licensed: bool


def _grant(upn: str, target_id: str, location: str | None, country: str, sku_id: str) -> list[Action]:
    steps = []
    if not location:
        steps.append(
            Action(
                NAME,
                Step(SET_LOCATION, upn, value=country),
                target_id,
                RaLicence(None, False),
                RaLicence(country, False),
                "the licence needs a usage location first",
                Change.CHANGE,
            )
        )
    steps.append(
        Action(
            NAME,
            Step(ASSIGN, upn, value=sku_id),
            target_id,
            RaLicence(location or country, False),
            RaLicence(location or country, True),
            f"every resource account needs a {RA_SKU_PART} licence",
            Change.CHANGE,
        )
    )
    return steps


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    out = Diff()
    if not covers_voice(wanted, current):
        return out
    sku = current.licences.get(RA_SKU_PART)
    seats = sku.free_seats if sku else 0
    for _, where, ra in wanted_accounts(wanted):
        upn = ra.upn.lower()
        have, person = current_account(current, upn), current.users.get(upn)
        if have is not None and have.licensed:
            out.unchanged.append(NoOp(upn, f"licence {RA_SKU_PART} assigned", NAME))
            continue
        if sku is None:
            out.problems.append(Problem(upn, f"{where}: the tenant has no {RA_SKU_PART} subscription"))
            continue
        if seats <= 0:
            out.problems.append(
                Problem(upn, f"{where}: no free {RA_SKU_PART} licence (all {sku.seats} in use)")
            )
            continue
        seats -= 1
        location = person.usage_location if person else None
        country = wanted.tenant.usage_location
        out.actions.extend(_grant(upn, person.id if person else "", location, country, sku.sku_id))
    for ra in retiring(wanted, current):
        person = current.users.get(ra.upn.lower())
        if ra.licensed and sku is not None and person is not None:
            out.actions.append(
                Action(
                    NAME,
                    Step(RELEASE, ra.upn.lower(), value=sku.sku_id),
                    person.id,
                    RaLicence(person.usage_location, True),
                    None,
                    f"not in the desired state: licence released; {RETIRED}",
                    Change.REMOVE,
                )
            )
    return out


def describe(action: Action) -> str:
    if action.op == SET_LOCATION:
        return f"usage location — → {action.after.usage_location}"
    if action.op == RELEASE:
        return f"licence − {RA_SKU_PART}"
    return f"licence + {RA_SKU_PART}"


KIND = ResourceKind(NAME, ("resource_account",), RaLicence, diff, describe, voice=True)
