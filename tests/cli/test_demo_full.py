"""`make demo` end to end, as an admin runs it: exit 0, and every story's proof in the output. The tours
carry on past a failed step (so a new admin sees the rest), which is why this test reads what each step
printed instead of trusting the exit code alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]  # the tour takes ~2 min alone


def test_the_demo_tells_every_story(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-m", "cli", "demo", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**env, "COLUMNS": "200"},
        timeout=900,
        check=False,
    )
    out = result.stdout
    assert result.returncode == 0, result.stderr[-2000:]
    assert "exited" not in out and "did not work" not in out, out[-4000:]
    # Voice apps as desired state: export → plan is empty for the county (before and after the edit) and the
    # city; the added queue is reached by a traced call.
    assert out.count("Plan: 0 to create, 0 to change, 0 to remove") >= 3
    assert "Fire Services Fee" in out
    # The pop-up line opens, is traced, and closes with its number back in the pool.
    assert "Pop-up line Fire Services Fee is closed" in out
    # The emergency mode is restored exactly, and the drill says so for the lines it could rebuild.
    assert "Emergency mode eoc restored exactly" in out and "restore exact" in out
    # Onboarding, the report, and the bot (an admin opens the fire-fee line from a card).
    assert "Nothing to do: the tenant already matches." in out  # the second onboard run
    assert (tmp_path / "usage.html").is_file()
    assert "Opened Fire Services Fee." in out
