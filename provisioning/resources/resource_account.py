"""A resource account (application instance): the identity a voice app answers calls on. Created with the
AA or CQ application id and a display name; apply then waits until Teams sees it (minutes in a real
tenant), because its number and association are Teams writes that fail before then.

Retiring an account is done by the licence, number and association kinds (see accounts_common): this
kind never deletes the Entra account, and says so in a no-op."""

from __future__ import annotations

from dataclasses import dataclass

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Problem, Step
from provisioning.resources.accounts_common import (
    APP_LABEL,
    RETIRED,
    covers_voice,
    current_account,
    retiring,
    wanted_accounts,
)
from provisioning.resources.base import Diff, ResourceKind, Wanted

NAME = "resource_account"
CREATE = "create_resource_account"


@dataclass(frozen=True)
class Account:
    upn: str
    display_name: str
    kind: str  # auto_attendant | call_queue


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    """New accounts are created; an existing one must be of the kind the file says (Teams cannot switch
    an associated account's kind); a different display name is reported, not changed."""
    out = Diff()
    if not covers_voice(wanted, current):
        return out
    for _, where, ra in wanted_accounts(wanted):
        have = current_account(current, ra.upn)
        label = APP_LABEL[ra.kind]
        if have is None:
            person = current.users.get(ra.upn.lower())
            if person is not None:
                out.problems.append(
                    Problem(ra.upn, f"{where}: {ra.upn} is a {person.account_type}, not a resource account")
                )
                continue
            out.actions.append(
                Action(
                    NAME,
                    Step(CREATE, ra.upn.lower()),
                    "",
                    None,
                    Account(ra.upn.lower(), ra.display_name, ra.kind),
                    f"new resource account for a {label}",
                    Change.CREATE,
                )
            )
        elif have.kind != ra.kind:
            out.problems.append(
                Problem(ra.upn, f"{where}: {ra.upn} is a {APP_LABEL[have.kind]} account, not a {label} one")
            )
        else:
            note = "" if have.display_name == ra.display_name else f" (named {have.display_name!r} in Teams)"
            out.unchanged.append(NoOp(ra.upn, f"resource account {ra.upn} exists for a {label}{note}", NAME))
    for ra in retiring(wanted, current):
        out.unchanged.append(NoOp(ra.upn, f"resource account {ra.upn} is retired: {RETIRED}", NAME))
    return out


def describe(action: Action) -> str:
    after = action.after
    return f"resource account {after.upn} ({APP_LABEL.get(after.kind, after.kind)}, {after.display_name!r})"


KIND = ResourceKind(NAME, (), Account, diff, describe, voice=True)
