"""Local mode (no app id, for the Agents Playground): unsigned turns are answered, tokens are refused, and
nothing is ever sent to a service URL beyond this machine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot import BotConfig, create_app
from tests.bot.conftest import FixedServices, start_bot


@pytest.fixture
async def playground() -> AsyncIterator[tuple[str, list[dict[str, Any]], str]]:
    """A Playground-like mock connector (it takes no token) and a local-mode bot."""
    received: list[dict[str, Any]] = []

    async def reply(request: web.Request) -> web.Response:
        assert "Authorization" not in request.headers
        received.append(await request.json())
        return web.json_response({"id": "m2"}, status=201)

    connector = web.Application()
    connector.router.add_post("/_connector/v3/conversations/{c}/activities/{a}", reply)
    connector_runner, connector_url = await start_bot(connector)
    bot_runner, bot_url = await start_bot(create_app(BotConfig(app_id=None), FixedServices()))
    yield bot_url, received, f"{connector_url}/_connector/"
    await bot_runner.cleanup()
    await connector_runner.cleanup()


def activity(service_url: str) -> dict[str, Any]:
    return {
        "type": "message",
        "id": "m1",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": {"id": "29:p", "aadObjectId": "aad-p"},
        "recipient": {"id": "28:bot"},
        "conversation": {"id": "personal"},
        "text": "help",
    }


async def test_unsigned_turn_is_answered(playground: tuple[str, list[dict[str, Any]], str]) -> None:
    bot_url, received, service_url = playground
    async with aiohttp.ClientSession() as session:
        async with session.post(f"{bot_url}/api/messages", json=activity(service_url)) as response:
            assert response.status == 201
    assert len(received) == 1
    assert received[0]["replyToId"] == "m1"


async def test_a_token_is_refused_in_local_mode(playground: tuple[str, list[dict[str, Any]], str]) -> None:
    bot_url, received, service_url = playground
    async with aiohttp.ClientSession() as session:
        headers = {"Authorization": "Bearer eyJhbGciOiJub25lIn0.e30."}
        async with session.post(f"{bot_url}/api/messages", json=activity(service_url), headers=headers) as r:
            assert r.status == 401
    assert received == []


async def test_no_anonymous_reply_to_a_remote_service_url(
    playground: tuple[str, list[dict[str, Any]], str],
) -> None:
    bot_url, received, _ = playground
    async with aiohttp.ClientSession() as session:
        body = activity("https://smba.trafficmanager.net/amer/")
        async with session.post(f"{bot_url}/api/messages", json=body) as response:
            assert response.status == 201  # the turn ran; its reply was refused before leaving the machine
    assert received == []
