"""Property: however `switchboard apply` is SIGKILLed while it builds a new line (three schedules, then
the attendant that uses them), and then while it changes the main line's menu, a re-run converges with
nothing written twice: each schedule and the attendant created by one applied cmdlet, the main line
updated by one applied Set-CsAutoAttendant, and a plan afterwards shows zero changes."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from provisioning import parse_phone_system, to_yaml
from sandbox.server import SandboxThread
from tests.conftest import FAST, seeded
from tests.provisioning.voice.harness import edited
from tests.provisioning.voice.test_kills import applied, cli, writes

LINE = "Fire Fee Line"
MAIN = "Palmetto County Main Line"
SCHEDULES = [
    {"name": "Fee Hours", "hours": {"monday-friday": ["08:00-17:00"]}},
    {
        "name": "Fee Holidays",
        "dates": [{"name": "Christmas", "date": "2026-12-25"}, {"name": "New Year", "date": "2027-01-01"}],
    },
]
ATTENDANT = {
    "name": LINE,
    "language": "en-US",
    "time_zone": "Eastern Standard Time",
    "business_hours": "Fee Hours",
    "menu": {"options": [{"key": 1, "to": {"call_queue": "Building Permits"}}]},
    "after_hours": {"menu": {"options": [{"key": "automatic", "disconnect": True}]}},
    "holidays": [{"set": "Fee Holidays", "menu": {"options": [{"key": "automatic", "disconnect": True}]}}],
}
WRITES = 4  # three schedules, one attendant
SEED = 20261203


def files(exported_text: str, tmp_path: Path) -> tuple[Path, Path]:
    """The new line, then the same file with main-line key 3 sent to it."""
    first = edited(
        parse_phone_system(exported_text, "export.yaml"), schedules=SCHEDULES, auto_attendants=[ATTENDANT]
    )
    data = yaml.safe_load(to_yaml(first))
    main = next(a for a in data["auto_attendants"] if a["name"] == MAIN)
    main["menu"]["options"].append({"key": "3", "to": {"auto_attendant": LINE}})
    paths = tmp_path / "line.yaml", tmp_path / "main.yaml"
    paths[0].write_text(to_yaml(first))
    paths[1].write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return paths


def killed_then_converged(
    thread: SandboxThread, env: dict[str, str], path: Path, point: int, total: int
) -> None:
    start = writes(thread)
    command = [sys.executable, "-m", "cli", "apply", "-f", str(path), "--yes"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while writes(thread) < start + point and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, f"the apply finished before write {point}"
    final = cli(env, "apply", "-f", str(path), "--yes")
    assert final.returncode == 0, final.stdout[-2000:] + final.stderr[-2000:]
    again = cli(env, "plan", "-f", str(path), "--detailed-exitcode")
    assert again.returncode == 0, again.stdout[-2000:]
    assert writes(thread) == start + total, "a write was sent again instead of being read back"


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(2))
def test_killed_attendant_applies_converge_without_duplicates(tmp_path: Path, trial: int) -> None:
    point = random.Random(SEED + trial).randrange(1, WRITES)
    thread = SandboxThread(seeded("county"), replace(FAST, teams_delay_s=0.3)).start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'sb.db'}", "SWITCHBOARD_GRAPH_URL": thread.base_url}
        exported = cli(env, "export")
        assert exported.returncode == 0, exported.stderr[-2000:]
        line, main = files(exported.stdout, tmp_path)
        killed_then_converged(thread, env, line, point, WRITES)
        assert applied(thread, "New-CsAutoAttendant") == 1
        assert applied(thread, "New-CsOnlineSchedule") == 3
        killed_then_converged(thread, env, main, 1, 1)  # killed as the one Set-CsAutoAttendant is sent
        assert applied(thread, "Set-CsAutoAttendant") == 1
        assert thread.sandbox is not None
        names = [a["Name"] for a in thread.sandbox.state.teams.autoAttendants.values()]
        assert names.count(LINE) == 1
    finally:
        thread.stop()
