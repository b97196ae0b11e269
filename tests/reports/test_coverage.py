"""A report over a period the store cannot answer for says what is missing instead of printing zeros."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.build import build_report
from reports.coverage import Coverage, ReportDataMissing, check_synced, holds, missing
from reports.periods import explicit_period
from store import Store

NY = "America/New_York"
WEEK = explicit_period(dt.date(2026, 10, 5), dt.date(2026, 10, 11), NY)  # ends 2026-10-12 04:00 UTC
NOW = dt.datetime(2026, 11, 2, 6, tzinfo=dt.UTC)
FIRST = dt.datetime(2026, 5, 1, tzinfo=dt.UTC)


def covered(
    pstn: dt.datetime | None, direct: dt.datetime | None, first: dt.datetime | None = FIRST
) -> Coverage:
    return Coverage({"pstn": pstn, "direct_routing": direct}, first)


def test_never_synced_names_the_command_with_the_period_start() -> None:
    problem = missing(WEEK, covered(None, None, None), NOW)
    assert problem is not None
    assert "never been synced" in str(problem) and "0 minutes" in str(problem)
    assert "switchboard report sync --since 2026-10-05" in problem.hint


def test_a_sync_that_failed_part_way_names_the_source_and_the_day() -> None:
    # PSTN reached 2 Nov; Direct Routing stopped on 1 Oct, before the week ends.
    problem = missing(WEEK, covered(NOW, dt.datetime(2026, 10, 1, 12, tzinfo=dt.UTC)), NOW)
    assert problem is not None
    assert str(problem).startswith("Direct Routing calls are synced only through 2026-10-01 12:00 UTC")
    assert "runs to 2026-10-11" in str(problem)
    assert "switchboard report sync" in problem.hint and "2026-09-30" in problem.hint


def test_synced_past_the_period_is_complete() -> None:
    assert missing(WEEK, covered(NOW, NOW), NOW) is None
    end = WEEK.utc_bounds()[1]
    assert missing(WEEK, covered(end, end), NOW) is None
    assert missing(WEEK, covered(end - dt.timedelta(minutes=1), end), NOW) is not None


def test_a_period_still_running_needs_only_a_recent_sync() -> None:
    running = explicit_period(dt.date(2026, 11, 1), dt.date(2026, 11, 7), NY)
    assert missing(running, covered(NOW - dt.timedelta(minutes=20), NOW), NOW) is None
    assert missing(running, covered(NOW - dt.timedelta(hours=3), NOW), NOW) is not None


def test_change_vs_previous_needs_the_whole_previous_period_stored() -> None:
    # The week before WEEK runs 28 Sep - 4 Oct (New York). History starting on 28 Sep (local) holds it;
    # history whose first call is on 1 Oct holds only part of it, and none at all is nothing.
    before = WEEK.previous()
    assert before.first == dt.date(2026, 9, 28)
    assert holds(before, covered(NOW, NOW, dt.datetime(2026, 9, 28, 4, 30, tzinfo=dt.UTC)))
    assert holds(before, covered(NOW, NOW, dt.datetime(2026, 9, 28, 3, 59, tzinfo=dt.UTC)))  # 27 Sep local
    assert not holds(before, covered(NOW, NOW, dt.datetime(2026, 9, 29, 4, 0, tzinfo=dt.UTC)))  # 29 Sep local
    assert not holds(before, covered(NOW, NOW, dt.datetime(2026, 10, 1, 9, tzinfo=dt.UTC)))
    assert not holds(before, covered(NOW, NOW, None))


def test_a_period_before_the_first_synced_call() -> None:
    old = explicit_period(dt.date(2025, 1, 6), dt.date(2025, 1, 12), NY)
    problem = missing(old, covered(NOW, NOW), NOW)
    assert problem is not None and "no calls before 2026-05-01" in str(problem)
    assert "--since 2025-01-06" in problem.hint


async def test_build_refuses_a_store_that_never_finished_a_sync(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        with pytest.raises(ReportDataMissing):
            await build_report(store, WEEK)
        await store.sync_state.set("pstn", NOW)
        with pytest.raises(ReportDataMissing, match="Direct Routing calls have never been synced"):
            await check_synced(store, WEEK)
        await store.sync_state.set("direct_routing", NOW)
        await check_synced(store, WEEK)
        report = await build_report(store, WEEK)
        assert report.usage.total.calls == 0  # an empty store that did sync: a genuine zero
    finally:
        await store.close()
