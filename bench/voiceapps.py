"""Voice apps as desired state against the county sandbox with Teams-like latencies
(`--teams-latency realistic`, scaled so a run takes minutes, not an hour).

Prints, measured in this run:
  * plan time of a tenant of ≥ 5,000 objects (people, numbers, resource accounts, queues, attendants;
    the county grown with free numbers), reads through Graph and the Teams workers included, at the
    full realistic Teams latency (`--plan-scale 1`; target ≤ 10 s),
  * apply of 40 new call queues, each on a new resource account with a pool number, plus 10 auto
    attendants on their own accounts: the engine (independent apps side by side, adaptive limiter)
    against the same plan one step after another; the ratio (target ≥ 5×),
  * failures of the parallel apply with 2 % transient Teams and Graph errors injected (target 0).
The applies run at `--scale` (default 0.1: a tenth of the realistic latencies and RA sync delay, so
both the engine and the one-after-another baseline finish in minutes; the ratio is what is compared).
Usage: python bench/voiceapps.py [--scale 0.1] [--plan-scale 1] [--queues 40] [--attendants 10]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import yaml

from graph import GraphConfig, open_graph
from graph.teams_admin import open_teams_admin, teams_admin_config
from provisioning import Applier, PhoneService, PhoneSystem, parse_phone_system, to_yaml
from sandbox.config import SandboxConfig, TeamsLatency, parse_faults
from sandbox.seeds import build_seed
from sandbox.seeds.inventory import number_id
from sandbox.server import SandboxThread
from sandbox.state import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT, NumberAssignment, TenantState
from store import Store

TODAY = dt.date(2026, 11, 2)
DOMAIN = "palmetto-county.example"
POOL = {"name": "voice-apps", "capability": "voiceApplicationAssignment"}


def tenant(objects: int, apps: int) -> TenantState:
    """The county, with free voice-app numbers for the new apps and free user numbers up to `objects`."""
    state = build_seed("county", TODAY)
    seats = state.skus[SKU_TEAMS_PHONE_RESOURCE_ACCOUNT]
    seats.enabledUnits += apps + 10  # "bought" at $0, as the admin center asks (voice-apps.md §3.2)
    template = next(n for n in state.numbers.values() if "voiceApplicationAssignment" in n.capabilities)
    for line in range(apps + 10):
        telephone = f"+1561{7000000 + line}"
        state.numbers[telephone] = dataclasses.replace(
            template,
            id=number_id(telephone),
            telephoneNumber=telephone,
            assignmentStatus="unassigned",
            assignmentTargetId=None,
            assignmentCategory=None,
            locationId=None,
        )
    user_template = next(n for n in state.numbers.values() if "userAssignment" in n.capabilities)
    line = 0
    while count(state) < objects:
        telephone = f"+1561{8000000 + line}"
        state.numbers[telephone] = NumberAssignment(
            **{
                **dataclasses.asdict(user_template),
                "id": number_id(telephone),
                "telephoneNumber": telephone,
                "assignmentStatus": "unassigned",
                "assignmentTargetId": None,
                "assignmentCategory": None,
                "locationId": None,
            }
        )
        line += 1
    return state


def count(state: TenantState) -> int:
    teams = state.teams
    return (
        len(state.users)
        + len(state.numbers)
        + len(teams.applicationInstances)
        + len(teams.callQueues)
        + len(teams.autoAttendants)
        + len(teams.schedules)
    )


def new_apps(exported: PhoneSystem, queues: int, attendants: int) -> PhoneSystem:
    """The exported county plus `queues` queues and `attendants` attendants, each on its own new RA."""
    data = yaml.safe_load(to_yaml(exported))
    agents = [u["upn"] for u in data["users"][:3]]
    accounts, new_queues, new_attendants = [], [], []
    for i in range(queues):
        upn = f"bench-cq-{i}@{DOMAIN}"
        accounts.append(
            {
                "upn": upn,
                "display_name": f"Bench Queue {i}",
                "kind": "cq",
                "number": "auto",
                "pool": "voice-apps",
            }
        )
        new_queues.append(
            {"name": f"Bench Queue {i}", "language": "en-US", "agents": agents, "resource_accounts": [upn]}
        )
    for i in range(attendants):
        upn = f"bench-aa-{i}@{DOMAIN}"
        accounts.append(
            {
                "upn": upn,
                "display_name": f"Bench Line {i}",
                "kind": "aa",
                "number": "auto",
                "pool": "voice-apps",
            }
        )
        options = [
            {"key": str(k + 1), "to": {"call_queue": f"Bench Queue {(4 * i + k) % queues}"}} for k in range(4)
        ]
        new_attendants.append(
            {
                "name": f"Bench Line {i}",
                "language": "en-US",
                "time_zone": "Eastern Standard Time",
                "greeting": f"Bench line {i}.",
                "menu": {"prompt": "Choose.", "options": options},
                "resource_accounts": [upn],
            }
        )
    data["pools"] = data.get("pools", []) + [POOL]
    for key, items in (
        ("resource_accounts", accounts),
        ("call_queues", new_queues),
        ("auto_attendants", new_attendants),
    ):
        data[key] = data.get(key, []) + items
    return parse_phone_system(yaml.safe_dump(data, sort_keys=False), "bench.yaml")


@asynccontextmanager
async def service(thread: SandboxThread, db: Path, pool_size: int) -> AsyncIterator[PhoneService]:
    store = await Store.open(f"sqlite:///{db}")
    config = teams_admin_config(
        GraphConfig(base_url=thread.base_url), pool_size=pool_size, request_timeout_s=120
    )
    try:
        async with (
            open_graph(GraphConfig(base_url=thread.base_url, poll_interval_s=0.1)) as graph,
            open_teams_admin(config) as admin,
        ):
            yield PhoneService(graph, store, actor="bench", teams=admin)
    finally:
        await store.close()


def sandbox(args: argparse.Namespace, faults: str | None = None, scale: float | None = None) -> SandboxThread:
    scale = args.scale if scale is None else scale
    config = SandboxConfig(
        operation_delay_s=2.0 * scale,
        teams_delay_s=30.0 * scale,  # a new RA reaches Teams after (scaled) half a minute
        teams_latency=TeamsLatency("realistic", scale),
        faults=parse_faults(faults),
    )
    return SandboxThread(tenant(args.objects, args.queues + args.attendants), config).start()


async def timed_plan(args: argparse.Namespace, tmp: Path) -> None:
    thread = sandbox(args, scale=args.plan_scale)
    try:
        async with service(thread, tmp / "plan.db", args.pool_size) as svc:
            desired = parse_phone_system(to_yaml(await svc.export()), "export.yaml")
            assert thread.sandbox is not None
            objects = count(thread.sandbox.state)
            started = time.perf_counter()
            planned = await svc.plan(desired)
            took = time.perf_counter() - started
        print(
            f"plan of {objects:,} objects: {took:.1f} s at Teams latency ×{args.plan_scale:g} "
            f"({len(planned.plan.actions)} actions, {len(planned.plan.unchanged):,} no-ops; target ≤ 10 s)"
        )
    finally:
        thread.stop()


async def timed_apply(
    args: argparse.Namespace, tmp: Path, name: str, concurrency: int | None, faults: str | None = None
) -> tuple[float, int, int]:
    """Seconds, actions and failures of one apply of the new apps on a fresh sandbox."""
    thread = sandbox(args, faults)
    try:
        async with service(thread, tmp / f"{name}.db", args.pool_size if concurrency is None else 1) as svc:
            desired = new_apps(await svc.export(), args.queues, args.attendants)
            planned = await svc.plan(desired)
            assert not planned.plan.problems, planned.plan.problems[:3]
            began = time.perf_counter()
            trail: list[str] = []

            def note(action: Any, outcome: str) -> None:
                trail.append(f"{time.perf_counter() - began:6.1f}s {action.kind} {action.subject} {outcome}")

            applier = Applier(
                svc.graph, svc.store, actor="bench", teams=svc.teams, concurrency=concurrency, progress=note
            )
            started = time.perf_counter()
            result = await applier.apply(planned.plan, planned.current)
            took = time.perf_counter() - started
            again = (await svc.plan(desired)).plan if not result.failed else None
        if args.verbose:
            print("\n".join(trail))
        if again is not None and again.actions:
            print(f"  {name}: re-plan not empty ({len(again.actions)} actions)")
        return took, len(planned.plan.actions), len(result.failed) + len(result.skipped)
    finally:
        thread.stop()


async def main(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        await timed_plan(args, tmp)
        parallel, actions, failed = await timed_apply(args, tmp, "parallel", None)
        serial, _, _ = await timed_apply(args, tmp, "serial", 1)
        print(
            f"apply of {args.queues} queues + {args.attendants} attendants with RAs and numbers ({actions} actions): "
            f"{parallel:.1f} s side by side vs {serial:.1f} s one after another = {serial / parallel:.1f}× (target ≥ 5×); "
            f"{failed} not applied"
        )
        _, _, failures = await timed_apply(
            args, tmp, "faults", None, "teams:503@0.02,users:503@0.02,numbers:503@0.02"
        )
        print(f"failures with 2 % injected transient errors (Teams, users, numbers): {failures} (target 0)")


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=float, default=0.1, help="Teams latency scale (1 = realistic).")
    parser.add_argument("--plan-scale", type=float, default=1.0, help="Teams latency scale of the plan.")
    parser.add_argument("--objects", type=int, default=5000)
    parser.add_argument("--queues", type=int, default=40)
    parser.add_argument("--attendants", type=int, default=10)
    parser.add_argument("--pool-size", type=int, default=8, help="Teams admin workers.")
    parser.add_argument("--verbose", action="store_true", help="Print each step's finishing time.")
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(arguments()))
