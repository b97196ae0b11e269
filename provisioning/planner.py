"""The planner: a pure function (desired, current, allocation) → a plan, composed from the resource
kinds in dependency order.

People are resolved first (unknown or not a person → a problem); each kind then diffs the people no
earlier kind blocked, so a person with a problem gets no actions at all. Actions are listed person by
person in kind order, and each waits for its person's earlier actions in the kinds it depends on.

Voice-app kinds (schedules, resource accounts, queues, attendants, associations) diff objects, not
people: their creates and changes follow in dependency order, their removals come last in reverse order
(see `order` and `link`), so prune never deletes a queue an association or a menu still points at.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

from provisioning.current import CurrentState
from provisioning.model import PhoneSystem, PhoneUser
from provisioning.plan import Action, Change, NoOp, Plan, Problem, Step, stable_hash
from provisioning.resources import KINDS, Line, ObjectKey, ResourceKind, Wanted, closure, in_order
from provisioning.resources.accounts_common import KIND_KEY as RA_KIND
from provisioning.resources.accounts_common import PARTS as RA_PARTS
from provisioning.voiceapps.model import VoiceApps


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
    chains that share nothing stay independent, so apply can run them side by side.

    A voice-app removal runs in reverse: it waits for its subject's earlier actions in the kinds that
    depend on its kind (the RA's licence is released after its number), and for every earlier action
    that refers to the removed object (the queue is deleted after the association and the attendant
    menu that pointed at it)."""
    waits_for = {name: {name} | closure(name, dict(kinds)) for name in kinds}
    dependants = {name: {name} | {k for k in kinds if name in waits_for[k]} for name in kinds}
    latest: dict[tuple[str, str], str] = {}
    pointed_at: dict[tuple[str, str], list[str]] = {}
    out = []
    for action in actions:
        kind = kinds[action.kind]
        removal = kind.voice and action.change is Change.REMOVE
        chain = dependants[action.kind] if removal else waits_for[action.kind]
        needs = [latest[(action.subject, k)] for k in chain if (action.subject, k) in latest]
        if removal:
            needs += pointed_at.get((action.kind, action.subject), [])
        for other_kind, subject in kind.refers(action) if kind.refers else ():
            if (subject, other_kind) in latest:
                needs.append(latest[(subject, other_kind)])
            pointed_at.setdefault((other_kind, subject), []).append(action.key)
        out.append(replace(action, needs=tuple(sorted({*action.needs, *needs} - {action.key}))))
        latest[(action.subject, action.kind)] = action.key
    return out


def order(actions: list[Action], users: list[PhoneUser], ordered: list[ResourceKind]) -> list[Action]:
    """People's actions person by person in kind order; then voice-app creates and changes in kind
    (dependency) order; then voice-app removals in reverse kind order. Ties keep the diffs' order."""
    position = {u.upn: index for index, u in enumerate(users)}
    rank = {kind.name: index for index, kind in enumerate(ordered)}
    voice = {kind.name for kind in ordered if kind.voice}

    def key(item: tuple[int, Action]) -> tuple[int, int, int, int]:
        index, action = item
        if action.kind not in voice:
            return 0, position.get(action.subject, len(position)), rank[action.kind], index
        if action.change is not Change.REMOVE:
            return 1, rank[action.kind], 0, index
        return 2, -rank[action.kind], 0, index

    return [action for _, action in sorted(enumerate(actions), key=key)]


def object_key(action: Action) -> ObjectKey:
    """The voice-app object an action is about: an RA's licence, number and association are its parts."""
    return (RA_KIND, action.subject) if action.kind in RA_PARTS else (action.kind, action.subject)


def kept_targets(voice: VoiceApps | None, kinds: Iterable[ResourceKind]) -> dict[ObjectKey, str]:
    """Objects the wanted voice apps point at (a menu's queue, a handling's schedule, a transfer's RA),
    with the name of one that does: prune must not remove them, even when the file does not list them
    (an export leaves out what it cannot express, e.g. an attendant sending calls to a deleted user)."""
    if voice is None:
        return {}
    wanted = (*voice.schedules, *voice.call_queues, *voice.auto_attendants)
    out: dict[ObjectKey, str] = {}
    for kind in kinds:
        if not kind.voice or kind.refers is None:
            continue
        for item in (o for o in wanted if isinstance(o, kind.state)):
            probe = Action(kind.name, Step("", item.name), "", None, item, "", Change.CREATE)
            for key in kind.refers(probe):
                out.setdefault(key, item.name)
    return out


def spare(
    actions: list[Action], voice: VoiceApps | None, kinds: Iterable[ResourceKind]
) -> tuple[list[Action], list[NoOp]]:
    """Prune's removals minus those of objects a wanted object still points at (kept, with the reason)."""
    targets = kept_targets(voice, kinds)
    kept, notes = [], []
    for action in actions:
        user = targets.get(object_key(action)) if action.change is Change.REMOVE else None
        if user is None:
            kept.append(action)
        else:
            notes.append(
                NoOp(
                    action.subject,
                    f"kept although not in the file: {user} (in the file) sends calls to it",
                    action.kind,
                )
            )
    return kept, notes


def plan(
    desired: PhoneSystem,
    users: list[PhoneUser],
    current: CurrentState,
    allocation: Mapping[str, str],
    kinds: Mapping[str, ResourceKind] = KINDS,
    *,
    voice: VoiceApps | None = None,
    protected: frozenset[ObjectKey] = frozenset(),
    prune_scope: frozenset[ObjectKey] | None = None,
) -> Plan:
    """`voice`: the voice apps wanted (desired.voice_apps with RA numbers allocated, plus open pop-up
    lines), None to leave voice apps alone; `protected` and `prune_scope` limit what prune removes."""
    lines, problems = resolve(desired, users, current, allocation)
    blocked = {p.upn for p in problems}
    listed = frozenset(u.upn for u in users)
    base = Wanted((), desired.tenant, desired.prune, listed, voice, protected, prune_scope, desired.where)
    actions: list[Action] = []
    unchanged: list[NoOp] = []
    ordered = in_order(dict(kinds))
    for kind in ordered:
        open_lines = tuple(line for line in lines if line.upn not in blocked)
        diff = kind.diff(replace(base, lines=open_lines), current)
        for problem in diff.problems:
            if problem.upn not in blocked:
                problems.append(problem)
                blocked.add(problem.upn)
            elif kind.voice:  # several problems on one voice object: report them all
                problems.append(problem)
        actions.extend(diff.actions)
        unchanged.extend(diff.unchanged)
    actions, spared = spare(actions, voice, ordered)
    unchanged.extend(spared)
    position = {u.upn: index for index, u in enumerate(users)}
    return Plan(
        desired_hash(desired),
        current.fingerprint(),
        tuple(link(order([a for a in actions if a.subject not in blocked], users, ordered), kinds)),
        tuple(sorted(problems, key=lambda p: position.get(p.upn, len(position)))),
        tuple(
            sorted(
                (n for n in unchanged if n.upn not in blocked),
                key=lambda n: position.get(n.upn, len(position)),
            )
        ),
    )
