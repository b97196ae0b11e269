"""Auto attendants: created whole, updated by sending the whole object again, removed only with prune.

Plans compare the canonical form (provisioning.voiceapps.model.AutoAttendant.canonical) of what the file
wants and what the tenant has. Two settings the file may leave to the tenant are taken from it: the voice
(None: the language's default voice, which the service fills in) and the resource accounts (the
`association` kind owns them). So `after` is exactly what apply reads back once it has written.

Everything an attendant names must exist in the file or the tenant: a missing schedule, holiday set,
person, queue, attendant or resource account is a plan problem at the file:line of the reference.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields, replace

from provisioning.current import CurrentState
from provisioning.plan import Action, Change, NoOp, Problem, Step
from provisioning.resources.base import Diff, ObjectKey, ResourceKind, Wanted
from provisioning.resources.call_queue import still_sending
from provisioning.resources.voice_keys import state_hash, subject_of
from provisioning.voiceapps.model import AutoAttendant, CallFlow, Target, VoiceApps

NAME = "auto_attendant"
CREATE, UPDATE, REMOVE = "create_auto_attendant", "update_auto_attendant", "remove_auto_attendant"


def _flow_paths(aa: AutoAttendant) -> list[tuple[tuple[str | int, ...], CallFlow]]:
    """Each call flow with its path in the YAML item (holiday flows in file order, then after hours)."""
    out: list[tuple[tuple[str | int, ...], CallFlow]] = [((), aa.default_flow)]
    holiday_flows = list(dict.fromkeys(h.flow for h in aa.handling if h.kind == "holiday"))
    for handling in aa.handling:
        flow = aa.flow(handling.flow)
        if flow is None:
            continue
        if handling.kind == "after_hours":
            out.append((("after_hours",), flow))
        elif handling.flow in holiday_flows:
            out.append((("holidays", holiday_flows.index(handling.flow)), flow))
            holiday_flows[holiday_flows.index(handling.flow)] = ""  # once per flow
    return out


def targets(aa: AutoAttendant) -> list[tuple[tuple[str | int, ...], Target]]:
    """Every target an attendant sends calls to, with its path in the YAML item."""
    found: list[tuple[tuple[str | int, ...], Target]] = []
    if aa.operator is not None:
        found.append((("operator",), aa.operator))
    for path, flow in _flow_paths(aa):
        for index, option in enumerate(flow.menu.options):
            if option.target is not None:
                found.append(((*path, "menu", "options", index, "to"), option.target))
    return found


def _missing(target: Target, wanted: VoiceApps, have: VoiceApps, current: CurrentState) -> str | None:
    kind, ref = target.kind, target.ref
    if kind in ("user", "voicemail"):
        known = {upn.casefold() for upn in current.users} | {p.upn.casefold() for p in have.people}
        return None if ref.casefold() in known else f"no user {ref} in the tenant"
    if kind == "shared_voicemail" and ref.casefold() not in {g.casefold() for g in current.groups}:
        return f"no group {ref!r} in the tenant"
    if kind == "call_queue" and not (wanted.call_queue(ref) or have.call_queue(ref)):
        return f"no call queue {ref!r} in the file or the tenant"
    if kind == "auto_attendant" and not (wanted.auto_attendant(ref) or have.auto_attendant(ref)):
        return f"no auto attendant {ref!r} in the file or the tenant"
    if target.via and not (wanted.resource_account(target.via) or have.resource_account(target.via)):
        return f"no resource account {target.via} in the file or the tenant"
    return None


def _label(path: tuple[str | int, ...]) -> str:
    """`holidays[0].set`: a path inside an attendant item as the file spells it."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).removeprefix(".")


