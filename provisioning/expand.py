"""Selectors (everyone in a department or group) become explicit phone users; listed users win."""

from __future__ import annotations

from provisioning.current import CurrentState
from provisioning.model import PhoneSystem, PhoneUser


def expand(desired: PhoneSystem, current: CurrentState) -> list[PhoneUser]:
    explicit = {u.upn: u for u in desired.users}
    chosen: dict[str, PhoneUser] = {}
    for selector in desired.select:
        if selector.department is not None:
            wanted = selector.department.casefold()
            upns = [upn for upn, u in current.users.items() if (u.department or "").casefold() == wanted]
        else:
            upns = list(current.groups.get(selector.group or "", []))
        for upn in sorted(upns):
            chosen.setdefault(
                upn,
                PhoneUser(
                    upn=upn, number="auto", pool=selector.pool, emergency_location=selector.emergency_location
                ),
            )
    chosen.update(explicit)
    return [chosen[upn] for upn in sorted(chosen)]
