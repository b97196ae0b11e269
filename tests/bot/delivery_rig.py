"""A bot with delivery (references, proactive sends, jobs) on a county sandbox and a store: the activities
that install it, and the person they come from."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from bot import Delivery, create_app
from sandbox.botframework import ISSUER, service_url
from sandbox.server import RunningSandbox
from store import Store
from tests.bot.conftest import APP_ID, FixedServices, config_for, start_bot
from tests.conftest import SandboxFactory

TEAM = "19:team-general@thread.tacv2"
GROUP = "8d5c1c39-0a4e-4c8c-9a3b-5f2f4b1c0e11"
REPORTS_CHANNEL = "19:usage-reports@thread.tacv2"


@dataclass
class Rig:
    sandbox: RunningSandbox
    store: Store
    url: str
    session: aiohttp.ClientSession

    async def post(self, body: dict[str, Any]) -> int:
        token = self.sandbox.app[ISSUER].sign(app_id=APP_ID, service_url=body["serviceUrl"])
        headers = {"Authorization": f"Bearer {token}"}
        async with self.session.post(f"{self.url}/api/messages", json=body, headers=headers) as response:
            await response.read()
            return response.status


def person(sb: RunningSandbox) -> Any:
    return next(u for u in sb.state.users.values() if u.accountType == "user" and u.userPrincipalName)


def activity(sb: RunningSandbox, who: Any, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": "message",
        "id": f"1:{uuid.uuid4()}",
        "channelId": "msteams",
        "serviceUrl": service_url(sb.root_url),
        "from": {"id": f"29:{who.id}", "aadObjectId": who.id, "name": who.displayName},
        "recipient": {"id": f"28:{APP_ID}", "name": "Switchboard"},
        "conversation": {
            "id": f"a:personal-{who.id}",
            "conversationType": "personal",
            "tenantId": sb.state.tenantId,
        },
        "channelData": {"tenant": {"id": sb.state.tenantId}},
        "text": "help",
    }
    body.update(changes)
    return body


def in_team(sb: RunningSandbox, who: Any, conversation_id: str = TEAM, **changes: Any) -> dict[str, Any]:
    return activity(
        sb,
        who,
        conversation={"id": conversation_id, "conversationType": "channel", "isGroup": True},
        channelData={
            "tenant": {"id": sb.state.tenantId},
            "team": {"id": TEAM, "aadGroupId": GROUP, "name": "County IT"},
            "channel": {"id": conversation_id.split(";")[0]},
        },
        **changes,
    )


@pytest.fixture
async def delivery_rig(sandbox_factory: SandboxFactory, tmp_path: Path) -> AsyncIterator[Rig]:
    sandbox = await sandbox_factory("county")
    store = await Store.open(f"sqlite:///{tmp_path / 'bot.db'}")
    # Two attempts per send: a test that points a reference at a dead URL fails fast.
    app = create_app(config_for(sandbox, send_attempts=2), FixedServices(), Delivery(store))
    runner, url = await start_bot(app)
    try:
        async with aiohttp.ClientSession() as session:
            yield Rig(sandbox, store, url, session)
    finally:
        await runner.cleanup()
        await store.close()


async def snapshot(rig: Rig, *who: Any) -> None:
    """The directory snapshot a sync writes: the only place the bot learns a UPN it was never told."""
    await rig.store.directory.replace_users(
        [
            {
                "id": w.id,
                "user_principal_name": w.userPrincipalName,
                "display_name": w.displayName,
                "department": w.department,
                "office_location": None,
                "city": None,
                "has_teams_phone": True,
                "account_type": "user",
            }
            for w in who
        ]
    )
