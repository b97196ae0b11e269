"""`--teams-latency realistic`: the stand-in's answers wait as long as the module would, per cmdlet,
the same on every run (a seed), and nothing waits by default."""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import replace

import pytest

from sandbox.config import TeamsLatency, parse_teams_latency
from sandbox.server import RunningSandbox
from sandbox.teams.latency import LatencyClock, cmdlet_range
from tests.conftest import FAST, SandboxFactory
from tests.sandbox.teams.helpers import AA_APP, get_json, invoke, ok, step

REALISTIC = TeamsLatency("realistic")


def test_ranges_follow_the_documented_estimate() -> None:
    assert cmdlet_range("Get-CsCallQueue") == (0.3, 0.8)
    assert cmdlet_range("Find-CsOnlineApplicationInstance") == (0.3, 0.8)
    assert cmdlet_range("New-CsCallQueue") == (1.0, 3.0)
    assert cmdlet_range("new-csautoattendant") == (1.0, 3.0)  # PowerShell names are case-insensitive
    assert cmdlet_range("Set-CsAutoAttendant") == (1.0, 2.0)
    assert cmdlet_range("New-CsOnlineApplicationInstance") == (2.0, 4.0)
    # Builders run inside the PowerShell session: no round trip to the service.
    assert cmdlet_range("New-CsAutoAttendantMenuOption") == (0.0, 0.0)


def test_each_call_falls_in_its_range_and_varies() -> None:
    clock = LatencyClock(REALISTIC, seed=7)
    waits = [clock.delay_for("New-CsOnlineApplicationInstance") for _ in range(50)]
    assert all(2.0 <= w <= 4.0 for w in waits)
    assert len({round(w, 6) for w in waits}) == 50
    assert clock.delay_for("New-CsAutoAttendantPrompt") == 0.0


def test_the_nth_call_of_a_cmdlet_waits_the_same_whatever_the_interleaving() -> None:
    one, other = LatencyClock(REALISTIC, seed=7), LatencyClock(REALISTIC, seed=7)
    first = [
        one.delay_for("Get-CsCallQueue"),
        one.delay_for("Set-CsCallQueue"),
        one.delay_for("Get-CsCallQueue"),
    ]
    swapped = [
        other.delay_for("Set-CsCallQueue"),
        other.delay_for("Get-CsCallQueue"),
        other.delay_for("Get-CsCallQueue"),
    ]
    assert first == [swapped[1], swapped[0], swapped[2]]
    reseeded = LatencyClock(REALISTIC, seed=8)
    assert reseeded.delay_for("Get-CsCallQueue") != first[0]


def test_scale_and_none() -> None:
    full = LatencyClock(REALISTIC, seed=3).request_delay(["New-CsCallQueue", "Get-CsCallQueue"])
    tenth = LatencyClock(TeamsLatency("realistic", 0.1), seed=3).request_delay(
        ["New-CsCallQueue", "Get-CsCallQueue"]
    )
    assert tenth == pytest.approx(full / 10)
    assert LatencyClock(TeamsLatency(), seed=3).request_delay(["New-CsCallQueue"]) == 0.0


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("fast", "unknown profile 'fast'"),
        ("realistic*x", "scale 'x' is not a number"),
        ("realistic*-1", "must not be negative"),
    ],
)
def test_bad_specs_are_named(spec: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_teams_latency(spec)


def test_good_specs() -> None:
    assert parse_teams_latency(None) == TeamsLatency()
    assert parse_teams_latency("Realistic") == REALISTIC
    assert parse_teams_latency("realistic*0.25") == TeamsLatency("realistic", 0.25)


async def test_a_request_waits_the_sum_of_the_cmdlets_it_ran(sandbox_factory: SandboxFactory) -> None:
    config = replace(FAST, teams_latency=TeamsLatency("realistic", 0.1), random_seed=11)
    sb: RunningSandbox = await sandbox_factory("county", config=config)
    expected = LatencyClock(config.teams_latency, seed=11)
    steps = [step("Get-CsCallQueue", First=1), step("Get-CsAutoAttendant", First=1)]
    started = time.monotonic()
    await ok(sb, *steps)
    elapsed = time.monotonic() - started
    want = expected.request_delay(["Get-CsCallQueue", "Get-CsAutoAttendant"])
    assert 0.06 <= want <= 0.16  # two reads of 0.3–0.8 s, at a tenth
    assert elapsed >= want
    # A request failing at its first step pays for that step only, not for the ones it never reached.
    await invoke(
        sb,
        step("Get-CsCallQueue", Identity="00000000-0000-0000-0000-000000000000"),
        step("New-CsOnlineApplicationInstance", UserPrincipalName="x@county.example", ApplicationId=AA_APP),
    )
    log = await get_json(sb, "/_sandbox/teams/log")
    assert [entry["latency_s"] for entry in log] == [
        round(want, 3),
        round(expected.request_delay(["Get-CsCallQueue"]), 3),
    ]


async def test_nothing_waits_by_default(sandbox_factory: SandboxFactory) -> None:
    sb: RunningSandbox = await sandbox_factory("county")
    await ok(sb, step("Get-CsCallQueue", First=1))
    log = await get_json(sb, "/_sandbox/teams/log")
    assert log[-1]["latency_s"] == 0.0


def test_serve_refuses_an_unknown_profile() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cli", "sandbox", "serve", "--seed", "empty", "--teams-latency", "slowish"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "--teams-latency 'slowish': unknown profile 'slowish'" in result.stderr
