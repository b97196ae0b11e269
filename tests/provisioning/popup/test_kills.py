"""`switchboard popup open` and `close` SIGKILLed mid-way (the process and its Teams workers gone at once),
then re-run with the same arguments: the line converges to one resource account, one queue and its
number in use, and after close to no queue and a retired account (no association, licence or number),
with the number back in the pool. Real processes, real HTTP
to a county sandbox, both database engines."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from sandbox.config import SandboxConfig
from sandbox.server import SandboxThread
from sandbox.state import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT, TenantState
from store import Store
from tests.conftest import seeded

LINE = "Fire Services Fee"
RA = "popup-fire-services-fee@"


def small_department(state: TenantState) -> str:
    sizes: dict[str, int] = {}
    for user in state.users.values():
        if user.department and user.accountType == "user":
            sizes[user.department] = sizes.get(user.department, 0) + 1
    return min((d for d, n in sizes.items() if 2 <= n <= 20), key=lambda d: (sizes[d], d))


def ra_ids(state: TenantState) -> list[str]:
    return [u.id for u in state.users.values() if u.userPrincipalName.lower().startswith(RA)]


def queues(state: TenantState) -> list[str]:
    return [q["Identity"] for q in state.teams.callQueues.values() if q.get("Name") == LINE]


def line_state(database_url: str) -> str | None:
    async def read() -> str | None:
        store = await Store.open(database_url)
        try:
            record = await store.popups.get(LINE)
            return None if record is None else record.state
        finally:
            await store.close()

    return asyncio.run(read())


def kill_when(command: list[str], env: dict[str, str], reached: Callable[[], bool]) -> None:
    """Start the command, SIGKILL its whole process group the moment `reached()` holds."""
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    while not reached() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait() == -signal.SIGKILL, "the command finished before the kill point"


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return done.stdout


def test_killed_open_and_close_converge_when_re_run(tmp_path: Path, database_url: str) -> None:
    state = seeded("county")
    department = small_department(state)
    thread = SandboxThread(state, SandboxConfig(operation_delay_s=0.1, teams_delay_s=1.0)).start()
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {"DATABASE_URL": database_url, "SWITCHBOARD_GRAPH_URL": thread.base_url}
        cli = [sys.executable, "-m", "cli", "popup"]
        open_line = [*cli, "open", LINE, "--agents", f"department:{department}", "--yes"]
        kill_when(open_line, env, lambda: bool(ra_ids(state)))  # the RA exists, nothing else yet
        assert line_state(database_url) == "opening"
        assert not state.teams.associations.get(ra_ids(state)[0])
        out = run(open_line, env)
        assert "Number to publish: +" in out
        (ra,) = ra_ids(state)
        assert len(queues(state)) == 1
        assert state.teams.associations[ra].configurationId == queues(state)[0]
        (number,) = [n for n, held in state.numbers.items() if held.assignmentTargetId == ra]
        assert f"Number to publish: {number}" in out
        assert state.numbers[number].assignmentStatus == "voiceApplicationAssigned"
        assert line_state(database_url) == "open"

        close_line = [*cli, "close", LINE]
        kill_when(close_line, env, lambda: ra not in state.teams.associations)
        assert line_state(database_url) == "closing"
        run(close_line, env)
        # The RA is retired, not deleted (Switchboard deletes no Entra accounts): unassociated, unlicensed.
        assert ra_ids(state) == [ra] and queues(state) == []
        assert ra not in state.teams.associations
        assert SKU_TEAMS_PHONE_RESOURCE_ACCOUNT not in state.users[ra].assignedSkuIds
        assert state.numbers[number].assignmentStatus == "unassigned"
        assert state.numbers[number].assignmentTargetId is None
        assert line_state(database_url) == "closed"
    finally:
        thread.stop()
