"""Signing-key refresh: daily, and on an unknown kid at most every few minutes (key rollover)."""

from __future__ import annotations

import aiohttp

from bot.keys import ChannelKeys
from sandbox.botframework import ISSUER
from sandbox.botframework.issuer import _private_key
from sandbox.server import RunningSandbox
from tests.conftest import SandboxFactory


async def test_rollover_and_refresh_limits(sandbox_factory: SandboxFactory) -> None:
    sandbox: RunningSandbox = await sandbox_factory("empty")
    now = [1000.0]
    url = f"{sandbox.root_url}/botframework/v1/.well-known/openidconfiguration"
    async with aiohttp.ClientSession() as session:
        keys = ChannelKeys(url, session, min_refresh_s=300, clock=lambda: now[0])
        assert await keys.get("sandbox-msteams") is not None
        issuer = sandbox.app[ISSUER]
        issuer.keys["rolled"] = _private_key()
        issuer.endorsements["rolled"] = ["msteams"]
        now[0] += 60
        assert await keys.get("rolled") is None  # too soon to refetch for a stranger's kid
        now[0] += 300
        assert (await keys.get("rolled") or {}).get("endorsements") == ["msteams"]
    # the first load and the one rollover refresh; not the early retry at +60 s
    assert sandbox.requests.count("GET", "/botframework/v1/keys") == 2


async def test_concurrent_first_requests_fetch_the_keys_once(sandbox_factory: SandboxFactory) -> None:
    import asyncio

    sandbox: RunningSandbox = await sandbox_factory("empty")
    url = f"{sandbox.root_url}/botframework/v1/.well-known/openidconfiguration"
    async with aiohttp.ClientSession() as session:
        keys = ChannelKeys(url, session)
        found = await asyncio.gather(*(keys.get("sandbox-msteams") for _ in range(50)))
    assert all(jwk is not None for jwk in found)
    assert sandbox.requests.count("GET", "/botframework/v1/keys") == 1
