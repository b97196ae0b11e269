"""Sync from a county sandbox into the store (SQLite and PostgreSQL): windows over 90 days, idempotent
re-syncs, duplicates across windows; then the report files, and the CLI's exit codes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook

from graph import GraphConfig, open_graph
from graph.types import SKU_TEAMS_PHONE
from reports.build import build_report
from reports.calling import Calling
from reports.periods import Period, explicit_period
from reports.render import write_report
from reports.sync import sync_all
from sandbox.config import SandboxConfig
from sandbox.routes.reports import DATE_WINDOW_DAYS
from sandbox.server import SandboxThread
from sandbox.state import TenantState
from store import Store
from tests.conftest import TEST_TODAY, SandboxFactory
from tests.windows import requested_windows, tile

NOW = dt.datetime.combine(TEST_TODAY, dt.time(6), tzinfo=dt.UTC)
# These tests are about sync and reports, not pacing: lift the 200-a-minute call-log limit on both sides.
UNPACED = SandboxConfig(operation_delay_s=0.05, calllog_limit=100_000)


def graph_config(base_url: str) -> GraphConfig:
    return GraphConfig(base_url=base_url, calllog_requests_per_minute=100_000)


async def test_sync_is_incremental_and_idempotent(sandbox_factory: SandboxFactory, database_url: str) -> None:
    sb = await sandbox_factory("county", config=UNPACED)
    store = await Store.open(database_url)
    try:
        async with open_graph(graph_config(sb.base_url)) as graph:
            first = await sync_all(graph, store, since=dt.date(2026, 7, 1), now=NOW)
            windows = requested_windows(sb.requests.entries)
            assert tile(windows, first.start, first.end) and len(windows) >= 2  # 124 days, ≤ 90 each
            expected = [r for r in sb.state.pstnCalls if first.start <= r.startDateTime < first.end]
            stored = (len(expected), sum(r.duration for r in expected))
            assert first.pstn_rows == len(expected)
            assert await store.calls.pstn_totals(first.start, first.end) == stored
            again = await sync_all(graph, store, now=NOW, activity=False)  # incremental: only the overlap
            assert again.start == NOW - dt.timedelta(days=2) and again.pstn_rows < 3000
            overlap = await sync_all(graph, store, since=dt.date(2026, 9, 1), now=NOW, activity=False)
            assert overlap.pstn_rows > 0
            assert (
                await store.calls.pstn_totals(first.start, first.end) == stored
            )  # re-reading changed nothing
            assert first.users == len(sb.state.users) and first.activity_rows > 0
            period = explicit_period(dt.date(2026, 9, 18), dt.date(2026, 11, 1), "America/New_York")
            report = await build_report(store, period)
    finally:
        await store.close()

    def counted(start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        """PSTN rows plus successful Direct Routing calls, straight from the sandbox's state."""
        rows = [r for r in sb.state.pstnCalls if start <= r.startDateTime < end]
        rows += [
            r for r in sb.state.directRoutingCalls if r.successfulCall and start <= r.startDateTime < end
        ]
        return len(rows), sum(r.duration for r in rows)

    calls, seconds = counted(*period.utc_bounds())
    assert (report.usage.total.calls, report.usage.total.seconds) == (calls, seconds)
    before_calls, before_seconds = counted(*period.previous().utc_bounds())
    assert (report.previous.total.calls, report.previous.total.seconds) == (before_calls, before_seconds)
    assert report.summary.change == pytest.approx((seconds - before_seconds) / before_seconds)
    start, end = period.utc_bounds()
    trunk = [r for r in sb.state.directRoutingCalls if r.successfulCall and start <= r.startDateTime < end]
    failed = sum(
        1 for r in sb.state.directRoutingCalls if not r.successfulCall and start <= r.startDateTime < end
    )
    carrier = report.usage.by_carrier["Direct Routing (sbc1.legacy.palmetto-county.example)"]
    assert trunk and (carrier.calls, carrier.seconds) == (len(trunk), sum(r.duration for r in trunk))
    assert any(f"{failed:,} failed Direct Routing attempts" in note for note in report.notes)
    staff = [
        u for u in sb.state.users.values() if u.accountType == "user" and SKU_TEAMS_PHONE in u.assignedSkuIds
    ]
    assert report.summary.staff == len(staff) > 700
    assert {k: (b.calls, b.seconds) for k, b in report.usage.by_line.items()} == lines_in(
        sb.state, start, end
    )
    assert "County Main Line" in report.usage.by_line
    assert report.summary.calling == calling_in(sb.state, period, len(staff))


