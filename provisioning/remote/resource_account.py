"""Resource accounts on the wire: New-CsOnlineApplicationInstance, then Get-CsOnlineUser until Teams sees
the account (a real tenant takes minutes; Microsoft's bulk tool polls 10 × 30 s, voice-apps.md §3.5)."""

from __future__ import annotations

import asyncio

from graph.teams_admin import Call, Ref, Script
from provisioning.plan import Action, Step
from provisioning.remote.base import RemoteKind, Submitted, Wire, WriteFailed, teams_outcomes, variable
from provisioning.remote.voice_ids import voice_ids
from provisioning.resources.resource_account import NAME
from provisioning.voiceapps.from_wire import AA_APPLICATION_ID, CQ_APPLICATION_ID

VISIBLE_WITHIN_S = 600.0
FIRST_POLL_S, LAST_POLL_S = 1.0, 30.0
TEAMS_KIND = {"call_queue": "CallQueue", "auto_attendant": "AutoAttendant"}
APP_IDS = {"call_queue": CQ_APPLICATION_ID, "auto_attendant": AA_APPLICATION_ID}


async def wait_visible(wire: Wire, action: Action, identity: str, within_s: float = VISIBLE_WITHIN_S) -> None:
    """Poll with a growing interval (1 s … 30 s) until Teams resolves the account, or give up at the
    deadline: its number and association are Teams writes that fail before then."""
    teams = voice_ids(wire).teams
    wire.progress(action, f"waiting for Teams to see the account (up to {within_s:.0f} s)")
    loop = asyncio.get_running_loop()
    deadline, interval = loop.time() + within_s, FIRST_POLL_S
    while not await teams.resource_accounts.visible_to_teams(identity):
        if loop.time() >= deadline:
            raise WriteFailed(
                f"{action.subject} was created, but Teams does not see it after {within_s:.0f} s "
                "(directory sync); re-run later to continue",
                code="NotVisibleYet",
            )
        await teams.client.sleep(interval)
        interval = min(LAST_POLL_S, interval * 2)


async def apply(wire: Wire, action: Action, submitted: Submitted) -> None:
    teams = voice_ids(wire).teams
    after = action.after
    account = await teams.resource_accounts.find(after.upn)  # a re-run: created before, never twice
    if account is None:
        account = await teams.resource_accounts.create(after.upn, after.display_name, TEAMS_KIND[after.kind])
    await wait_visible(wire, action, account.object_id)


async def observe(wire: Wire, step: Step, target_id: str | None) -> bool | None:
    """Created and seen by Teams: True; not created: False; created but Teams does not see it yet: None."""
    teams = voice_ids(wire).teams
    account = await teams.resource_accounts.find(step.subject)
    if account is None:
        return False
    return True if await teams.resource_accounts.visible_to_teams(account.object_id) else None


def script(action: Action) -> Script:
    after = action.after
    params = {
        "UserPrincipalName": after.upn,
        "DisplayName": after.display_name,
        "ApplicationId": APP_IDS[after.kind],
    }
    ra = variable("ra", after.upn)
    return Script(
        [
            Call("New-CsOnlineApplicationInstance", params, result=ra),
            Call("Get-CsOnlineUser", {"Identity": Ref(ra, "ObjectId")}),  # repeated until Teams sees it
        ]
    )


REMOTE = RemoteKind(NAME, apply, observe, outcomes=teams_outcomes, script=script)
