"""`my minutes` from the store: call logs synced from a county sandbox, counted per local calendar month."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from bot import TenantServices
from graph import SKU_TEAMS_PHONE, GraphConfig, open_graph
from reports.sync import sync_all
from sandbox.config import SandboxConfig
from store import Store
from tests.conftest import TEST_TODAY, SandboxFactory

NOW = dt.datetime.combine(TEST_TODAY, dt.time(6), tzinfo=dt.UTC)
ZONE = ZoneInfo("America/New_York")


async def test_my_minutes_last_month_and_department(
    sandbox_factory: SandboxFactory, tmp_path: object
) -> None:
    sb = await sandbox_factory("county", config=SandboxConfig(operation_delay_s=0.05, calllog_limit=100_000))
    october = Counter[str]()
    for row in [*sb.state.pstnCalls, *(r for r in sb.state.directRoutingCalls if r.successfulCall)]:
        local = row.startDateTime.astimezone(ZONE).date()
        if row.userId and (local.year, local.month) == (2026, 10):
            october[row.userId] += row.duration
    busiest, seconds = october.most_common(1)[0]
    store = await Store.open(f"sqlite:///{tmp_path}/minutes.db")
    try:
        async with open_graph(
            GraphConfig(base_url=sb.base_url, calllog_requests_per_minute=100_000)
        ) as graph:
            await sync_all(graph, store, since=dt.date(2026, 9, 25), now=NOW, activity=False)
            services = TenantServices(graph, store, "America/New_York", today=lambda: TEST_TODAY)
            info = await services.minutes(busiest)
            stranger = await services.minutes("00000000-0000-0000-0000-000000000000")
    finally:
        await store.close()
    assert stranger is None
    assert info is not None
    assert info.last_month_label == "Oct 2026" and info.this_month_label == "Nov 2026"
    assert round(info.last_month, 3) == round(seconds / 60, 3)
    assert info.department == sb.state.users[busiest].department
    # The department's median worked out from the seed: its people with Teams Phone, zero minutes included.
    department = sb.state.users[busiest].department
    peers = [
        u.id
        for u in sb.state.users.values()
        if u.department == department and SKU_TEAMS_PHONE in u.assignedSkuIds and u.accountType == "user"
    ]
    assert info.department_size == len(peers)
    assert info.department_median == pytest.approx(statistics.median(october[p] / 60 for p in peers))