def _unsupported(index: int, aa: AutoAttendant, wanted: Wanted, have: VoiceApps) -> list[str]:
    """Language, voice and time zone against what the tenant's service lists (when it was read)."""
    out = []
    item = ("auto_attendants", index)
    voices = {lang.casefold(): ids for lang, ids in have.languages}
    if voices and aa.language.casefold() not in voices:
        out.append(
            f"{wanted.where(*item, 'language')}: auto_attendants[{index}].language: {aa.language!r} is not a language the service supports"
        )
    elif voices and aa.voice and aa.voice not in voices[aa.language.casefold()]:
        known = ", ".join(voices[aa.language.casefold()])
        out.append(
            f"{wanted.where(*item, 'voice')}: auto_attendants[{index}].voice: {aa.voice!r} is not a voice of {aa.language} ({known})"
        )
    zones = {zone.casefold() for zone in have.time_zones}
    if zones and aa.time_zone.casefold() not in zones:
        out.append(
            f"{wanted.where(*item, 'time_zone')}: auto_attendants[{index}].time_zone: {aa.time_zone!r} is not a time zone the service supports"
        )
    return out


def problems(
    index: int, aa: AutoAttendant, wanted: Wanted, have: VoiceApps, current: CurrentState
) -> list[str]:
    """What the attendant names that does not exist, each at its file:line."""
    assert wanted.voice is not None
    out = []
    item: tuple[str | int, ...] = ("auto_attendants", index)
    holiday_flows = list(dict.fromkeys(h.flow for h in aa.handling if h.kind == "holiday"))
    for handling in aa.handling:
        if wanted.voice.schedule(handling.schedule) or have.schedule(handling.schedule):
            continue
        if handling.kind == "after_hours":
            path: tuple[str | int, ...] = (*item, "business_hours")
            text = f"no schedule {handling.schedule!r}"
        else:
            path = (*item, "holidays", holiday_flows.index(handling.flow), "set")
            text = f"no holiday set or schedule {handling.schedule!r}"
        label = _label(path[2:])
        out.append(
            f"{wanted.where(*path)}: auto_attendants[{index}].{label}: {text} in the file or the tenant"
        )
    for path, target in targets(aa):
        reason = _missing(target, wanted.voice, have, current)
        if reason:
            label = _label(path)
            out.append(f"{wanted.where(*item, *path)}: auto_attendants[{index}].{label}: {reason}")
    out += _unsupported(index, aa, wanted, have)
    groups = {g.casefold() for g in current.groups}
    for side, names in (("include", aa.dial_scope.include_groups), ("exclude", aa.dial_scope.exclude_groups)):
        for group in names:  # sorted in the canonical form: point at the list, not a position
            if group.casefold() not in groups:
                where = wanted.where(*item, "dial_scope", side)
                out.append(
                    f"{where}: auto_attendants[{index}].dial_scope.{side}: no group {group!r} in the tenant"
                )
    return out


def comparable(aa: AutoAttendant) -> AutoAttendant:
    """What an attendant write is judged by: the canonical form without the resource accounts (the
    association kind writes those, possibly at the same time)."""
    return replace(aa.canonical(), resource_accounts=())


def fingerprint(aa: AutoAttendant) -> str:
    """An update's journal value: observers compare it with what the tenant reads back."""
    return state_hash(comparable(aa))


def settle(wanted: AutoAttendant, existing: AutoAttendant | None) -> AutoAttendant:
    """The canonical attendant apply should leave: the file's, with the tenant's voice when the file
    names none (the service fills in the language's default)."""
    voice = wanted.voice or (existing.voice if existing else None)
    return replace(wanted, voice=voice).canonical()


def changes(before: AutoAttendant, after: AutoAttendant) -> list[str]:
    """Which settings differ, in the words of the admin center."""
    out = [
        f.name.replace("_", " ")
        for f in fields(AutoAttendant)
        if f.name not in ("flows", "default_flow", "handling", "resource_accounts")
        and getattr(before, f.name) != getattr(after, f.name)
    ]
    if before.default_flow != after.default_flow:
        out.append(f"call flow {after.default_flow.name}")
    flows_before = {f.name: f for f in before.flows}
    for flow in after.flows:
        if flows_before.get(flow.name) != flow:
            out.append(f"call flow {flow.name}")
    out += [f"call flow {name} removed" for name in flows_before if after.flow(name) is None]
    if before.handling != after.handling:
        out.append("holidays and after hours")
    return out


