"""Pop-up line time to live: `PopupService.open` of a line with hours, a greeting, a department's agents
and a pool number, on the county sandbox with Teams-like cmdlet latencies and eventual-consistency
delays, until a call to its number traces to the queue's agents. Also the same edits applied one after
another (engine concurrency 1), each on a fresh sandbox, printed as a ratio (target: live ≤ 120 s).
Usage: python bench/popup.py [--teams-latency realistic] [--teams-delay 30]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import tempfile
import time
from pathlib import Path

from graph import GraphConfig, open_graph
from graph.teams_admin import open_teams_admin, teams_admin_config
from provisioning.popup import PopupRequest, PopupService
from sandbox.config import SandboxConfig, parse_teams_latency
from sandbox.seeds import build_seed
from sandbox.server import running_sandbox
from store import Store

TARGET_S = 120.0
TODAY = dt.date(2026, 11, 2)
DURING_HOURS = dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)  # Tuesday 10:00 Eastern


def department(state: object) -> str:
    sizes: dict[str, int] = {}
    for user in state.users.values():  # type: ignore[attr-defined]
        if user.department and user.accountType == "user":
            sizes[user.department] = sizes.get(user.department, 0) + 1
    return min((d for d, n in sizes.items() if 5 <= n <= 20), key=lambda d: (-sizes[d], d))


async def open_once(config: SandboxConfig, concurrency: int | None, folder: Path) -> tuple[float, str, int]:
    """Seconds from `open` to a traced answer, the final destination, and the steps applied."""
    state = build_seed("county", TODAY)
    request = PopupRequest(
        "Fire Services Fee",
        (f"department:{department(state)}",),
        greeting="Thank you for calling about the fire services fee.",
        hours="Mon-Fri 08:00-17:00",
        after_hours="disconnect",
    )
    async with running_sandbox(state, config) as sb:
        store = await Store.open(f"sqlite:///{folder / f'bench-{concurrency}.db'}")
        admin_config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=4)
        try:
            async with (
                open_graph(GraphConfig(base_url=sb.base_url)) as graph,
                open_teams_admin(admin_config) as admin,
            ):
                service = PopupService(
                    graph, store, admin, actor="bench", now=DURING_HOURS, concurrency=concurrency
                )
                started = time.perf_counter()
                opened = await service.open(request)
                seconds = time.perf_counter() - started
        finally:
            await store.close()
    final = opened.trace.final if opened.trace else None
    return seconds, f"{final.kind} {final.ref}" if final else "no trace", len(opened.plan.actions)


async def main(latency: str, delay: float) -> None:
    config = SandboxConfig(
        operation_delay_s=1.5, teams_delay_s=delay, teams_latency=parse_teams_latency(latency)
    )
    with tempfile.TemporaryDirectory() as tmp:
        parallel, reached, steps = await open_once(config, None, Path(tmp))
        serial, serial_reached, _ = await open_once(config, 1, Path(tmp))
    print(f"pop-up line, {steps} steps, teams latency {latency}, teams delay {delay:g} s")
    print(
        f"  live (traced to {reached}): {parallel:6.1f} s   target ≤ {TARGET_S:.0f} s  "
        f"{'OK' if parallel <= TARGET_S and reached.startswith('agents') else 'MISSED'}"
    )
    print(f"  one edit after another ({serial_reached}): {serial:6.1f} s")
    print(f"  ratio (one after another / engine): {serial / parallel:4.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--teams-latency", default="realistic")
    parser.add_argument("--teams-delay", type=float, default=30.0)
    args = parser.parse_args()
    asyncio.run(main(args.teams_latency, args.teams_delay))
