"""The tracer as a case table (trace_cases.yaml): holidays, DST, nested apps, language choice, menus."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

from provisioning.voiceapps import TraceError, trace
from tests.provisioning.voiceapps.lakeview import lakeview

CASES: list[dict[str, Any]] = yaml.safe_load((Path(__file__).parent / "trace_cases.yaml").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_trace_case(case: dict[str, Any]) -> None:
    result = trace(lakeview(), case["entry"], dt.datetime.fromisoformat(case["at"]), case.get("presses", []))
    assert [[hop.kind, hop.name] for hop in result.hops] == case["hops"]
    assert [result.final.kind, result.final.ref] == case["final"]
    if "agents_detail" in case:
        assert result.final.detail.endswith(case["agents_detail"])
    expected = case.get("contingencies", [])
    got = [[c.condition, c.final.kind, c.final.ref] for c in result.contingencies]
    assert got == expected


def test_a_naive_time_becomes_the_instant_in_the_entry_aa_zone() -> None:
    result = trace(lakeview(), "+15615550100", dt.datetime(2026, 7, 1, 10, 0), [])
    assert result.at == dt.datetime(2026, 7, 1, 14, 0, tzinfo=dt.UTC)  # EDT is UTC-4 in July


def test_a_queue_only_trace_needs_no_instant() -> None:
    assert trace(lakeview(), "Tax Collector", dt.datetime(2026, 7, 1, 10, 0), []).at is None


def test_an_unknown_number_is_refused() -> None:
    with pytest.raises(TraceError, match=r"\+15615559999"):
        trace(lakeview(), "+15615559999", dt.datetime(2026, 11, 2, 10, 0), [])


@pytest.mark.parametrize(
    ("instant", "period"),
    [
        ("2026-12-25T07:30:00+00:00", "after hours (Business hours)"),  # 23:30 on 24 Dec in Pacific time
        ("2026-12-25T08:30:00+00:00", "holiday (County holidays 2026)"),  # 00:30 on Christmas Day, Pacific
    ],
)
def test_a_holiday_starts_at_midnight_in_the_aa_own_zone(instant: str, period: str) -> None:
    result = trace(lakeview(), "+15615550103", dt.datetime.fromisoformat(instant), [])
    assert result.hops[2].detail.startswith(period)


def test_a_disabled_after_hours_association_never_applies() -> None:
    apps = lakeview()
    main = apps.auto_attendant("Main Line")
    assert main is not None
    handling = tuple(replace(h, enabled=False) if h.kind == "after_hours" else h for h in main.handling)
    others = tuple(aa for aa in apps.auto_attendants if aa.name != "Main Line")
    apps = replace(apps, auto_attendants=(replace(main, handling=handling), *others))
    result = trace(apps, "+15615550100", dt.datetime(2026, 11, 2, 18, 0), [])
    assert [result.final.kind, result.hops[2].name] == ["awaiting_input", "Main menu"]