def lines_in(state: TenantState, start: dt.datetime, end: dt.datetime) -> dict[str, tuple[int, int]]:
    """Voice-app calls per public line, named after the resource account holding the number."""
    lines: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in state.pstnCalls:
        if start <= r.startDateTime < end and r.callType.startswith("ucap"):
            number = r.calleeNumber if r.callType == "ucap_in" else r.callerNumber
            held = state.numbers.get(number)
            holder = held and held.assignmentStatus == "voiceApplicationAssigned" and held.assignmentTargetId
            name = state.users[holder].displayName if holder else number
            lines[name][0] += 1
            lines[name][1] += r.duration
    return {name: (calls, seconds) for name, (calls, seconds) in lines.items()}


def calling_in(state: TenantState, period: Period, staff: int) -> Calling:
    """Teams calling from the seed: people's audio on the days the sandbox serves single-day reports, plus
    the PSTN minutes of calls with no person on them (local days), which the seed never puts in audio."""
    assert state.historyEnd is not None
    served = {state.historyEnd - dt.timedelta(days=i) for i in range(DATE_WINDOW_DAYS)}
    days = {day for day in served if period.first <= day <= period.last}
    zone = ZoneInfo(period.tz)
    return Calling(
        days=len(days),
        period_days=period.days,
        audio_seconds=sum(a.audioSeconds for a in state.activity if a.day in days),
        voice_app_seconds=sum(
            r.duration
            for r in [*state.pstnCalls, *(d for d in state.directRoutingCalls if d.successfulCall)]
            if not r.userId and r.startDateTime.astimezone(zone).date() in days
        ),
        staff=staff,
    )


async def test_report_files(sandbox_factory: SandboxFactory, tmp_path: Path) -> None:
    sb = await sandbox_factory("county", config=UNPACED)
    store = await Store.open(f"sqlite:///{tmp_path / 'r.db'}")
    try:
        async with open_graph(graph_config(sb.base_url)) as graph:
            await sync_all(graph, store, since=dt.date(2026, 9, 1), now=NOW)
        report = await build_report(
            store, explicit_period(dt.date(2026, 10, 1), dt.date(2026, 10, 31), "America/New_York")
        )
    finally:
        await store.close()
    paths = write_report(report, tmp_path / "out", ("csv", "xlsx", "html", "png"))
    names = {p.name for p in paths}
    assert {
        "summary.csv",
        "by_department.csv",
        "by_line.csv",
        "usage.xlsx",
        "usage.html",
        "hour_of_week.png",
    } <= names
    html = (tmp_path / "out" / "usage.html").read_text()
    assert (
        "data:image/png;base64," in html and "http://" not in html and "https://" not in html
    )  # self-contained
    assert "minutes per staff per day" in html and "licensed for Teams Phone" in html
    workbook = load_workbook(tmp_path / "out" / "usage.xlsx")
    assert {"summary", "by_department", "top_talkers", "hour_of_week"} <= set(workbook.sheetnames)
    assert (tmp_path / "out" / "minutes_per_day.png").read_bytes().startswith(b"\x89PNG")


def test_cli_exit_codes(tmp_path: Path) -> None:
    from tests.conftest import FAST, seeded

    thread = SandboxThread(seeded("county"), FAST).start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'r.db'}", "SWITCHBOARD_GRAPH_URL": thread.base_url}

        def run(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "cli", "report", *args],
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
                check=False,
            )

        assert run("sync", "--since", "2026-10-01", "--quiet").stdout == ""
        ok = run(
            "usage",
            "--from",
            "2026-10-05",
            "--to",
            "2026-10-11",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "o"),
        )
        assert ok.returncode == 0 and "minutes of Teams calling in 7 days" in ok.stdout
        # `report sync` named the public lines by their queue through the Teams admin pool (the stand-in).
        by_line = (tmp_path / "o" / "by_line.csv").read_text()
        assert "Building Permits queue," in by_line and "Permits Help" not in by_line
        empty = run(
            "usage",
            "--from",
            "2025-01-01",
            "--to",
            "2025-01-07",
            "--format",
            "csv",
            "--out",
            str(tmp_path / "e"),
        )
        assert empty.returncode == 3
        bad = run("usage", "--period", "fortnight")
        assert bad.returncode == 2 and "unknown period" in bad.stderr
        assert run("usage", "--format", "pdf").returncode == 2
        assert run("usage", "--from", "2026-10-05").returncode == 2
        assert run("sync", "--since", "yesterday").returncode == 2
    finally:
        thread.stop()
