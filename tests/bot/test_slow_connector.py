"""A connector slow to take a reply (429 with Retry-After) must not hold the turn past `reply_wait_s`:
the channel gets its answer in time (Teams re-sends an activity after 15 s) and the reply still arrives."""

from __future__ import annotations

import asyncio
import time

import aiohttp

from bot import create_app
from sandbox.botframework import RECORDS
from sandbox.config import parse_faults
from sandbox.faults import FaultDice
from sandbox.middleware import DICE
from tests.bot.conftest import BotRig, FixedServices, config_for, start_bot
from tests.conftest import SandboxFactory


async def test_a_throttled_reply_finishes_after_the_turn(sandbox_factory: SandboxFactory) -> None:
    sandbox = await sandbox_factory("county")
    runner, url = await start_bot(create_app(config_for(sandbox, reply_wait_s=0.3), FixedServices()))
    try:
        async with aiohttp.ClientSession() as session:
            rig = BotRig(sandbox, url, FixedServices(), session)
            await rig.post(rig.activity("help"))  # warm: keys and the outbound token
            sandbox.app[DICE] = FaultDice(parse_faults("connector:429@1.0"), seed=1)
            before = len(sandbox.app[RECORDS].sent)
            start = time.perf_counter()
            response = await rig.post(rig.activity("help"))
            answered = time.perf_counter() - start
            assert response.status == 201
            assert answered < 0.9  # the sandbox asked for 1 s: the turn did not wait for it
            assert len(sandbox.app[RECORDS].sent) == before  # … and the reply had not gone through yet
            sandbox.app[DICE] = FaultDice(parse_faults("connector:429@0.0"), seed=1)
            for _ in range(50):
                if len(sandbox.app[RECORDS].sent) > before:
                    break
                await asyncio.sleep(0.1)
            assert len(sandbox.app[RECORDS].sent) == before + 1  # the late reply arrived, once
            statuses = [e.status for e in sandbox.requests.entries if e.group == "connector"]
            assert 429 in statuses
    finally:
        await runner.cleanup()
