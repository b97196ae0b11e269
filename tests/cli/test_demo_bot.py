"""The demo's bot step end to end: `switchboard bot serve` as a process on a county sandbox, a scripted
chat signed by the sandbox's channel keys, the transcript read back from the sandbox's Bot Connector."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from cli.demo_bot import tour
from sandbox.server import SandboxThread


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_demo_conversation(sandbox_thread: SandboxThread, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "SWITCHBOARD_GRAPH_URL": sandbox_thread.base_url,
    }
    # as the demo does before this step: call logs and the directory into the store
    subprocess.run([sys.executable, "-m", "cli", "report", "sync"], env=env, check=True, capture_output=True)
    echoed: list[str] = []
    lines = tour(sandbox_thread.base_url, env, free_port(), "2026-11-02", echo=echoed.append)
    assert echoed == lines
    transcript = "\n".join(lines)
    assert "what's my number?" in transcript and "Number +1" in transcript
    assert "so far this month (Nov 2026)" in transcript  # --as-of reached the bot
    assert "last month (Oct 2026)" in transcript and "The median in" in transcript
    assert lines[-1].startswith("Switchboard: Opened Fire Services Fee.")
    queues = [q.get("Name") for q in sandbox_thread.state.teams.callQueues.values()]
    assert "Fire Services Fee" in queues
