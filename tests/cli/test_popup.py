"""`switchboard popup …` at the shell: bad options exit 2 naming the option before anything connects or
is stored; an unknown line is named; the list of a fresh database is empty; expire with nothing to do
exits 0. Real processes against the county sandbox."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from sandbox.server import SandboxThread
from store import Store


def popup(url: str, database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
    env["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(
        [sys.executable, "-m", "cli", "--graph-url", url, "popup", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def stored_lines(database: Path) -> int:
    async def count() -> int:
        store = await Store.open(f"sqlite:///{database}")
        try:
            return len(await store.popups.list(include_closed=True))
        finally:
            await store.close()

    return asyncio.run(count())


def test_bad_hours_exit_2_naming_the_option_and_store_nothing(
    sandbox_thread: SandboxThread, tmp_path: Path
) -> None:
    database = tmp_path / "sb.db"
    args = [
        "open",
        "Fire Services Fee",
        "--agents",
        "department:Clerk of Courts",
        "--hours",
        "Mon-Fry 08:00-17:00",
    ]
    result = popup(sandbox_thread.base_url, database, *args, "--yes")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "--hours" in result.stderr and "unknown day 'Fry'" in result.stderr
    assert not database.exists() or stored_lines(database) == 0


def test_too_many_agents_for_a_pop_up_queue_is_refused(sandbox_thread: SandboxThread, tmp_path: Path) -> None:
    assert sandbox_thread.sandbox is not None
    people = sorted(
        u.userPrincipalName
        for u in sandbox_thread.sandbox.state.users.values()
        if u.accountType == "user" and u.accountEnabled is not False
    )[:21]
    result = popup(
        sandbox_thread.base_url, tmp_path / "sb.db", "open", "Big Line", "--agents", ",".join(people), "--yes"
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "21 people; a pop-up queue rings at most 20 direct agents" in result.stderr
    unknown = popup(
        sandbox_thread.base_url, tmp_path / "sb.db", "open", "Big Line", "--agents", "ghost@nowhere.example"
    )
    assert unknown.returncode == 2
    assert "ghost@nowhere.example: no such user" in unknown.stderr
    assert stored_lines(tmp_path / "sb.db") == 0


def test_list_show_and_expire_on_a_fresh_database(sandbox_thread: SandboxThread, tmp_path: Path) -> None:
    database = tmp_path / "sb.db"
    listed = popup(sandbox_thread.base_url, database, "list")
    assert listed.returncode == 0, listed.stderr
    assert "Pop-up lines" in listed.stdout and "Fire" not in listed.stdout
    shown = popup(sandbox_thread.base_url, database, "show", "Fire Services Fee")
    assert shown.returncode != 0
    assert "no open pop-up line named 'Fire Services Fee'" in shown.stderr
    expired = popup(sandbox_thread.base_url, database, "expire", "--warn-days", "3")
    assert (expired.returncode, expired.stdout.strip()) == (0, "")
    assert popup(sandbox_thread.base_url, database, "expire", "--warn-days", "-1").returncode == 2
