"""Concurrent call-log windows against the sandbox's real per-app limit: with the shared pacer no request
is refused with 429; without it the same fetch is throttled (so the first test can fail)."""

from __future__ import annotations

import datetime as dt

import pytest

from graph import GraphConfig, open_graph
from graph.callrecords import CallLogPacer, CallRecordsApi
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox
from tests.conftest import SandboxFactory

START, END = dt.datetime(2026, 10, 20, tzinfo=dt.UTC), dt.datetime(2026, 10, 24, tzinfo=dt.UTC)
# The service allows 200 requests a minute; scaled down to 6 a second so the test takes seconds.
LIMITED = SandboxConfig(operation_delay_s=0.05, calllog_limit=6, calllog_window_s=1.0)


async def fetch(sb: RunningSandbox, pacer: CallLogPacer) -> list[str]:
    async with open_graph(GraphConfig(base_url=sb.base_url)) as graph:
        api = CallRecordsApi(graph.transport, pacer, concurrency=3)
        return [row[0] async for page in api.pstn_rows(START, END, ("id",)) for row in page]


def refused(sb: RunningSandbox) -> int:
    return sum(1 for e in sb.requests.entries if "getPstnCalls(" in e.path and e.status == 429)


async def test_concurrent_windows_stay_under_the_limit(sandbox_factory: SandboxFactory) -> None:
    sb = await sandbox_factory("county", config=LIMITED)
    ids = await fetch(sb, CallLogPacer(6, window_s=1.0))
    expected = [r.id for r in sb.state.pstnCalls if START <= r.startDateTime < END]
    requests = sum(1 for e in sb.requests.entries if "getPstnCalls(" in e.path)
    assert sorted(ids) == sorted(expected) and requests > 6  # more requests than one window allows
    assert refused(sb) == 0


@pytest.mark.timeout(120)
async def test_without_the_pacer_the_same_fetch_is_throttled(sandbox_factory: SandboxFactory) -> None:
    sb = await sandbox_factory("county", config=LIMITED)
    ids = await fetch(sb, CallLogPacer(1000, window_s=1.0))
    assert len(ids) == sum(1 for r in sb.state.pstnCalls if START <= r.startDateTime < END)  # retried
    assert refused(sb) > 0
