"""Closing a line in reverse order as waves, each one engine run with prune limited to its objects:
1. the resource account retired (association removed, number back to the pool, licence released) and the
   option on `--from-aa` removed; 2. the line's auto attendant; 3. its queue and schedule. Teams refuses
   to delete an app an RA is associated with, a queue an AA still targets and a schedule an AA uses, so
   each wave runs only once the one before it has been applied. Pure."""

from __future__ import annotations

from dataclasses import dataclass, replace

from provisioning.popup.build import LineObjects, remove_option, with_attendant
from provisioning.resources import ObjectKey
from provisioning.voiceapps.model import VoiceApps


@dataclass(frozen=True)
class Wave:
    wanted: VoiceApps  # what stays wanted while this wave runs (unchanged objects plan no-ops)
    remove: frozenset[ObjectKey]  # the prune scope


def waves(objects: LineObjects, current: VoiceApps) -> list[Wave]:
    """The waves still needed for `objects`, given the voice apps as read now (a wave whose objects
    are already gone plans nothing, so a re-run after a crash goes through them again harmlessly)."""
    bare = _as_read(objects.own, current)
    first = bare
    aa = current.auto_attendant(objects.added.auto_attendant) if objects.added else None
    if aa is not None and objects.added is not None:
        first = with_attendant(bare, remove_option(aa, objects.added), current)
    out = []
    if objects.resource_account:
        out.append(Wave(first, frozenset({("resource_account", objects.resource_account.lower())})))
    elif first is not bare:
        out.append(Wave(first, frozenset()))
    if objects.auto_attendant:
        out.append(
            Wave(replace(bare, auto_attendants=()), frozenset({("auto_attendant", objects.auto_attendant)}))
        )
    rest: set[ObjectKey] = {("call_queue", objects.queue)}
    if objects.schedule:
        rest.add(("schedule", objects.schedule))
    out.append(Wave(VoiceApps(), frozenset(rest)))
    return out


def _as_read(own: VoiceApps, current: VoiceApps) -> VoiceApps:
    """The line's apps and schedules as the tenant has them now (so what stays wanted plans no change),
    without resource accounts: wave 1 retires the line's account."""
    attendants = (current.auto_attendant(aa.name) for aa in own.auto_attendants)
    queues = (current.call_queue(cq.name) for cq in own.call_queues)
    schedules = (current.schedule(s.name) for s in own.schedules)
    return VoiceApps(
        auto_attendants=tuple(replace(aa, resource_accounts=()) for aa in attendants if aa is not None),
        call_queues=tuple(replace(cq, resource_accounts=()) for cq in queues if cq is not None),
        schedules=tuple(s for s in schedules if s is not None),
    )
