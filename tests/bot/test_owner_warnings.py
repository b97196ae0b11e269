"""Owner warnings from the scheduler: each to its owner's 1:1 chat as a card, once a day however often
the replicas tick; an owner the bot cannot reach is said once, and after a failed send only what did not
go is sent again."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.connector import Connector
from bot.proactive import Proactive
from bot.scheduler import Scheduler, owner_warnings_job
from provisioning import OwnerWarning
from sandbox.botframework import RECORDS, service_url
from tests.bot.conftest import APP_ID, config_for
from tests.bot.delivery_rig import Rig, activity, snapshot

NOW = dt.datetime(2026, 11, 2, 14, tzinfo=dt.UTC)  # 09:00 in New York
NY = "America/New_York"


def people(rig: Rig, n: int) -> list[Any]:
    return [u for u in rig.sandbox.state.users.values() if u.accountType == "user"][:n]


def warning(who: Any, line: str) -> OwnerWarning:
    return OwnerWarning(
        who.userPrincipalName,
        f"Pop-up line {line} expires in 3 days",
        "Extend it in phone-system.yaml or let it lapse; its number returns to the pool.",
        (("Line", line), ("Expires", "Thu 5 Nov 2026")),
    )


def dead_url() -> str:
    """A service URL nobody answers on (a region the bot's stored reference no longer matches)."""
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/botframework/connector/amer/"


@pytest.fixture
async def connector(delivery_rig: Rig) -> AsyncIterator[Connector]:
    config = config_for(delivery_rig.sandbox, send_attempts=2)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        yield Connector(config, session)


async def test_each_warning_reaches_its_owner_once_and_a_failed_one_is_sent_again(
    delivery_rig: Rig, connector: Connector
) -> None:
    rig = delivery_rig
    ann, bo, cy = people(rig, 3)
    await snapshot(rig, ann, bo, cy)
    broken = dead_url()
    for who, url in ((ann, service_url(rig.sandbox.root_url)), (bo, broken)):  # cy never installed it
        install = activity(
            rig.sandbox, who, type="installationUpdate", action="add", text=None, serviceUrl=url
        )
        assert await rig.post(install) == 201
    rig.sandbox.app[RECORDS].clear()
    warnings = [warning(ann, "Flu clinic"), warning(bo, "Storm hotline"), warning(cy, "Voter help")]

    async def source() -> list[OwnerWarning]:
        return warnings

    proactive = Proactive(connector, rig.store, APP_ID)
    job = owner_warnings_job(rig.store, proactive, source, hour=7, tz=NY)
    scheduler = Scheduler(rig.store, [job], clock=lambda: NOW)
    assert await scheduler.tick() == []  # bo's chat did not answer: the run is not done
    (first,) = rig.sandbox.app[RECORDS].sent
    assert first.conversation_id == f"a:personal-{ann.id}"
    assert first.body is not None
    card = first.body["attachments"][0]["content"]
    assert card["body"][0]["text"] == "Pop-up line Flu clinic expires in 3 days"
    assert {"title": "Line", "value": "Flu clinic"} in card["body"][2]["facts"]
    assert "Extend it in phone-system.yaml" in card["fallbackText"]
    # bo writes again from the region Teams now uses: the reference is refreshed, the next tick sends.
    assert await rig.post(activity(rig.sandbox, bo)) == 201
    rig.sandbox.app[RECORDS].clear()
    assert await scheduler.tick() == ["owner-warnings"]
    assert [r.conversation_id for r in rig.sandbox.app[RECORDS].sent] == [f"a:personal-{bo.id}"]
    assert await scheduler.tick() == []  # the day's warnings are done
    assert len(rig.sandbox.app[RECORDS].sent) == 1


async def test_nothing_is_sent_before_the_hour(delivery_rig: Rig, connector: Connector) -> None:
    calls: list[int] = []

    async def source() -> list[OwnerWarning]:
        calls.append(1)
        return []

    early = dt.datetime(2026, 11, 2, 11, tzinfo=dt.UTC)  # 06:00 in New York
    job = owner_warnings_job(
        delivery_rig.store, Proactive(connector, delivery_rig.store, APP_ID), source, hour=7, tz=NY
    )
    assert await Scheduler(delivery_rig.store, [job], clock=lambda: early).tick() == []
    assert calls == []
    assert await Scheduler(delivery_rig.store, [job], clock=lambda: NOW).tick() == ["owner-warnings"]
    assert calls == [1]
