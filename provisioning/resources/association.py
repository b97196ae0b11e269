"""Which voice app a resource account answers for (New-/Remove-CsOnlineApplicationInstanceAssociation).

The file says it on the app: a queue's or attendant's `resource_accounts` list. One RA serves at most
one app (voice-apps.md §3.3), so an account listed by two apps is a plan problem, as is one the
`resource_accounts` section does not define or whose kind is not the app's. The subject is the RA's UPN;
each action refers to the app, so the association waits for the app's creation, and a queue's removal
waits for the association's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

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
from provisioning.resources.base import Diff, ObjectKey, ResourceKind, Wanted
from provisioning.resources.voice_keys import subject_of

NAME = "association"
ASSOCIATE = "associate_resource_account"
DISSOCIATE = "dissociate_resource_account"
SECTIONS = {"call_queue": "call_queues", "auto_attendant": "auto_attendants"}


@dataclass(frozen=True)
class Binding:
    app_kind: str  # call_queue | auto_attendant
    app: str
    priority: int | None = None  # call priority 1-5 sent on creation; None: the service default (3)


def bindings(wanted: Wanted, out: Diff) -> dict[str, Binding]:
    """RA UPN → the app that lists it; a second listing, an undefined RA or a kind mismatch is a problem."""
    assert wanted.voice is not None
    defined = {ra.upn.lower(): ra for ra in wanted.voice.resource_accounts}
    found: dict[str, Binding] = {}
    apps = [("call_queue", i, cq.name, cq.resource_accounts) for i, cq in enumerate(wanted.voice.call_queues)]
    apps += [
        ("auto_attendant", i, aa.name, aa.resource_accounts)
        for i, aa in enumerate(wanted.voice.auto_attendants)
    ]
    for kind, index, name, accounts in apps:
        for j, upn in enumerate(accounts):
            key, section = upn.lower(), SECTIONS[kind]
            where = f"{wanted.where(section, index, 'resource_accounts', j)}: {section}[{index}].resource_accounts[{j}]"
            ra = defined.get(key)
            if ra is None:
                out.problems.append(Problem(key, f"{where}: {upn} is not in resource_accounts"))
            elif key in found:
                other = found[key]
                out.problems.append(
                    Problem(key, f"{where}: {upn} already serves {APP_LABEL[other.app_kind]} {other.app}")
                )
            elif ra.kind != kind:
                out.problems.append(Problem(key, f"{where}: {upn} is a {APP_LABEL[ra.kind]} account"))
            else:
                found[key] = Binding(kind, name, ra.priority)
    return found


def _bound(
    action: Action, before: Binding | None, after: Binding | None, reason: str, change: Change
) -> Action:
    side = after or before
    assert side is not None
    op = DISSOCIATE if after is None else ASSOCIATE
    return Action(NAME, Step(op, action.subject, side.app_kind, side.app), "", before, after, reason, change)


def _unlisted(wanted: Wanted, stub: Action, before: Binding | None, out: Diff) -> list[Action]:
    """A wanted RA no app in the file lists: dissociated when its app is in the file (which no longer
    lists it) or is being pruned; left alone while its app is one the file does not manage."""
    assert wanted.voice is not None and before is not None
    apps = {cq.name.casefold() for cq in wanted.voice.call_queues}
    apps |= {aa.name.casefold() for aa in wanted.voice.auto_attendants}
    if before.app.casefold() in apps:
        reason = f"{before.app} no longer lists {stub.subject}"
        return [_bound(stub, before, None, reason, Change.CHANGE)]
    if wanted.may_remove((before.app_kind, before.app)):
        reason = f"{APP_LABEL[before.app_kind]} {before.app} is not in the desired state: association removed"
        return [_bound(replace(stub, change=Change.REMOVE), before, None, reason, Change.REMOVE)]
    label = f"{APP_LABEL[before.app_kind]} {before.app}"
    out.unchanged.append(
        NoOp(stub.subject, f"{stub.subject} serves {label} (not in the file: left alone)", NAME)
    )
    return []


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    out = Diff()
    if not covers_voice(wanted, current):
        return out
    wants = bindings(wanted, out)
    for _, _, ra in wanted_accounts(wanted):
        upn = ra.upn.lower()
        have = current_account(current, upn)
        before = Binding(have.kind, have.app) if have and have.app else None
        after = wants.get(upn)
        stub = Action(NAME, Step(ASSOCIATE, upn), "", None, None, "", Change.CHANGE)
        if after is None and before is None:
            out.unchanged.append(NoOp(upn, f"{upn} serves no voice app, as the file says", NAME))
        elif after is None:
            out.actions.extend(_unlisted(wanted, stub, before, out))
        elif before is not None and before.app.casefold() == after.app.casefold():
            out.unchanged.append(NoOp(upn, f"{upn} serves {APP_LABEL[after.app_kind]} {after.app}", NAME))
        else:
            reason = f"moves from {before.app}" if before else f"{after.app} answers on {upn}"
            out.actions.append(
                _bound(stub, before, after, reason, Change.REPLACE if before else Change.CREATE)
            )
    for ra in retiring(wanted, current):
        if ra.app:
            stub = Action(NAME, Step(DISSOCIATE, ra.upn.lower()), "", None, None, "", Change.REMOVE)
            reason = f"not in the desired state: association removed; {RETIRED}"
            out.actions.append(_bound(stub, Binding(ra.kind, ra.app), None, reason, Change.REMOVE))
    return out


def refers(action: Action) -> Iterable[ObjectKey]:
    """The app on either side: created before the association, removed after it."""
    return sorted({(b.app_kind, subject_of(b.app)) for b in (action.before, action.after) if b is not None})


def describe(action: Action) -> str:
    if action.after is None:
        return f"association with {APP_LABEL[action.before.app_kind]} {action.before.app} removed"
    priority = f", call priority {action.after.priority}" if action.after.priority else ""
    return f"answers for {APP_LABEL[action.after.app_kind]} {action.after.app}{priority}"


KIND = ResourceKind(NAME, ("ra_number",), Binding, diff, describe, refers, voice=True)
