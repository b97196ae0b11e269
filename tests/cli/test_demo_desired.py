"""The desired-state demo steps against a county sandbox, as real `switchboard` subprocesses: the edited
file applies, the trace reaches the new queue through the new key, and the second export plans empty."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest

from cli import demo_desired
from sandbox.server import SandboxThread
from tests.conftest import FAST, seeded


@pytest.mark.slow
def test_the_tour_adds_the_queue_traces_to_it_and_reexports_to_an_empty_plan(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    thread = SandboxThread(seeded("county"), replace(FAST, teams_delay_s=0.3)).start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {"DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}", "SWITCHBOARD_GRAPH_URL": thread.base_url}
        demo_desired.tour(
            env, tmp_path, dt.date(2026, 11, 2)
        )  # fails (SystemExit) if any step exits non-zero
        assert thread.sandbox is not None
        state = thread.sandbox.state
    finally:
        thread.stop()
    out = capfd.readouterr().out
    assert "New-CsCallQueue" in out and "New-CsOnlineApplicationInstanceAssociation" in out  # the preview
    trace = out.split("reaches the queue", 1)[1].split("export again", 1)[0]
    assert demo_desired.QUEUE in trace
    assert [q["Name"] for q in state.teams.callQueues.values()].count(demo_desired.QUEUE) == 1
    assert "zero changes" in out
