"""Onboarding speed against a sandbox with latency and a per-app write throttle.

Prints, measured in this run:
  * achieved writes per second ÷ the throttle limit (target ≥ 0.9),
  * speed-up over a sequential one-at-a-time loop that polls each order every 2 s, as the anchor
    scripts do (target ≥ 20×; the loop is timed on a sample and scaled to the same head count),
  * failures with 2 % injected 503s (target 0).
Usage: python bench/onboard.py [--large 10000] [--latency-ms 25] [--write-rate 20]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import tempfile
import time
import uuid
from pathlib import Path

from graph import GraphConfig, open_graph
from provisioning import Applier, PhoneService
from provisioning.onboarding import StaffRow, city_pools, onboarding_state
from sandbox.config import SandboxConfig, parse_faults
from sandbox.seeds import build_seed
from sandbox.seeds.inventory import number_id
from sandbox.server import SandboxThread
from sandbox.state import SKU_TEAMS_PHONE, NumberAssignment, TenantState
from store import Store

TODAY = dt.date(2026, 11, 2)


def tenant(staff: int) -> TenantState:
    """The city seed, grown to `staff` licensed people and as many free numbers plus spares."""
    state = build_seed("city", TODAY)
    template = next(
        u for u in state.users.values() if u.usageLocation and SKU_TEAMS_PHONE in u.assignedSkuIds
    )
    for user in state.users.values():  # the bench measures numbers, not the licence/usage trap rows
        user.usageLocation, user.assignedSkuIds = "US", list(template.assignedSkuIds)
    for index in range(len(state.users), staff):
        uid = str(uuid.UUID(int=index + 1, version=4))
        state.users[uid] = dataclasses.replace(
            template,
            id=uid,
            userPrincipalName=f"staff{index}@lakeside-city.example",
            mail=f"staff{index}@lakeside-city.example",
            assignedSkuIds=list(template.assignedSkuIds),
        )
    operator = next(iter(state.operators))
    for line in range(staff + 50):
        telephone = f"+1561{6000000 + line}"
        state.numbers.setdefault(
            telephone,
            NumberAssignment(
                id=number_id(telephone),
                telephoneNumber=telephone,
                numberType="operatorConnect",
                capabilities=["userAssignment"],
                operatorId=operator,
                city="Lakeside",
            ),
        )
    for sku in state.skus.values():
        sku.enabledUnits = max(sku.enabledUnits, staff + 10)
    return state


def rows_for(state: TenantState) -> list[StaffRow]:
    users = sorted(
        (u for u in state.users.values() if u.accountType == "user"), key=lambda u: u.userPrincipalName
    )
    return [
        StaffRow(i + 2, u.userPrincipalName.lower(), u.department or "Staff", "Lakeside", None)
        for i, u in enumerate(users)
    ]


async def ours(state: TenantState, config: SandboxConfig) -> dict[str, float]:
    thread = SandboxThread(state, config).start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            store = await Store.open(f"sqlite:///{Path(folder) / 'bench.db'}")
            try:
                async with open_graph(GraphConfig(base_url=thread.base_url, max_concurrency=64)) as graph:
                    service = PhoneService(graph, store, actor="bench")
                    current = await service.read()
                    desired = onboarding_state(rows_for(state), None, city_pools(None, current, None))
                    planned = (await service.plan(desired, current)).plan
                    log = thread.sandbox.requests  # type: ignore[union-attr]
                    log.clear()
                    started = time.perf_counter()
                    result = await Applier(graph, store, actor="bench").apply(planned, current)
                    elapsed = time.perf_counter() - started
            finally:
                await store.close()
        writes = sum(1 for e in log.entries if e.method in {"POST", "PATCH"} and e.status < 400)
        throttled = sum(1 for e in log.entries if e.status == 429)
        return {
            "people": len(rows_for(state)),
            "actions": len(planned.actions),
            "seconds": elapsed,
            "writes": writes,
            "throttled": throttled,
            "failed": len(result.failed) + len(result.skipped),
        }
    finally:
        thread.stop()


async def sequential(state: TenantState, config: SandboxConfig, sample: int) -> float:
    """Seconds per person for the anchor loop: one assign, then poll every 2 s until it settles."""
    thread = SandboxThread(state, config).start()
    try:
        async with open_graph(
            GraphConfig(base_url=thread.base_url, max_concurrency=1, poll_interval_s=2.0)
        ) as graph:
            free = sorted(
                n.telephone_number
                for n in await graph.numbers.list(filter="assignmentStatus eq 'unassigned'")
                if "userAssignment" in n.capabilities
            )
            people = [u for u in (await graph.users.list())[:sample]]
            started = time.perf_counter()
            for person, number in zip(people, free, strict=False):
                operation = await graph.numbers.assign(
                    telephone_number=number, target_id=person.id, number_type="operatorConnect"
                )
                while not (await graph.numbers.get_operation(operation)).is_terminal:
                    await asyncio.sleep(2.0)
            return (time.perf_counter() - started) / len(people)
    finally:
        thread.stop()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--latency-ms", type=float, default=25.0)
    parser.add_argument("--write-rate", type=float, default=20.0)
    parser.add_argument("--large-write-rate", type=float, default=100.0)
    parser.add_argument("--sample", type=int, default=10)
    args = parser.parse_args()
    base = SandboxConfig(
        latency_ms=args.latency_ms,
        operation_delay_s=1.0,
        write_rate=args.write_rate,
        write_burst=int(args.write_rate),
    )
    print(
        f"sandbox: latency {args.latency_ms:g} ms, orders settle in 1.0 s, write throttle {args.write_rate:g}/s per app"
    )
    city = asyncio.run(ours(tenant(300), base))
    rate = city["writes"] / city["seconds"]
    print(
        f"city 300:   {city['actions']:.0f} actions in {city['seconds']:.1f} s, {rate:.1f} writes/s "
        f"÷ limit {args.write_rate:g} = {rate / args.write_rate:.2f} (target ≥ 0.9); 429s: {city['throttled']:.0f}; "
        f"failed {city['failed']:.0f}"
    )
    per_person = asyncio.run(sequential(tenant(300), base, args.sample))
    print(
        f"sequential: {per_person:.2f} s per person (sample of {args.sample}) → {per_person * 300:.0f} s for 300; "
        f"speed-up {per_person * 300 / city['seconds']:.1f}× (target ≥ 20×)"
    )
    faulty = dataclasses.replace(base, faults=parse_faults("*:503@0.02"))
    storm = asyncio.run(ours(tenant(300), faulty))
    print(
        f"2 % 503s:   {storm['actions']:.0f} actions, failed {storm['failed']:.0f} (target 0), {storm['seconds']:.1f} s"
    )
    if args.large:
        large_config = dataclasses.replace(
            base, write_rate=args.large_write_rate, write_burst=int(args.large_write_rate)
        )
        big = asyncio.run(ours(tenant(args.large), large_config))
        big_rate = big["writes"] / big["seconds"]
        print(
            f"large {args.large}: {big['actions']:.0f} actions in {big['seconds']:.1f} s, {big_rate:.1f} writes/s ÷ limit "
            f"{args.large_write_rate:g} = {big_rate / args.large_write_rate:.2f}; failed {big['failed']:.0f}"
        )


if __name__ == "__main__":
    main()
