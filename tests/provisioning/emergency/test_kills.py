"""`switchboard emergency activate|restore` SIGKILLed half-way (some lines switched, some not) on a county
sandbox with Teams-like latencies: a re-run finishes from the stored snapshot (never a new one taken from
the half-activated state), and restore puts every object back exactly as the module printed it before."""

from __future__ import annotations

import copy
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from sandbox.config import SandboxConfig, TeamsLatency
from sandbox.server import SandboxThread
from sandbox.state import TenantState
from tests.conftest import seeded

pytestmark = pytest.mark.slow

QUEUES = (
    "211 Crisis Line",
    "Building Permits",
    "Tax Collector",
    "Libraries",
    "Utilities Billing",
    "Clerk of Courts",
)
MAIN = "Palmetto County Main Line"
FILE = f"""emergency_modes:
  eoc:
    announcement: The Emergency Operations Center is answering this line.
    lines: [{MAIN}, {", ".join(QUEUES)}]
    route_to: {{call_queue: EOC Public Information}}
"""
SCHEDULE = "Switchboard emergency eoc"


def voice_state(state: TenantState) -> dict[str, Any]:
    """The module's objects as stored: what an exact restore must give back, byte for byte."""
    teams = state.teams
    return copy.deepcopy({"aa": teams.autoAttendants, "cq": teams.callQueues, "schedules": teams.schedules})


def switched(state: TenantState) -> int:
    """How many of the mode's objects are in emergency right now."""
    ours = {s["Id"] for s in state.teams.schedules.values() if s["Name"] == SCHEDULE}
    main = next(a for a in state.teams.autoAttendants.values() if a["Name"] == MAIN)
    count = int(any(h.get("ScheduleId") in ours for h in main["CallHandlingAssociations"]))
    return count + sum(
        1 for q in state.teams.callQueues.values() if q["Name"] in QUEUES and q["OverflowThreshold"] == 0
    )


@pytest.fixture
def county() -> Iterator[tuple[SandboxThread, TenantState]]:
    state = seeded("county")
    config = SandboxConfig(operation_delay_s=0.05, teams_latency=TeamsLatency("realistic", 0.25))
    thread = SandboxThread(state, config).start()
    yield thread, state
    thread.stop()


Command = tuple[list[str], dict[str, str]]


def cli(thread: SandboxThread, tmp_path: Path, database_url: str | None = None) -> Callable[..., Command]:
    (tmp_path / "phone-system.yaml").write_text(FILE)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
    env |= {
        "DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'sb.db'}",
        "SWITCHBOARD_GRAPH_URL": thread.base_url,
        "SWITCHBOARD_TEAMS_POOL_SIZE": "2",
        "SWITCHBOARD_ACTOR": "alice@county.gov",
    }

    def command(*args: str) -> Command:
        verb = args[0]
        tail = ["-f", str(tmp_path / "phone-system.yaml"), "--yes"] if verb == "activate" else []
        return [sys.executable, "-m", "cli", "emergency", *args, *tail], env

    return command


def kill_midway(command: Command, state: TenantState, done: Callable[[int], bool]) -> None:
    argv, env = command
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not done(switched(state)) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the command finished before the kill"


def finish(command: Command) -> subprocess.CompletedProcess[str]:
    argv, env = command
    return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False)


TOTAL = 1 + len(QUEUES)


def test_activate_killed_half_way_then_rerun_resumes_and_restore_is_exact(
    county: tuple[SandboxThread, TenantState], tmp_path: Path, database_url: str
) -> None:
    thread, state = county
    before = voice_state(state)
    run = cli(thread, tmp_path, database_url)
    kill_midway(run("activate", "eoc"), state, lambda n: n >= 2)
    half = switched(state)
    assert 0 < half < TOTAL, f"the kill was not half-way ({half} of {TOTAL} switched)"

    again = finish(run("activate", "eoc"))
    assert again.returncode == 0, again.stdout + again.stderr
    assert "resumed" in again.stdout and switched(state) == TOTAL

    restored = finish(run("restore", "eoc"))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "restored exactly" in restored.stdout
    assert voice_state(state) == before  # the snapshot was the tenant before the first write


def test_restore_after_a_killed_activate_and_a_killed_restore_is_exact(
    county: tuple[SandboxThread, TenantState], tmp_path: Path
) -> None:
    thread, state = county
    before = voice_state(state)
    run = cli(thread, tmp_path)
    kill_midway(run("activate", "eoc"), state, lambda n: n >= 3)
    assert 0 < switched(state) < TOTAL
    second = finish(run("activate", "eoc"))  # finish it, so restore has everything to undo
    assert second.returncode == 0, second.stderr

    kill_midway(run("restore", "eoc"), state, lambda n: n <= TOTAL - 2)
    assert 0 < switched(state) < TOTAL, "the restore was not killed half-way"
    status = finish(run("status"))
    assert "restoring" in status.stdout

    restored = finish(run("restore", "eoc"))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert voice_state(state) == before
    assert "No emergency mode is active." in finish(run("status")).stdout