def _nested_first(attendants: tuple[AutoAttendant, ...]) -> list[tuple[int, AutoAttendant]]:
    """(file index, attendant), an attendant after those it sends calls to (a language-choice main line
    after the English and Spanish attendants), so their creates are linked before it; cycles keep file
    order."""
    by_name = {aa.name.casefold(): (i, aa) for i, aa in enumerate(attendants)}
    placed: dict[str, tuple[int, AutoAttendant]] = {}
    visiting: set[str] = set()

    def visit(key: str) -> None:
        if key in placed or key in visiting or key not in by_name:
            return
        visiting.add(key)
        for _, target in targets(by_name[key][1]):
            if target.kind == "auto_attendant":
                visit(target.ref.casefold())
        visiting.discard(key)
        placed[key] = by_name[key]

    for aa in attendants:
        visit(aa.name.casefold())
    return list(placed.values())


def diff(wanted: Wanted, current: CurrentState) -> Diff:
    out = Diff()
    if wanted.voice is None:
        return out
    have = current.voice or VoiceApps()
    for index, aa in _nested_first(wanted.voice.auto_attendants):
        subject = subject_of(aa.name)
        found = problems(index, aa, wanted, have, current)
        if found:
            out.problems += [Problem(subject, message) for message in found]
            continue
        existing = have.auto_attendant(aa.name)
        after = settle(aa, existing)
        if existing is None:
            out.actions.append(
                Action(NAME, Step(CREATE, subject), "", None, after, "new auto attendant", Change.CREATE)
            )
            continue
        before = existing.canonical()
        if comparable(before) == comparable(after):  # resource accounts: the association kind's
            out.unchanged.append(NoOp(subject, f"auto attendant {aa.name} matches", NAME))
            continue
        reason = ", ".join(changes(before, after)) + " differ"
        step = Step(UPDATE, subject, value=fingerprint(after))
        out.actions.append(Action(NAME, step, "", before, after, reason, Change.CHANGE))
    for aa in have.auto_attendants:
        if wanted.voice.auto_attendant(aa.name) is None and wanted.may_remove((NAME, aa.name)):
            if users := still_sending(wanted, have, NAME, aa.name):  # Teams refuses to delete a call target
                message = (
                    f"auto attendant {aa.name} cannot be removed: {', '.join(users)} still send calls to it"
                )
                out.problems.append(Problem(subject_of(aa.name), message))
                continue
            step = Step(REMOVE, subject_of(aa.name))
            out.actions.append(
                Action(NAME, step, "", aa.canonical(), None, "not in the file (prune)", Change.REMOVE)
            )
    return out


def refers(action: Action) -> Iterable[ObjectKey]:
    """The schedules, queues, attendants and resource accounts named on either side: a create or update
    waits for those it will use, and a removal of one it used (or stops using) waits for it."""
    found: list[ObjectKey] = []
    for aa in (action.before, action.after):
        if aa is None:
            continue
        found += [("schedule", subject_of(h.schedule)) for h in aa.handling]
        for _, target in targets(aa):
            if target.kind in ("call_queue", "auto_attendant"):
                found.append((target.kind, subject_of(target.ref)))
            if target.via:
                found.append(("resource_account", target.via))
    return sorted(set(found))


def describe(action: Action) -> str:
    aa = action.after or action.before
    if action.op == REMOVE:
        return f"remove auto attendant {aa.name}"
    periods = 1 + len(aa.flows)
    verb = "create" if action.op == CREATE else "update"
    return f"{verb} auto attendant {aa.name} ({aa.language}, {aa.time_zone}, {periods} call flow(s))"


KIND = ResourceKind(NAME, (), AutoAttendant, diff, describe, refers, voice=True)
