"""Property: however `switchboard apply` is SIGKILLed while it builds the Fire Services Fee queue (its
resource account created and awaited, usage location, licence, number, queue, association), a re-run
converges, and nothing was created twice: one account, one queue, each created by exactly one cmdlet
the service applied, and a plan afterwards shows zero changes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from provisioning import parse_phone_system, to_yaml
from sandbox.routes.teams import TEAMS_LOG
from sandbox.server import SandboxThread
from tests.conftest import FAST, seeded
from tests.provisioning.voice.harness import FEE_QUEUE, FEE_RA, fire_fee

WRITES = 6  # RA create, usage location, licence, RA number, queue create, association
TRIALS = (1, 1, 2)  # kills per trial, at points drawn (seeded, so CI replays them) from 1..WRITES-1
SEED = 20261202


def writes(thread: SandboxThread) -> int:
    """Writes the tenant applied: Graph writes accepted, and Teams scripts with a write that ran."""
    assert thread.sandbox is not None
    graph = [
        e
        for e in list(thread.sandbox.requests.entries)
        if e.method != "GET" and e.path.startswith("/v1.0/") and 200 <= e.status < 300
    ]
    teams = [e for e in teams_log(thread) if e["applied"] and _writes(e)]
    return len(graph) + len(teams)


def teams_log(thread: SandboxThread) -> list[dict[str, Any]]:
    assert thread.sandbox is not None
    entries: list[dict[str, Any]] = list(thread.sandbox.app[TEAMS_LOG])  # type: ignore[index]
    return entries


def _writes(entry: dict[str, Any]) -> bool:
    return any(not c.startswith(("Get-", "Find-")) for c in entry["cmdlets"])


def applied(thread: SandboxThread, cmdlet: str) -> int:
    return len([e for e in teams_log(thread) if e["applied"] and cmdlet in e["cmdlets"]])


def cli(env: dict[str, str], *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def run_trial(tmp_path: Path, points: list[int]) -> None:
    thread = SandboxThread(seeded("county"), replace(FAST, teams_delay_s=0.5)).start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'sb.db'}", "SWITCHBOARD_GRAPH_URL": thread.base_url}
        exported = cli(env, "export")
        assert exported.returncode == 0, exported.stderr[-2000:]
        path = tmp_path / "phone-system.yaml"
        path.write_text(to_yaml(fire_fee(parse_phone_system(exported.stdout, "export.yaml"))))
        command = [sys.executable, "-m", "cli", "apply", "-f", str(path), "--yes"]
        for point in points:
            start = writes(thread)
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 120
            while writes(thread) < start + point and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            process.send_signal(signal.SIGKILL)
            assert process.wait() == -signal.SIGKILL, f"the apply finished before write {point}"
            assert writes(thread) < WRITES, f"the kill after write {point} was not mid-apply"
        final = cli(env, "apply", "-f", str(path), "--yes")
        assert final.returncode == 0, final.stdout[-2000:] + final.stderr[-2000:]
        again = cli(env, "plan", "-f", str(path), "--detailed-exitcode")
        assert again.returncode == 0, again.stdout[-2000:]
        assert writes(thread) == WRITES, "a write was sent again instead of being read back"
        assert applied(thread, "New-CsOnlineApplicationInstance") == 1
        assert applied(thread, "New-CsCallQueue") == 1
        state = thread.sandbox.state if thread.sandbox else None
        assert state is not None
        assert [q["Name"] for q in state.teams.callQueues.values()].count(FEE_QUEUE) == 1
        (ra_id,) = [i for i in state.teams.applicationInstances if state.users[i].userPrincipalName == FEE_RA]
        assert ra_id in state.teams.associations
    finally:
        thread.stop()


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(len(TRIALS)))
def test_killed_applies_converge_without_duplicates(tmp_path: Path, trial: int) -> None:
    rng = random.Random(SEED + trial)
    points = sorted(rng.sample(range(1, WRITES), TRIALS[trial]))
    # later kills count from where the earlier run stopped: spread them over what is left
    run_trial(tmp_path, [points[0], *[1 for _ in points[1:]]])
