"""A real Microsoft client, admin side: Agents Playground (as a member of the county's admin group, mapped
by aadObjectId) asks `switchboard bot serve` on the sandbox for the pop-up form and opens the Fire Services
Fee line from the card (Action.Execute); the card answers "working on it" at once (the budget is 0 here, so
the slow path is the one taken), the result arrives in the chat through the Playground's connector, the
sandbox's Teams side then has the queue, and the store's audit names the Teams identity."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from store import Store
from tests.bot.playground import Person, Playground, buttons, card, require_playground, start_e2e
from tests.conftest import SandboxFactory

ADMIN_GROUP = "Teams Phone Admins"
SETTINGS = {"SWITCHBOARD_BOT_ADMIN_GROUP": ADMIN_GROUP, "SWITCHBOARD_BOT_INVOKE_BUDGET_S": "0"}


async def posted(pg: Playground, timeout_s: float = 120.0) -> dict[str, Any]:
    """The next activity the bot sent into the chat on its own (read from the Playground's log)."""
    async with asyncio.timeout(timeout_s):
        while True:
            item = await pg.log.get()
            if item.get("from") == "User Application":
                body: dict[str, Any] = item["request"]["body"]
                return body


async def test_admin_opens_a_popup_line_from_its_card_in_the_playground(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    require_playground()
    today = dt.datetime.now(ZoneInfo("America/New_York")).date()  # the bot's clock is the real one
    sb = await sandbox_factory("county", today=today)
    (group,) = [g for g in sb.state.groups.values() if g.displayName == ADMIN_GROUP]
    admin = sb.state.users[group.memberIds[0]]
    person = Person(admin.id, admin.displayName, admin.userPrincipalName)
    database = f"sqlite:///{tmp_path}/bot.db"
    until = today + dt.timedelta(days=30)

    async with start_e2e(sb, person, database, tmp_path, env=SETTINGS) as e2e:
        pg = e2e.playground
        (reply,) = await pg.send("open a pop-up line")
        form = card(reply)
        (open_button,) = [b for b in buttons(form) if b["verb"] == "popup_open"]
        answer = await pg.press(
            reply,
            open_button,
            name="Fire Services Fee",
            agents="group:Fire Fee Line Agents",
            number="auto",
            until=until.isoformat(),
        )
        assert answer["type"] == "application/vnd.microsoft.card.adaptive"  # the card replaces the form
        assert answer["value"]["body"][0]["text"] == "Working on it: Fire Services Fee"
        opened = card(await posted(pg))

    assert opened["body"][0]["text"] == "Opened Fire Services Fee", opened["fallbackText"]
    assert f"until {until:%b %d, %Y}" in opened["fallbackText"]
    assert "Fire Services Fee" in [q["Name"] for q in sb.state.teams.callQueues.values()]
    store = await Store.open(database)
    try:
        (event,) = [e for e in await store.audit.list() if e.action == "bot.popup.open"]
    finally:
        await store.close()
    assert event.result == "done"
    assert event.actor == f"{admin.userPrincipalName} (aad {admin.id})"
