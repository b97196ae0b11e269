"""What other use cases read from the open pop-up lines without touching the tenant: the YAML plan's
extra source (their objects are wanted and protected from prune, options they put on the file's
attendants stay) and the owners' expiry warnings for the bot's scheduled job."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from provisioning.notices import OwnerWarning
from provisioning.popup.build import add_option
from provisioning.popup.lines import PopupSources, line_from
from provisioning.voice_wanted import VoiceExtra
from provisioning.voiceapps.model import VoiceApps
from store import Store


async def sources(store: Store) -> PopupSources:
    """Open (and opening) lines as the YAML plan sees them. A closing line is left out: its close is
    removing its objects, and protecting them would fight it."""
    owns: list[VoiceApps] = []
    protected: set[tuple[str, str]] = set()
    options = []
    for record in await store.popups.list():
        line = line_from(record)
        if line.state == "closing" or line.objects is None:
            continue
        owns.append(line.objects.own)
        protected |= line.objects.keys()
        if line.objects.added is not None:
            options.append(line.objects.added)
    additions = VoiceApps(
        tuple(aa for own in owns for aa in own.auto_attendants),
        tuple(cq for own in owns for cq in own.call_queues),
        tuple(schedule for own in owns for schedule in own.schedules),
        tuple(ra for own in owns for ra in own.resource_accounts),
    )
    return PopupSources(additions, frozenset(protected), tuple(options))


def merge_sources(voice: VoiceApps | None, popups: PopupSources) -> VoiceApps | None:
    """The file's wanted voice apps with the open lines': their objects added, and each option a line
    put on one of the file's attendants kept on it (unless the file now uses that key itself)."""
    if voice is None:
        return None
    attendants = []
    for aa in voice.auto_attendants:
        for added in popups.options:
            taken = aa.default_flow.menu.option(added.option.key)
            if added.auto_attendant.casefold() == aa.name.casefold() and taken is None:
                aa = add_option(aa, added.option)
        attendants.append(aa)
    extra = popups.voice_additions
    return replace(
        voice,
        auto_attendants=(*attendants, *extra.auto_attendants),
        call_queues=(*voice.call_queues, *extra.call_queues),
        schedules=(*voice.schedules, *extra.schedules),
        resource_accounts=(*voice.resource_accounts, *extra.resource_accounts),
    )


async def expiry_warnings(store: Store, within: dt.timedelta, now: dt.datetime) -> list[OwnerWarning]:
    """One warning per open line with an owner whose last day (`until`) is within `within` of `now`."""
    today = now.date()
    last = (now + within).date()
    warnings = []
    for record in await store.popups.list():
        if record.state != "open" or record.owner is None or record.until is None:
            continue
        if not today <= record.until <= last:
            continue
        days = (record.until - today).days
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        warnings.append(
            OwnerWarning(
                owner_upn=record.owner,
                title=f"Pop-up line {record.name} closes {when}",
                text=(
                    f"Its last day is {record.until:%a %d %b %Y}; after that it is closed and its number goes "
                    f"back to the pool. To keep it: switchboard popup extend {record.name!r} --until DATE"
                ),
                facts=(
                    ("Number", record.number or "none (reached from an auto attendant)"),
                    ("Last day", record.until.isoformat()),
                ),
            )
        )
    return warnings


async def voice_extra(store: Store) -> VoiceExtra:
    """`sources` in the shape PhoneService's `extra` hook takes. It merges with merge_sources, so an
    option a line put on one of the file's attendants stays there, and a file without voice-app sections
    (onboarding, a people-only file) still plans without reading the voice apps at all."""
    found = await sources(store)
    return VoiceExtra(protected=found.protected, merge=lambda voice: merge_sources(voice, found))
