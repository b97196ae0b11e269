"""`switchboard report weekly --post` from a timer outside the bot: the same use case, posted as the bot
through the references the bot keeps; refused up front without a channel or an app id, and a team without
the app is named."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.botframework import RECORDS, service_url
from sandbox.server import SandboxThread
from store import Store, StoredConversation
from tests.conftest import FAST, seeded

TEAM = "19:team-general@thread.tacv2"
CHANNEL = "19:usage-reports@thread.tacv2"


@pytest.fixture(scope="module")
def today_sandbox() -> Iterator[SandboxThread]:
    """History up to yesterday, so the real clock's "last week" has calls."""
    thread = SandboxThread(seeded("county", dt.date.today()), FAST).start()
    yield thread
    thread.stop()


def cli(tmp_path: Path, sb: SandboxThread, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
    base |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}",
        "SWITCHBOARD_GRAPH_URL": sb.base_url,
        "SWITCHBOARD_REPORT_OUT_DIR": str(tmp_path / "out"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "cli", "report", "weekly", "--verbose", *args],
        env=base,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


async def prepare(tmp_path: Path) -> None:
    """Call logs synced up to ten days ago: the job's own sync is short and covers last week."""
    store = await Store.open(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=10)
        for source in ("pstn", "direct_routing"):
            await store.sync_state.set(source, since)
    finally:
        await store.close()


async def install(tmp_path: Path, sb: SandboxThread) -> None:
    """What the bot stored when it was added to the team."""
    store = await Store.open(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        await store.conversations.save(
            StoredConversation(
                TEAM,
                "channel",
                service_url(sb.root_url),
                {"conversation": {"id": TEAM}},
                sb.state.tenantId,
                team_id=TEAM,
                channel_id=TEAM,
            )
        )
    finally:
        await store.close()


CHANNEL_ENV = {"SWITCHBOARD_REPORT_TEAM_ID": TEAM, "SWITCHBOARD_REPORT_CHANNEL_ID": CHANNEL}
BOT_ENV = {"SWITCHBOARD_BOT_APP_ID": "weekly-bot", "SWITCHBOARD_BOT_APP_PASSWORD": "sandbox-secret"}


def test_post_refuses_without_channel_or_app_id(tmp_path: Path, today_sandbox: SandboxThread) -> None:
    no_channel = cli(tmp_path, today_sandbox, "--post", **BOT_ENV)
    assert no_channel.returncode == 2 and "--post: set SWITCHBOARD_REPORT_TEAM_ID" in no_channel.stderr
    no_bot = cli(tmp_path, today_sandbox, "--post", **CHANNEL_ENV)
    assert no_bot.returncode == 2 and "SWITCHBOARD_BOT_APP_ID is empty" in no_bot.stderr


def test_post_sends_the_card_as_the_bot_and_names_a_team_without_the_app(
    tmp_path: Path, today_sandbox: SandboxThread
) -> None:
    records = today_sandbox.sandbox.app[RECORDS] if today_sandbox.sandbox else None
    assert records is not None
    records.clear()
    asyncio.run(prepare(tmp_path))
    missing = cli(tmp_path, today_sandbox, "--post", **CHANNEL_ENV, **BOT_ENV)
    assert missing.returncode == 1
    assert f"the Switchboard app is not installed in team {TEAM}" in missing.stderr
    asyncio.run(install(tmp_path, today_sandbox))
    posted = cli(tmp_path, today_sandbox, "--post", **CHANNEL_ENV, **BOT_ENV)
    assert posted.returncode == 0, posted.stderr
    (record,) = [r for r in records.sent if r.operation == "create"]
    assert record.app_id == "weekly-bot"
    assert record.body is not None and record.body["channelData"]["channel"]["id"] == CHANNEL
    card = record.body["activity"]["attachments"][0]["content"]
    assert card["body"][0]["text"].startswith("Teams Phone usage · Mon ")
    assert "no SWITCHBOARD_BOT_PUBLIC_URL" in card["fallbackText"]  # no public URL: the folder is named
