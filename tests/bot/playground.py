"""End-to-end harness: a sandbox, `switchboard bot serve` (local mode, a subprocess) and Microsoft 365 Agents
Playground (npm, `make tools`), with the Playground's user mapped to a sandbox employee by aadObjectId.

Reusable: `e2e_factory` starts the three for a chosen person; `Playground.send` posts a message and returns
the activities the bot sent in that turn (read from the Playground's own log stream, the way its web UI
does); `press` sends a card's Action.Execute (→ the bot's invoke response) and `submit` an Action.Submit.
The Playground is absent → a visible skip, or a failure under CI=true (see bot.md §8 for its HTTP API).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import socket
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from sandbox.server import RunningSandbox

ROOT = Path(__file__).resolve().parents[2]
PLAYGROUND = ROOT / "tools" / "agents-playground" / "node_modules" / ".bin" / "agentsplayground"
BOT_ID = "00000000-0000-0000-0000-00000000b011"
USER_ID = "user-id-0"  # the Playground's id for its current user (the bot sees aadObjectId too)
CHAT_ID = "personal-chat-e2e"
CARD = "application/vnd.microsoft.card.adaptive"
TURN_S = 30.0


def require_playground() -> Path:
    """The Playground's CLI, or skip (fail under CI=true: the pipeline must have installed it)."""
    if PLAYGROUND.exists() and shutil.which("node"):
        return PLAYGROUND
    message = "Microsoft 365 Agents Playground is not installed (run `make tools`: npm ci in tools/agents-playground)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Person:
    aad_object_id: str
    name: str
    upn: str


def playground_config(tenant_id: str, person: Person) -> dict[str, Any]:
    """Its identity file (bot.md §8): the current user is the sandbox employee; 5 other users are required."""
    given, _, surname = person.name.partition(" ")
    others = [
        {
            "id": f"user-id-{n}",
            "name": f"Colleague {n}",
            "userPrincipleName": f"colleague{n}@example.com",  # sic: the Playground's spelling
            "aadObjectId": f"00000000-0000-0000-0000-0000000000{20 + n}",
            "givenName": "Colleague",
            "surname": str(n),
            "email": f"colleague{n}@example.com",
        }
        for n in range(1, 6)
    ]
    return {
        "version": "0.1.1",
        "tenantId": tenant_id,
        "bot": {"id": BOT_ID, "name": "Switchboard"},
        "currentUser": {
            "id": USER_ID,
            "name": person.name,
            "userPrincipleName": person.upn,
            "aadObjectId": person.aad_object_id,
            "givenName": given,
            "surname": surname,
            "email": person.upn,
        },
        "users": others,
        "personalChat": {"id": CHAT_ID},
        "groupChat": {"id": "group-chat-e2e", "name": "Group chat"},
        "team": {
            "id": "team-e2e",
            "name": "County IT",
            "aadGroupId": "00000000-0000-0000-0000-000000000031",
            "channels": [{"id": "channel-e2e", "name": "General"}],
        },
    }


@dataclass
class Playground:
    url: str
    session: aiohttp.ClientSession
    log: asyncio.Queue[dict[str, Any]] = field(default_factory=asyncio.Queue)

    async def _turn(self, start: Awaitable[aiohttp.ClientResponse]) -> list[dict[str, Any]]:
        """What the bot sent until the Playground logs the answer to its own request (the turn's end)."""
        async with await start as response:
            assert response.status == 200, await response.text()
        sent: list[dict[str, Any]] = []
        while True:
            item = await asyncio.wait_for(self.log.get(), TURN_S)
            if item.get("from") == "User Application":
                sent.append({**item["request"]["body"], "id": item.get("messageId")})
            elif item.get("from") == "Microsoft 365 Agents Playground" and "response" in item:
                status = item["response"].get("statusCode")
                assert status in (200, 201), f"the bot answered {status}"
                return sent

    async def send(self, text: str) -> list[dict[str, Any]]:
        body = {"from": {"id": USER_ID}, "text": text, "textFormat": "plain"}
        return await self._turn(
            self.session.post(f"{self.url}/_conversation/v1/conversations/{CHAT_ID}/messages", json=body)
        )

    async def press(
        self, card_message: dict[str, Any], action: dict[str, Any], **inputs: Any
    ) -> dict[str, Any]:
        """Action.Execute as Teams sends it: the action's data with the card's inputs merged in."""
        value = {
            "action": {
                "type": "Action.Execute",
                "verb": action["verb"],
                "data": {**action["data"], **inputs},
            },
            "trigger": "manual",
        }
        body = {
            "name": "adaptiveCard/action",
            "conversation": {"id": CHAT_ID},
            "from": {"id": USER_ID},
            "replyToId": card_message["id"],
            "value": value,
        }
        async with self.session.post(f"{self.url}/_conversation/v1/invoke", json=body) as response:
            assert response.status == 200, await response.text()
            answer: dict[str, Any] = await response.json()
        with contextlib.suppress(asyncio.TimeoutError):  # drain the invoke's own log items
            while True:
                await asyncio.wait_for(self.log.get(), 0.3)
        return answer

    async def submit(self, card_message: dict[str, Any], data: dict[str, Any]) -> list[dict[str, Any]]:
        body = {
            "conversation": {"id": CHAT_ID},
            "from": {"id": USER_ID},
            "replyToId": card_message["id"],
            "value": data,
        }
        return await self._turn(self.session.post(f"{self.url}/_conversation/v1/submit", json=body))


