"""The weekly report from inside the bot: two bot replicas on one database (SQLite and PostgreSQL) tick
at the same time; the store's lock and the recorded run let exactly one post reach the channel. The
card's figures are worked out here from the seed's call logs; its chart and file links are fetched."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
from aiohttp import web

from bot import SCHEDULER, Delivery, create_app
from graph import GraphConfig, open_graph
from reports import TeamsChannel
from sandbox.botframework import ISSUER, RECORDS
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox
from store import Store
from tests.bot.conftest import APP_ID, FixedServices, config_for
from tests.bot.delivery_rig import GROUP, REPORTS_CHANNEL, in_team, person
from tests.conftest import SandboxFactory

# Monday 2 Nov 2026, 03:00 UTC, is Sunday 1 Nov, 22:00, in New York: "last week" is 19–25 Oct.
NOW = dt.datetime(2026, 11, 2, 3, tzinfo=dt.UTC)
NY = ZoneInfo("America/New_York")
UNPACED = SandboxConfig(operation_delay_s=0.05, calllog_limit=100_000)


def week_totals(sb: RunningSandbox, first: dt.date, last: dt.date) -> tuple[int, int]:
    """(calls, seconds) of PSTN and successful Direct Routing calls starting on those New York days."""
    rows: list[Any] = [*sb.state.pstnCalls, *(r for r in sb.state.directRoutingCalls if r.successfulCall)]
    inside = [r for r in rows if first <= r.startDateTime.astimezone(NY).date() <= last]
    return len(inside), sum(int(r.duration) for r in inside)


@asynccontextmanager
async def replica(
    sb: RunningSandbox, database_url: str, out: Path
) -> AsyncIterator[tuple[Store, str, web.Application]]:
    """One `bot serve` as a replica runs it: its own store connection, Graph client and port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    store = await Store.open(database_url)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(store.close)
        graph = await stack.enter_async_context(
            open_graph(GraphConfig(base_url=sb.base_url, calllog_requests_per_minute=100_000))
        )
        delivery = Delivery(
            store,
            graph,
            out_dir=out,
            tz="America/New_York",
            channel=TeamsChannel(GROUP, REPORTS_CHANNEL),
            public_url=url,
            interval_s=0.05,
            clock=lambda: NOW,
        )
        app = create_app(config_for(sb), FixedServices(), delivery)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        stack.push_async_callback(runner.cleanup)
        await web.SockSite(runner, listener).start()
        yield store, url, app


async def install_in_team(sb: RunningSandbox, url: str) -> None:
    who = person(sb)
    body = in_team(sb, who, type="conversationUpdate", text=None, membersAdded=[{"id": f"28:{APP_ID}"}])
    signed = sb.app[ISSUER].sign(app_id=APP_ID, service_url=body["serviceUrl"])
    async with aiohttp.ClientSession() as session:
        async with session.post(
            f"{url}/api/messages", json=body, headers={"Authorization": f"Bearer {signed}"}
        ) as response:
            assert response.status == 201


async def wait_for_run(store: Store, key: str, timeout_s: float = 120.0) -> None:
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await store.job_runs.done("weekly-report", key):
        assert asyncio.get_running_loop().time() < deadline, "the weekly report never ran"
        await asyncio.sleep(0.1)


async def tick(app: web.Application) -> list[str]:
    scheduler = app[SCHEDULER]
    assert scheduler is not None
    return await scheduler.tick()


def card_of(record: Any) -> dict[str, Any]:
    return dict(record.body["activity"]["attachments"][0]["content"])


def facts(card: dict[str, Any]) -> dict[str, str]:
    found = next(item for item in card["body"] if item["type"] == "FactSet")
    return {fact["title"]: fact["value"] for fact in found["facts"]}


async def test_two_replicas_post_the_weekly_report_once_with_its_figures_chart_and_files(
    sandbox_factory: SandboxFactory, database_url: str, tmp_path: Path
) -> None:
    sb = await sandbox_factory("county", config=UNPACED)
    seeding = await Store.open(database_url)
    # Synced through 11 Oct: the job's own sync brings in last week and the week before (its comparison).
    for source in ("pstn", "direct_routing"):
        await seeding.sync_state.set(source, dt.datetime(2026, 10, 11, tzinfo=dt.UTC))
    await seeding.close()
    out = tmp_path / "out"  # the folder both replicas share (Azure Files in a deployment)
    async with (
        replica(sb, database_url, out) as (store, url, first),
        replica(sb, database_url, out) as (_, _, second),
    ):
        await install_in_team(sb, url)
        await wait_for_run(store, "2026-10-19")
        # Both replicas tick again, to the end: the week is done, neither runs it a second time.
        assert await tick(first) == [] and await tick(second) == []
        posts = [r for r in sb.app[RECORDS].sent if r.operation == "create"]
        assert len(posts) == 1
        card = card_of(posts[0])
        chart = next(item["url"] for item in card["body"] if item["type"] == "Image")
        links = {action["title"]: action["url"] for action in card["actions"]}
        async with aiohttp.ClientSession() as session:
            async with session.get(chart) as response:
                assert response.status == 200 and response.content_type == "image/png"
                assert (await response.read()).startswith(b"\x89PNG\r\n\x1a\n")
            async with session.get(chart.replace("sig=", "sig=0")) as response:
                assert response.status == 403
            async with session.get(links["Open the report"]) as response:
                assert response.status == 200 and response.content_type == "text/html"
                assert "default-src 'none'" in response.headers["Content-Security-Policy"]
    assert posts[0].body is not None and posts[0].body["channelData"]["channel"]["id"] == REPORTS_CHANNEL
    calls, seconds = week_totals(sb, dt.date(2026, 10, 19), dt.date(2026, 10, 25))
    _, previous = week_totals(sb, dt.date(2026, 10, 12), dt.date(2026, 10, 18))
    minutes = seconds / 60
    assert minutes >= 10_000  # the seed's county talks enough for "k" figures
    shown = facts(card)
    assert shown["PSTN"] == f"{minutes / 1000:.0f} k min in {calls:,} calls"
    assert shown["vs previous 7 days"] == f"{(seconds - previous) / previous:+.0%}"
    assert "Mon 19 Oct" in card["body"][0]["text"] and "Sun 25 Oct 2026" in card["body"][0]["text"]
    assert set(links) == {"Open the report", "Workbook (XLSX)", "Summary (CSV)"}
    assert card["version"] == "1.5" and links["Summary (CSV)"] in card["fallbackText"]
    assert len(str(posts[0].body).encode()) < 28_000
