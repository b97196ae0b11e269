"""What the four resource-account kinds (the account, its licence, its number, its association) share:
which accounts the plan wants, where each is written in the file, and which current accounts prune
retires.

Retiring an RA is one object key, ("resource_account", upn), for all four kinds: a pop-up line that
closes, or `prune`, retires the account as a whole (association removed, number back to its pool,
licence released). The disabled Entra account itself is left in place: resource accounts are deleted
through Entra (voice-apps.md §3.1), and Switchboard deletes no directory accounts; the plan says so.
"""

from __future__ import annotations

from collections.abc import Iterator

from provisioning.current import CurrentState
from provisioning.resources.base import Wanted
from provisioning.voiceapps.model import ResourceAccount

KIND_KEY = "resource_account"
PARTS = ("ra_licence", "ra_number", "association")  # kinds whose removals retire the account KIND_KEY
RA_SKU_PART = "PHONESYSTEM_VIRTUALUSER"
RETIRED = "the disabled account stays in Entra (delete it there when you are sure)"
APP_LABEL = {"call_queue": "call queue", "auto_attendant": "auto attendant", "other": "app"}


def wanted_accounts(wanted: Wanted) -> Iterator[tuple[int, str, ResourceAccount]]:
    """(index, `file:line: resource_accounts[i]`, account) for every account wanted, in file order."""
    if wanted.voice is None:
        return
    for index, account in enumerate(wanted.voice.resource_accounts):
        yield index, f"{wanted.where('resource_accounts', index)}: resource_accounts[{index}]", account


def current_account(current: CurrentState, upn: str) -> ResourceAccount | None:
    if current.voice is None:
        return None
    key = upn.casefold()
    return next((ra for ra in current.voice.resource_accounts if ra.upn.casefold() == key), None)


def retiring(wanted: Wanted, current: CurrentState) -> list[ResourceAccount]:
    """Current accounts the plan does not want and prune may retire, sorted by UPN."""
    if wanted.voice is None or current.voice is None:
        return []
    keep = {ra.upn.casefold() for ra in wanted.voice.resource_accounts}
    return sorted(
        (
            ra
            for ra in current.voice.resource_accounts
            if ra.upn.casefold() not in keep and wanted.may_remove((KIND_KEY, ra.upn.lower()))
        ),
        key=lambda ra: ra.upn.casefold(),
    )


def covers_voice(wanted: Wanted, current: CurrentState) -> bool:
    """Voice kinds plan only when the file has voice-app sections and the tenant's voice apps were read."""
    return wanted.voice is not None and current.voice is not None