def card(activity: dict[str, Any]) -> dict[str, Any]:
    (attachment,) = activity["attachments"]
    assert attachment["contentType"] == CARD
    content: dict[str, Any] = attachment["content"]
    return content


def buttons(card_json: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Execute on a card, top-level and in ActionSets."""
    inner = [a for b in card_json["body"] if b.get("type") == "ActionSet" for a in b["actions"]]
    return [*inner, *card_json.get("actions", [])]


async def _wait_http(url: str, session: aiohttp.ClientSession, process: asyncio.subprocess.Process) -> None:
    for _ in range(300):
        if process.returncode is not None:
            raise RuntimeError(f"{url}: the process exited with {process.returncode}")
        with contextlib.suppress(aiohttp.ClientError):
            async with session.get(url) as response:
                if response.status == 200:
                    return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{url} did not answer in 30 s")


@contextlib.asynccontextmanager
async def _process(*argv: str, env: dict[str, str], log: Path) -> AsyncIterator[asyncio.subprocess.Process]:
    """Run in the test's folder: the Playground writes devTools/m365agentsplayground.log into its cwd."""
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            *argv, env=env, stdout=out, stderr=out, start_new_session=True, cwd=log.parent
        )
        try:
            yield process
        finally:
            if process.returncode is None:
                process.terminate()
                try:
                    await asyncio.wait_for(process.wait(), 10)
                except TimeoutError:
                    process.kill()
                    await process.wait()


@dataclass
class E2E:
    sandbox: RunningSandbox
    playground: Playground
    bot_url: str
    bot_log: Path


E2EFactory = Callable[[RunningSandbox, Person, str], "contextlib.AbstractAsyncContextManager[E2E]"]


@contextlib.asynccontextmanager
async def start_e2e(
    sandbox: RunningSandbox,
    person: Person,
    database_url: str,
    folder: Path,
    env: dict[str, str] | None = None,
) -> AsyncIterator[E2E]:
    """Bot (local mode, on the sandbox) and Playground (as `person`), both stopped on exit; `env` adds
    bot settings (e.g. SWITCHBOARD_BOT_ADMIN_GROUP)."""
    cli = require_playground()
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_", "DATABASE_URL"))
    }
    bot_port, pg_port = free_port(), free_port()
    bot_env = {**base, "SWITCHBOARD_GRAPH_URL": sandbox.base_url, "DATABASE_URL": database_url, **(env or {})}
    config = folder / "playground.json"
    config.write_text(json.dumps(playground_config(sandbox.state.tenantId, person)))
    pg_env = {**base, "M365_AGENTS_PLAYGROUND_CONFIG_PATH": str(config), "TEAMSAPPTESTER_BROWSER": "none"}
    bot_argv = (sys.executable, "-m", "cli", "bot", "serve", "--port", str(bot_port))
    endpoint = f"http://127.0.0.1:{bot_port}/api/messages"
    pg_argv = ("node", str(cli), "-e", endpoint, "-c", "msteams", "--dt", "-p", str(pg_port))
    async with (
        aiohttp.ClientSession() as session,
        _process(*bot_argv, env=bot_env, log=folder / "bot.log") as bot,
        _process(*pg_argv, env=pg_env, log=folder / "playground.log") as pg,
    ):
        await _wait_http(f"http://127.0.0.1:{bot_port}/healthz", session, bot)
        pg_url = f"http://127.0.0.1:{pg_port}"
        await _wait_http(f"{pg_url}/_debug/ping", session, pg)
        playground = Playground(pg_url, session)
        ws = await session.ws_connect(f"{pg_url}/_ws/log/stream")

        async def read() -> None:
            async for message in ws:
                item = json.loads(message.data)
                if item.get("logAction") == "appendLog":
                    await playground.log.put(item["log"])

        reader = asyncio.create_task(read())
        try:
            yield E2E(sandbox, playground, f"http://127.0.0.1:{bot_port}", folder / "bot.log")
        finally:
            reader.cancel()
            await ws.close()
