"""The demo's voice-app tour: which line and which moments it picks, and its quiet skip."""

from __future__ import annotations

import datetime as dt

import pytest

from cli import demo_voiceapps
from sandbox.server import SandboxThread
from tests.conftest import FAST, seeded
from tests.provisioning.voiceapps.lakeview import lakeview


def test_the_main_line_is_the_auto_attendant_named_main() -> None:
    found = demo_voiceapps.main_line(lakeview())
    assert found is not None
    assert (found[0], found[1].name) == ("+15615550100", "Main Line")


@pytest.mark.parametrize(
    ("today", "holiday", "weekday"),
    [
        (dt.date(2026, 11, 2), dt.datetime(2026, 11, 26, 10), dt.datetime(2026, 11, 3, 10)),
        # winter break runs 21 Dec to 4 Jan (exclusive): the first working day after it is Monday 4 Jan
        (dt.date(2026, 12, 20), dt.datetime(2026, 12, 21, 10), dt.datetime(2027, 1, 4, 10)),
    ],
)
def test_the_calls_it_traces(today: dt.date, holiday: dt.datetime, weekday: dt.datetime) -> None:
    apps = lakeview()
    main = apps.auto_attendant("Main Line")
    assert main is not None
    assert demo_voiceapps.holiday_and_weekday(apps, main, today) == (holiday, weekday)


def test_a_sandbox_without_voice_apps_gets_one_line_and_the_demo_carries_on(
    capsys: pytest.CaptureFixture[str],
) -> None:
    thread = SandboxThread(seeded("empty"), FAST).start()
    try:
        demo_voiceapps.tour(thread.base_url, {}, dt.date(2026, 11, 2))
    finally:
        thread.stop()
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "skipping" in out
