"""A call queue (New-/Set-/Remove-CsCallQueue), keyed by its name.

The diff compares the settings the file manages: everything but the agents' own opt-in (theirs to
choose, §1.4), a channel (no YAML form yet) and the resource accounts serving the queue (the association
kind's). A queue that names a person, group, queue, attendant or resource account that neither the tenant
nor the file has is a problem at the line that names it; a queue the file no longer lists is removed only
under prune (and its prune scope). Creates and changes wait for the queues, attendants and resource
accounts their overflow/timeout/no-agent actions forward to (`refers`); agents are people and need no wait.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Problem, Step, stable_hash
from provisioning.resources.base import Diff, ObjectKey, ResourceKind, Wanted
from provisioning.states import to_jsonable
from provisioning.voiceapps.model import AutoAttendant, CallQueue, Target, VoiceApps

NAME = "call_queue"
CREATE = "create_call_queue"
UPDATE = "update_call_queue"
REMOVE = "remove_call_queue"
SECTION = "call_queues"
CONDITIONS = ("overflow", "timeout", "no_agent")
MAX_DIRECT_AGENTS = 20  # voice-apps.md §1.5; the YAML section refuses more before any plan
MIN_ALERT_S, MAX_ALERT_S = 15, 180


def managed(queue: CallQueue) -> CallQueue:
    """The queue as far as the file manages it (what before/after show and what a re-plan compares)."""
    return dataclasses.replace(queue, agents=(), channel=None, resource_accounts=())


def fingerprint(queue: CallQueue) -> str:
    """Short hash of the managed settings: an update's journal key carries it, so a crashed run can tell
    whether the queue already reads back as that update left it."""
    return stable_hash(to_jsonable(managed(queue)))[:16]


def changed_fields(before: CallQueue, after: CallQueue) -> list[str]:
    return [
        f.name for f in dataclasses.fields(CallQueue) if getattr(before, f.name) != getattr(after, f.name)
    ]


def _person(current: CurrentState, upn: str) -> str | None:
    """Why `upn` cannot answer or edit a queue, or None."""
    person = current.users.get(upn.lower())
    if person is None:
        return f"no user {upn} in the tenant"
    if person.account_type != "user":
        return f"{upn} is a {person.account_type}, not a person"
    return None


def _has(names: Iterable[str], name: str) -> bool:
    return any(n.casefold() == name.casefold() for n in names)


def _target(wanted: VoiceApps, current: CurrentState, target: Target) -> str | None:
    """Why a forward/voicemail target does not exist, or None."""
    have = current.voice or VoiceApps()
    if target.via is not None:
        accounts = [ra.upn for ra in (*wanted.resource_accounts, *have.resource_accounts)]
        if not _has(accounts, target.via):
            return f"no resource account {target.via} in the tenant or the file"
    if target.kind in ("user", "voicemail"):
        return _person(current, target.ref)
    if target.kind == "shared_voicemail" and target.ref not in current.groups:
        return f"no group {target.ref} in the tenant"
    apps = {
        "call_queue": [q.name for q in (*wanted.call_queues, *have.call_queues)],
        "auto_attendant": [a.name for a in (*wanted.auto_attendants, *have.auto_attendants)],
    }
    if target.kind in apps and not _has(apps[target.kind], target.ref):
        return f"no {target.label()} in the tenant or the file"
    return None


def references(wanted: Wanted, current: CurrentState, index: int, queue: CallQueue) -> Iterator[Problem]:
    """Every missing person, group or app the queue names, at the line that names it."""
    assert wanted.voice is not None

    def problem(message: str, *path: str | int) -> Problem:
        dotted = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        where = wanted.where(SECTION, index, *path)
        return Problem(queue.name, f"{where}: {SECTION}[{index}]{dotted}: {message}")

    if len(queue.users) > MAX_DIRECT_AGENTS:  # a pop-up line's queue is built in code, not read from YAML
        yield problem(
            f"{len(queue.users)} agents; a queue takes at most {MAX_DIRECT_AGENTS} added one by one", "agents"
        )
    if not MIN_ALERT_S <= queue.alert_time <= MAX_ALERT_S:
        yield problem(
            f"alert time {queue.alert_time} s is outside {MIN_ALERT_S}–{MAX_ALERT_S} s", "alert_time"
        )
    for field in ("users", "authorized_users"):
        for j, upn in enumerate(getattr(queue, field)):
            if (why := _person(current, upn)) is not None:
                yield problem(why, "agents" if field == "users" else field, j)
    for j, group in enumerate(queue.groups):
        if group not in current.groups:
            yield problem(f"no group {group} in the tenant", "groups", j)
    for condition in CONDITIONS:
        target = getattr(queue, condition).target
        if target is not None and (why := _target(wanted.voice, current, target)) is not None:
            yield problem(why, condition, "to")


def _targets(value: object) -> Iterator[Target]:
    """Every target inside an app (menus, operator, exception actions), however deeply nested."""
    if isinstance(value, Target):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _targets(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _targets(item)


def still_sending(wanted: Wanted, have: VoiceApps, kind: str, name: str) -> list[str]:
    """Tenant apps the file does not list and prune leaves in place (out of scope, protected) that still
    send calls straight to the `kind` ("call_queue" | "auto_attendant") named `name`. Teams refuses to
    delete an app that is a call target (§1.1), so such a removal is a problem, not a failed step at apply
    time. (Objects the file's own apps point at are spared by the planner: planner.spare.)"""
    assert wanted.voice is not None
    wants = {("call_queue", q.name.casefold()) for q in wanted.voice.call_queues}
    wants |= {("auto_attendant", a.name.casefold()) for a in wanted.voice.auto_attendants}
    present: list[tuple[str, CallQueue | AutoAttendant]] = [("call_queue", q) for q in have.call_queues]
    present += [("auto_attendant", a) for a in have.auto_attendants]
    return sorted(
        f"{app_kind.replace('_', ' ')} {app.name}"
        for app_kind, app in present
        if (app_kind, app.name.casefold()) not in wants | {(kind, name.casefold())}
        and not wanted.may_remove((app_kind, app.name))
        and any(
            t.kind == kind and t.via is None and t.ref.casefold() == name.casefold() for t in _targets(app)
        )
    )


def _removals(wanted: Wanted, have: VoiceApps, listed: set[str], out: Diff) -> None:
    for queue in sorted(have.call_queues, key=lambda q: q.name.casefold()):
        if queue.name.casefold() in listed:
            continue
        if not wanted.may_remove((NAME, queue.name)):
            reason = f"call queue {queue.name} is not in the file: left as is"
            out.unchanged.append(NoOp(queue.name, reason, NAME))
        elif users := still_sending(wanted, have, NAME, queue.name):
            message = f"call queue {queue.name} cannot be removed: {', '.join(users)} still send calls to it"
            out.problems.append(Problem(queue.name, message))
        else:
            step = Step(REMOVE, queue.name)
            reason = "not in the desired state (prune)"
            out.actions.append(Action(NAME, step, "", managed(queue), None, reason, Change.REMOVE))


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    out = Diff()
    if wanted.voice is None or current.voice is None:
        return out
    have = current.voice
    for index, queue in sorted(enumerate(wanted.voice.call_queues), key=lambda item: item[1].name.casefold()):
        problems = list(references(wanted, current, index, queue))
        same_name = [q for q in have.call_queues if q.name.casefold() == queue.name.casefold()]
        if len(same_name) > 1:
            where = wanted.where(SECTION, index)
            message = f"{len(same_name)} call queues are named {queue.name} in the tenant; rename all but one"
            problems.append(Problem(queue.name, f"{where}: {SECTION}[{index}]: {message}"))
        if problems:
            out.problems.extend(problems)
            continue
        after = managed(queue)
        if not same_name:
            action = Action(NAME, Step(CREATE, queue.name), "", None, after, "new call queue", Change.CREATE)
            out.actions.append(action)
            continue
        before = managed(same_name[0])
        changes = changed_fields(before, after)
        if not changes:
            out.unchanged.append(NoOp(queue.name, f"call queue {queue.name} matches", NAME))
            continue
        step = Step(UPDATE, queue.name, "", fingerprint(queue))
        reason = f"changed: {', '.join(changes).replace('_', ' ')}"
        out.actions.append(Action(NAME, step, "", before, after, reason, Change.CHANGE))
    _removals(wanted, have, {q.name.casefold() for q in wanted.voice.call_queues}, out)
    return out


def refers(action: Action) -> Iterable[ObjectKey]:
    """What the queue forwards to, before and after the action: what it will forward to is created first;
    what it stops forwarding to is removed only after this change (the planner's reverse order)."""
    keys: set[ObjectKey] = set()
    for queue in (action.before, action.after):
        for condition in CONDITIONS if queue is not None else ():
            target = getattr(queue, condition).target
            if target is None:
                continue
            if (
                target.kind in ("call_queue", "auto_attendant")
                and target.ref.casefold() != queue.name.casefold()
            ):
                keys.add((target.kind, target.ref))
            if target.via is not None:
                keys.add(("resource_account", target.via))
    return sorted(keys)


def describe(action: Action) -> str:
    if action.op == REMOVE:
        return f"call queue {action.before.name} removed"
    queue: CallQueue = action.after
    who = f"{len(queue.users)} agent(s)" + (f", groups {', '.join(queue.groups)}" if queue.groups else "")
    if action.op == CREATE:
        return f"call queue {queue.name} ({queue.routing}, {who})"
    return f"call queue {queue.name}: {', '.join(changed_fields(action.before, queue))}"


KIND = ResourceKind(NAME, ("ra_number",), CallQueue, diff, describe, refers, voice=True)
