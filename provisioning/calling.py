"""A person's own call handling as they would describe it: voicemail, forwarding, "ring my mobile too".

Reads and writes Get-/Set-CsUserCallingSettings (graph/teams_admin/calling_settings.py). Simultaneous ring
is the forwarding setting with type Simultaneous, so turning it on replaces an immediate forward, and
"stop" turns forwarding off only when it is simultaneous ring (an immediate forward set by someone else is
left alone and named). Every change is audited with the settings before and after.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph import TeamsAdmin
from graph.teams_admin import CallingSettings, TeamsAdminError, UnknownOutcome, Validation
from provisioning.errors import InvalidInput, Missing, ServiceFailed
from store import Store

E164 = re.compile(r"\+[1-9][0-9]{7,14}")
_SEPARATORS = re.compile(r"[\s().\-]")


@dataclass(frozen=True)
class CallHandling:
    """Plain sentences for a card, plus the one value the bot acts on."""

    voicemail: str
    forwarding: str
    also_ring: str | None  # the number or person simultaneous ring reaches, when on


def describe(settings: CallingSettings) -> CallHandling:
    """Pure: what Teams does with the person's calls, in words."""
    target = settings.forwarding_target or settings.forwarding_target_type or "someone"
    if not settings.is_forwarding_enabled:
        forwarding = "off"
    elif settings.forwarding_type == "Simultaneous":
        forwarding = f"off (your calls also ring {target})"
    elif settings.forwarding_target_type == "Voicemail":
        forwarding = "all calls go straight to voicemail"
    else:
        forwarding = f"all calls forwarded to {target}"
    delay = (settings.unanswered_delay or "").removeprefix("00:").removeprefix("00:")
    if not settings.is_unanswered_enabled:
        voicemail = "off (unanswered calls keep ringing)"
    elif settings.unanswered_target_type == "Voicemail":
        voicemail = f"on: unanswered calls go to voicemail after {delay or '20'} s"
    else:
        voicemail = f"off: unanswered calls go to {settings.unanswered_target or 'another target'}"
    return CallHandling(voicemail, forwarding, settings.simultaneous_ring)


def parse_phone_number(text: str, *, default_country: str = "1") -> str:
    """`(561) 555-0134`, `561.555.0134`, `+1 561 555 0134` → `+15615550134`; InvalidInput otherwise."""
    digits = _SEPARATORS.sub("", text.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if not digits.startswith("+"):
        if len(digits) == 10 and default_country == "1":
            digits = "+1" + digits
        elif len(digits) == 11 and digits.startswith("1"):
            digits = "+" + digits
    if not E164.fullmatch(digits):
        raise InvalidInput(f"{text.strip()[:40]!r} is not a phone number (e.g. +1 561 555 0134)")
    return digits


async def _read(admin: TeamsAdmin, user_id: str) -> CallingSettings:
    try:
        return await admin.calling_settings.get(user_id)
    except TeamsAdminError as exc:
        if exc.status == 404:
            raise Missing("Teams does not know your account yet") from exc
        raise ServiceFailed(f"could not read your call settings: {exc}") from exc


async def call_handling(admin: TeamsAdmin, user_id: str) -> CallHandling:
    return describe(await _read(admin, user_id))


async def ring_also(
    admin: TeamsAdmin, store: Store, *, user_id: str, upn: str, number: str, actor: str
) -> CallHandling:
    """Simultaneous ring to `number` (normalised to E.164); a no-op when it already rings there."""
    target = parse_phone_number(number)
    before = await _read(admin, user_id)
    if before.simultaneous_ring == target:
        return describe(before)
    try:
        await admin.calling_settings.ring_also(user_id, target)
    except Validation as exc:
        raise InvalidInput(f"Teams refused {target}: {exc}") from exc
    except UnknownOutcome:
        pass  # re-read below decides
    except TeamsAdminError as exc:
        raise ServiceFailed(f"could not change your call settings: {exc}") from exc
    return await _audited(admin, store, user_id, upn, actor, "calling.ring_also", before, target)


async def stop_ring_also(
    admin: TeamsAdmin, store: Store, *, user_id: str, upn: str, actor: str
) -> CallHandling:
    """Turn simultaneous ring off; anything else (an immediate forward) is left as it is."""
    before = await _read(admin, user_id)
    if before.simultaneous_ring is None:
        return describe(before)
    try:
        await admin.calling_settings.forwarding_off(user_id)
    except UnknownOutcome:
        pass
    except TeamsAdminError as exc:
        raise ServiceFailed(f"could not change your call settings: {exc}") from exc
    return await _audited(admin, store, user_id, upn, actor, "calling.stop_ring_also", before, None)


async def _audited(
    admin: TeamsAdmin,
    store: Store,
    user_id: str,
    upn: str,
    actor: str,
    action: str,
    before: CallingSettings,
    wanted: str | None,
) -> CallHandling:
    """Confirm the write by reading back (also how an unknown outcome is settled), then audit it."""
    after = await _read(admin, user_id)
    ok = after.simultaneous_ring == wanted
    await store.audit.append(
        actor=actor,
        action=action,
        target=upn,
        before=_forwarding(before),
        after=_forwarding(after),
        result="ok" if ok else "failed",
    )
    if not ok:
        raise ServiceFailed("Teams did not take the change; try again in a minute")
    return describe(after)


def _forwarding(settings: CallingSettings) -> dict[str, object]:
    return {
        "IsForwardingEnabled": settings.is_forwarding_enabled,
        "ForwardingType": settings.forwarding_type,
        "ForwardingTargetType": settings.forwarding_target_type,
        "ForwardingTarget": settings.forwarding_target,
    }
