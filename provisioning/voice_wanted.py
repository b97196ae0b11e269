"""The voice apps a plan wants, put together from the file and from open pop-up lines: `auto` numbers
of resource accounts go through the same reserved allocation as people's (an RA is a PhoneUser-shaped
claim on its pool), and pop-up lines' own objects are added and protected from prune. Pure."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass, replace

from provisioning.model import PhoneUser
from provisioning.resources import ObjectKey
from provisioning.voiceapps.model import Target, VoiceApps


@dataclass(frozen=True)
class VoiceExtra:
    """What other sources add to a YAML plan (pop-up lines: provisioning.popup.sources)."""

    additions: VoiceApps | None = None
    protected: frozenset[ObjectKey] = frozenset()
    # A source that does more than append (pop-up lines also keep their options on the file's
    # attendants: provisioning.popup.merge_sources) gives its own merge instead of `additions`.
    merge: Callable[[VoiceApps | None], VoiceApps | None] | None = None


def ra_claims(voice: VoiceApps | None) -> list[PhoneUser]:
    """Resource accounts as number claims: `auto` ones get a number from their pool, explicit ones keep
    theirs out of everyone else's allocation."""
    if voice is None:
        return []
    out = []
    for ra in voice.resource_accounts:
        if ra.pool is not None and ra.number is None:
            out.append(PhoneUser(upn=ra.upn, number="auto", pool=ra.pool))
        elif ra.number is not None:
            out.append(PhoneUser(upn=ra.upn, number=ra.number))
    return out


def with_numbers(voice: VoiceApps | None, allocation: Mapping[str, str]) -> VoiceApps | None:
    """Each `auto` account with the number allocated to it (None when its pool ran dry: a plan problem)."""
    if voice is None:
        return None
    accounts = tuple(
        replace(ra, number=allocation.get(ra.upn)) if ra.pool is not None and ra.number is None else ra
        for ra in voice.resource_accounts
    )
    return replace(voice, resource_accounts=accounts)


def merged(voice: VoiceApps | None, extra: VoiceExtra | None) -> VoiceApps | None:
    """The file's voice apps plus the additions (appended: the file's items keep their indices, so
    problems still name the file's lines)."""
    if extra is not None and extra.merge is not None:
        return extra.merge(voice)
    if extra is None or extra.additions is None:
        return voice
    add = extra.additions
    if voice is None:
        return add
    return replace(
        voice,
        auto_attendants=voice.auto_attendants + add.auto_attendants,
        call_queues=voice.call_queues + add.call_queues,
        schedules=voice.schedules + add.schedules,
        resource_accounts=voice.resource_accounts + add.resource_accounts,
    )


def group_names(voice: VoiceApps | None) -> list[str]:
    """Every group the wanted voice apps name (queue agent groups, shared voicemail targets, dial-by-name
    scopes): the plan reads them, so a missing one is a problem naming its line."""
    if voice is None:
        return []
    found: set[str] = set()
    for queue in voice.call_queues:
        found.update(queue.groups)
    for aa in voice.auto_attendants:
        found.update(aa.dial_scope.include_groups)
        found.update(aa.dial_scope.exclude_groups)
    found.update(_shared_voicemails((voice.call_queues, voice.auto_attendants)))
    return sorted(found)


def _shared_voicemails(value: object) -> set[str]:
    if isinstance(value, Target):
        return {value.ref} if value.kind == "shared_voicemail" else set()
    if is_dataclass(value) and not isinstance(value, type):
        return {g for f in fields(value) for g in _shared_voicemails(getattr(value, f.name))}
    if isinstance(value, tuple | list):
        return {g for item in value for g in _shared_voicemails(item)}
    return set()
