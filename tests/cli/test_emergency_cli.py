"""`switchboard emergency …` at the shell: exit codes and the one-line messages of refusals, status as
JSON, and activation refused without --yes when nobody can be asked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from sandbox.config import SandboxConfig
from sandbox.server import SandboxThread
from tests.conftest import seeded

FILE = """emergency_modes:
  eoc:
    announcement: The EOC is answering.
    lines: [211 Crisis Line]
    route_to: {call_queue: EOC Public Information}
  storm:
    announcement: Storm line.
    lines: [211 Crisis Line, Libraries]
    route_to: {external: "+13215559999"}
"""


@pytest.fixture(scope="module")
def county() -> Iterator[SandboxThread]:
    thread = SandboxThread(seeded("county"), SandboxConfig(operation_delay_s=0.05)).start()
    yield thread
    thread.stop()


def run(county: SandboxThread, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "phone-system.yaml").write_text(FILE)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sb.db'}",
        "SWITCHBOARD_GRAPH_URL": county.base_url,
        "SWITCHBOARD_ACTOR": "alice@county.gov",
        "COLUMNS": "200",
    }
    command = [sys.executable, "-m", "cli", "emergency", *args]
    return subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path
    )


def test_refusals_exit_with_one_clear_line(county: SandboxThread, tmp_path: Path) -> None:
    unknown = run(county, tmp_path, "activate", "flood", "--yes")
    assert (
        unknown.returncode == 2
        and "no emergency mode 'flood' (emergency_modes: eoc, storm)" in unknown.stderr
    )
    nothing = run(county, tmp_path, "restore", "eoc")
    assert (
        nothing.returncode == 1 and "emergency mode eoc is not active: nothing to restore" in nothing.stderr
    )
    asked = run(county, tmp_path, "activate", "eoc")  # no terminal to ask: refused, nothing changed
    assert asked.returncode == 2 and "pass --yes" in asked.stderr
    assert "No emergency mode is active." in run(county, tmp_path, "status").stdout


def test_activate_status_conflict_and_restore(county: SandboxThread, tmp_path: Path) -> None:
    activated = run(county, tmp_path, "activate", "eoc", "--yes")
    assert activated.returncode == 0, activated.stderr
    assert "Emergency mode eoc activated: 1 line(s)" in activated.stdout
    conflict = run(county, tmp_path, "activate", "storm", "--yes")
    assert conflict.returncode == 1
    assert "211 Crisis Line is in emergency mode eoc (restore that mode first)" in conflict.stderr
    status = json.loads(run(county, tmp_path, "status", "--json").stdout)
    assert [(m["mode"], m["state"], m["by"], m["lines"]) for m in status] == [
        ("eoc", "active", "alice@county.gov", ["call queue 211 Crisis Line"])
    ]
    restored = run(county, tmp_path, "restore", "eoc")
    assert restored.returncode == 0 and "restored exactly" in restored.stdout
