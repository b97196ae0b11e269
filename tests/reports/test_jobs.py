"""The weekly job as the CLI and the bot call it: one replica at a time, the period in the tenant's time
zone, every target delivered to, and a failing target reported by name with a correlation id."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph import GraphConfig, open_graph
from graph.errors import ServiceUnavailable
from reports import (
    DeliveryFailed,
    FolderTarget,
    Period,
    Report,
    SyncFailed,
    TeamsChannel,
    TeamsChannelTarget,
    jobs,
    weekly_targets,
)
from reports.periods import today_in
from sandbox.config import SandboxConfig, parse_faults
from store import Store
from tests.conftest import SandboxFactory

# Monday 2 Nov 2026, 03:00 UTC, is still Sunday 1 Nov, 22:00, in New York.
NOW = dt.datetime(2026, 11, 2, 3, tzinfo=dt.UTC)
NY = "America/New_York"
UNPACED = SandboxConfig(operation_delay_s=0.05, calllog_limit=100_000)


class RecordingPoster:
    """What the bot will be: here it records what it was asked to post."""

    def __init__(self, fail: bool = False) -> None:
        self.posts: list[tuple[TeamsChannel, Period]] = []
        self.fail = fail

    async def post(self, channel: TeamsChannel, report: Report) -> str:
        if self.fail:
            raise ConnectionResetError("Bot Connector went away")
        self.posts.append((channel, report.period))
        return f"message-{len(self.posts)}"


def test_today_is_the_tenants_date() -> None:
    assert today_in(NY, NOW) == dt.date(2026, 11, 1)
    assert today_in("UTC", NOW) == dt.date(2026, 11, 2)


async def recent_store(tmp_path: Path) -> Store:
    """A store that says its call logs are synced through 17 Oct, so the job's sync is two weeks long and
    covers last week (a report over a period the store never held is refused, not shown as zeros)."""
    store = await Store.open(f"sqlite:///{tmp_path / 'w.db'}")
    for source in ("pstn", "direct_routing"):
        await store.sync_state.set(source, dt.datetime(2026, 10, 17, tzinfo=dt.UTC))
    return store


async def test_weekly_job_reports_the_tenants_last_week_to_every_target_and_names_a_failing_one(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory("county", config=UNPACED)
    store = await recent_store(tmp_path)
    poster = RecordingPoster()
    channel = TeamsChannel("team-1", "channel-1")
    targets = [FolderTarget(tmp_path / "out", ("csv",)), TeamsChannelTarget(channel, poster)]
    failing = TeamsChannelTarget(TeamsChannel("t", "c"), RecordingPoster(fail=True))
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph:
            result = await jobs.weekly(graph, store, period_name="last-week", tz=NY, targets=targets, now=NOW)
            with pytest.raises(DeliveryFailed) as failed:  # next week, the bot's side is down
                await jobs.weekly(graph, store, period_name="last-week", tz=NY, targets=[failing], now=NOW)
    finally:
        await store.close()
    assert failed.value.message == "delivery to teams-channel failed: ConnectionResetError"
    assert f"(correlation id {failed.value.correlation_id})" in str(failed.value)
    assert "Bot Connector" not in str(failed.value)  # the cause goes to the log, not to the user
    # Sunday in New York: last week is 19–25 Oct, not the 26 Oct – 1 Nov a UTC clock would pick.
    week = Period(dt.date(2026, 10, 19), dt.date(2026, 10, 25), NY)
    assert result.ran and result.report is not None and result.report.period == week
    assert poster.posts == [(channel, week)]
    folder, teams = result.delivered
    assert Path(folder.where) == tmp_path / "out" / "2026-10-19"
    assert (tmp_path / "out" / "2026-10-19" / "summary.csv").exists()
    assert teams.where == "team team-1 channel channel-1 (message-1)"


async def test_weekly_job_does_nothing_while_another_replica_holds_the_lock(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory("county", config=UNPACED)
    store = await recent_store(tmp_path)
    other = await Store.open(f"sqlite:///{tmp_path / 'w.db'}")
    try:
        async with (
            other.locks.hold(jobs.WEEKLY_LOCK) as held,
            open_graph(GraphConfig(base_url=sb.base_url)) as graph,
        ):
            assert held
            before = len(sb.requests.entries)
            result = await jobs.weekly(
                graph, store, period_name="last-week", tz=NY, targets=[FolderTarget(tmp_path / "o")], now=NOW
            )
    finally:
        await other.close()
        await store.close()
    assert not result.ran and len(sb.requests.entries) == before
    assert not (tmp_path / "o").exists()


def test_a_channel_without_a_poster_is_said_not_dropped(tmp_path: Path) -> None:
    targets, pending = weekly_targets(tmp_path, TeamsChannel("t", "c"), poster=None)
    assert [t.name for t in targets] == ["folder"]
    assert pending == ["Teams channel c: posted by the Switchboard bot, not by this command"]
    targets, pending = weekly_targets(tmp_path, TeamsChannel("t", "c"), poster=RecordingPoster())
    assert [t.name for t in targets] == ["folder", "teams-channel"] and pending == []


async def test_a_graph_failure_is_sync_failed_carrying_microsofts_request_id(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory(
        "county", config=SandboxConfig(calllog_limit=100_000, faults=parse_faults("callrecords:503@1"))
    )
    store = await recent_store(tmp_path)
    waits: list[float] = []

    async def no_wait(seconds: float) -> None:
        waits.append(seconds)

    try:
        async with open_graph(GraphConfig(base_url=sb.base_url), sleep=no_wait) as graph:
            with pytest.raises(SyncFailed) as failed:
                await jobs.sync(graph, store, now=NOW)
    finally:
        await store.close()
    cause = failed.value.__cause__
    assert isinstance(cause, ServiceUnavailable) and waits  # retried, then gave up
    assert cause.request_id and failed.value.correlation_id == cause.request_id
    assert str(failed.value).startswith("sync failed: ") and "HTTP 503" not in str(failed.value)
