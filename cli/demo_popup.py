"""The demo's pop-up line story: open the fire-fee line (a department's people, opening hours, a greeting,
a pool number), trace a call to it in and out of hours, and show it in `popup list`. The lead's demo calls
`tour(graph_url, env, today)` while the county sandbox runs."""

from __future__ import annotations

import asyncio
import datetime as dt
import shlex
import subprocess
import sys

from cli.context import open_graph_from
from cli.output import console
from cli.runtime import load_settings
from graph import GraphError
from store import Store

LINE = "Fire Services Fee"


async def _department(graph_url: str) -> str | None:
    """A department of 3–20 people to staff the line (the biggest such), read through Graph."""
    async with open_graph_from(load_settings(graph_url=graph_url)) as graph:
        users = await graph.users.list()
    sizes: dict[str, int] = {}
    for user in users:
        if user.department and user.account_enabled is not False:
            sizes[user.department] = sizes.get(user.department, 0) + 1
    fitting = [d for d, n in sizes.items() if 3 <= n <= 20]
    return max(fitting, key=lambda d: (sizes[d], d)) if fitting else None


async def _number(database_url: str) -> str | None:
    store = await Store.open(database_url)
    try:
        record = await store.popups.get(LINE)
        return record.number if record else None
    finally:
        await store.close()


def _step(title: str, args: list[str], env: dict[str, str]) -> bool:
    console.rule(f"[bold]{title}")
    console.print(f"[dim]$ switchboard {shlex.join(args)}[/]")
    result = subprocess.run([sys.executable, "-m", "cli", *args], env=env, check=False)
    if result.returncode != 0:
        console.print(f"[yellow]Pop-up step exited {result.returncode}; the tour carries on.[/]")
    return result.returncode == 0


def tour(graph_url: str, env: dict[str, str], today: dt.date) -> None:
    """Open, trace in and out of hours, list, close; a failure prints one line and the demo carries on."""
    try:
        department = asyncio.run(_department(graph_url))
    except (GraphError, OSError) as exc:
        console.print(f"[yellow]Pop-up line: the directory could not be read ({exc}); skipping.[/]")
        return
    if department is None:
        console.print("[dim]Pop-up line: no department of 3–20 people to staff it; skipping.[/]")
        return
    until = today + dt.timedelta(days=60)
    opened = _step(
        f"Pop-up line: open the {LINE} line, staffed by {department}",
        ["popup", "open", LINE, "--agents", f"department:{department}", "--hours", "Mon-Fri 08:00-17:00",
         "--greeting", "Thank you for calling about the new fire services fee.", "--after-hours", "disconnect",
         "--until", until.isoformat(), "--yes"],
        env,
    )  # fmt: skip
    number = asyncio.run(_number(env["DATABASE_URL"])) if opened else None
    if number is None:
        return
    weekday = dt.datetime.combine(today + dt.timedelta(days=(7 - today.weekday()) % 7 + 1), dt.time(10, 0))
    _step(f"Pop-up line: a resident calls {number} on {weekday:%a %d %b} at 10:00",
          ["trace", number, "--at", weekday.isoformat(timespec="minutes")], env)  # fmt: skip
    evening = weekday.replace(hour=19)
    _step("Pop-up line: the same call at 19:00, after hours",
          ["trace", number, "--at", evening.isoformat(timespec="minutes")], env)  # fmt: skip
    _step("Pop-up line: the open lines", ["popup", "list"], env)
    _step(f"Pop-up line: the fee questions are answered — close it ({number} goes back to the pool)",
          ["popup", "close", LINE], env)  # fmt: skip
    _step("Pop-up line: the open lines after the close", ["popup", "list"], env)
