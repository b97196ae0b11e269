"""plan → apply → export against sandboxes over HTTP, on SQLite and PostgreSQL: onboarding the city,
the export round trip on the county, faults during apply, and a killed apply that converges on re-run."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from graph import GraphConfig, open_graph
from graph.errors import ServiceUnavailable
from provisioning import (
    Applier,
    PhoneService,
    ServiceFailed,
    Settler,
    StalePlan,
    parse_phone_system,
    to_yaml,
)
from provisioning.onboarding import city_pools, onboarding_state, parse_staff_csv
from sandbox.config import SandboxConfig, parse_faults
from sandbox.server import RunningSandbox, SandboxThread
from sandbox.state import SKU_TEAMS_PHONE, TenantState
from store import Store
from tests.conftest import SandboxFactory, seeded


def staff_csv(state: TenantState) -> str:
    lines = ["UserPrincipalName,Department,City"]
    lines += [
        f"{u.userPrincipalName},{u.department},{u.city}"
        for u in state.users.values()
        if u.accountType == "user"
    ]
    return "\n".join(lines) + "\n"


def assert_one_to_one(state: TenantState, upns: list[str]) -> None:
    """Exactly one primary number per onboarded person, and no number held twice."""
    by_upn = {u.userPrincipalName.lower(): u for u in state.users.values()}
    held = Counter(n.assignmentTargetId for n in state.numbers.values() if n.assignmentTargetId)
    for upn in upns:
        assert held[by_upn[upn].id] == 1, upn
    assert all(count == 1 for count in held.values())


async def test_city_onboarding_then_rerun_is_empty(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("city")
    rows, errors = parse_staff_csv(staff_csv(sb.state))
    assert not errors and len(rows) == 300
    store = await Store.open(database_url)
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph:
            service = PhoneService(graph, store, actor="test")
            current = await service.read()
            desired = onboarding_state(rows, None, city_pools(None, current, None))
            planned = (await service.plan(desired, current)).plan
            assert not planned.problems and planned.counts()["create"] == 300
            result = await Applier(graph, store, actor="test").apply(planned, current)
            assert result.ok and len(result.done) == len(planned.actions)
            again = (await service.plan(desired)).plan
            assert again.actions == () and len(again.unchanged_subjects) == 300
        events = await store.audit.list(limit=5000)
        assert len(events) == len(planned.actions) and {e.actor for e in events} == {"test"}
    finally:
        await store.close()
    assert_one_to_one(sb.state, [r.upn for r in rows])


async def test_county_export_plans_to_zero_changes(sandbox_factory: SandboxFactory, tmp_path: Path) -> None:
    sb = await sandbox_factory("county")
    store = await Store.open(f"sqlite:///{tmp_path / 'sb.db'}")
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph:
            service = PhoneService(graph, store, actor="test")
            exported = to_yaml(await service.export())
            desired = parse_phone_system(exported, "export.yaml")
            assert len(desired.users) > 600 and desired.tenant.emergency_locations
            planned = (await service.plan(desired)).plan
        assert planned.empty, (planned.actions[:3], planned.problems[:3])
    finally:
        await store.close()


def orders_per_number(state: TenantState, kind: str = "assign") -> Counter[str]:
    """How many orders of `kind` the service received for each number (the sandbox keeps every one)."""
    return Counter(op.request["telephoneNumber"] for op in list(state.operations.values()) if op.kind == kind)


def held_by(state: TenantState, upns: list[str]) -> set[str]:
    ids = {u.id for u in state.users.values() if u.userPrincipalName.lower() in upns}
    return {n.telephoneNumber for n in state.numbers.values() if n.assignmentTargetId in ids}


async def test_apply_through_gateway_timeouts_never_doubles(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    config = SandboxConfig(operation_delay_s=0.05, faults=parse_faults("numbers:504@0.3,users:503@0.2"))
    sb = await sandbox_factory("city", config=config)
    rows, _ = parse_staff_csv(staff_csv(sb.state))
    rows = rows[:60]
    store = await Store.open(f"sqlite:///{tmp_path / 'sb.db'}")
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph:
            service = PhoneService(graph, store, actor="test")
            for _attempt in range(5):  # an admin re-runs until clean
                try:
                    current = await service.read()
                    desired = onboarding_state(rows, None, city_pools(None, current, None))
                    await service.settle()
                    planned = await service.plan(desired)
                    if not planned.plan.actions:
                        break
                    await Applier(graph, store, actor="test").apply(planned.plan, planned.current)
                except (ServiceUnavailable, ServiceFailed):
                    # One read met six 503s in a row (p ≈ 6e-5 each at this fault rate, over ~1,000 reads):
                    # the run stops with nothing half-applied, and the admin runs it again.
                    continue
    finally:
        await store.close()
    upns = [r.upn for r in rows]
    assert_one_to_one(sb.state, upns)
    timed_out = [e for e in sb.requests.entries if e.status == 504 and "assignNumber" in e.path]
    assert timed_out, "no assign met a gateway timeout: the fault this test is about never happened"
    orders = orders_per_number(sb.state)
    assert set(orders) == held_by(sb.state, upns)
    assert all(count == 1 for count in orders.values()), {n: c for n, c in orders.items() if c > 1}


def await_orders(
    state: TenantState, at_least: int, process: subprocess.Popen[bytes], timeout_s: float
) -> None:
    """Block until the sandbox has received `at_least` orders (or the process ended, or time ran out)."""
    deadline = time.monotonic() + timeout_s
    while len(state.operations) < at_least and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)


def test_killed_apply_converges_on_rerun(tmp_path: Path) -> None:
    state = seeded("city")
    thread = SandboxThread(state, SandboxConfig(operation_delay_s=0.3)).start()
    try:
        rows, _ = parse_staff_csv(staff_csv(state))
        chosen = rows[:120]
        upns = [r.upn for r in chosen]
        csv_path = tmp_path / "staff.csv"
        csv_path.write_text(
            "upn,department,city\n" + "".join(f"{r.upn},{r.department},{r.city}\n" for r in chosen)
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'sb.db'}",
            "SWITCHBOARD_GRAPH_URL": thread.base_url,
            "SWITCHBOARD_MAX_CONCURRENCY": "16",
        }
        command = [sys.executable, "-m", "cli", "onboard", str(csv_path), "--yes"]
        for orders_seen in (20, 60):  # killed twice, each time once the service has seen this many orders
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await_orders(state, orders_seen, process, timeout_s=120)
            process.send_signal(signal.SIGKILL)
            assert process.wait() == -signal.SIGKILL, "the apply finished before it could be killed"
            assert orders_seen <= len(state.operations) < len(chosen), "the kill did not land mid-apply"
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert final.returncode == 0, final.stdout[-2000:] + final.stderr[-2000:]
        check = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert "already matches" in check.stdout
        assert_one_to_one(state, upns)
        orders = orders_per_number(state)
        assert set(orders) == held_by(state, upns)
        assert all(count == 1 for count in orders.values()), {n: c for n, c in orders.items() if c > 1}
        audited = asyncio.run(audited_assignments(f"sqlite:///{tmp_path / 'sb.db'}"))
        assert audited == Counter(dict.fromkeys(orders, 1))  # each order in the audit log exactly once
    finally:
        thread.stop()


async def audited_assignments(database_url: str) -> Counter[str]:
    """Numbers whose assignment the audit log records as done, counted (settled steps name the `ref`)."""
    store = await Store.open(database_url)
    try:
        events = await store.audit.list(limit=10_000)
    finally:
        await store.close()
    return Counter(
        (e.after or {}).get("number") or (e.after or {}).get("ref")
        for e in events
        if e.action == "assign_number" and e.result == "done"
    )


def test_onboard_cli_rejects_bad_rows_and_applies_nothing(
    tmp_path: Path, sandbox_thread: SandboxThread
) -> None:
    bad = tmp_path / "staff.csv"
    bad.write_text(
        "upn,department,city\nnobody@nowhere.example,Transit,Palmetto Springs\nx,Transit,Cedar Bay\n"
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'sb.db'}",
        "SWITCHBOARD_GRAPH_URL": sandbox_thread.base_url,
    }
    before = sum(1 for n in sandbox_thread.state.numbers.values() if n.assignmentTargetId)
    result = subprocess.run(
        [sys.executable, "-m", "cli", "onboard", str(bad), "--yes"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2
    assert f"{bad}:2: upn: nobody@nowhere.example does not exist in the tenant" in result.stderr
    assert f"{bad}:3: upn: 'x' is not a user principal name" in result.stderr
    assert sum(1 for n in sandbox_thread.state.numbers.values() if n.assignmentTargetId) == before


def test_saved_plan_is_refused_when_stale(tmp_path: Path) -> None:
    state = seeded("city")
    thread = SandboxThread(state, SandboxConfig(operation_delay_s=0.05)).start()
    try:
        user = next(u for u in state.users.values() if u.usageLocation)
        desired = tmp_path / "ps.yaml"
        desired.write_text(
            f"pools: [{{name: lk, city: Lakeside}}]\nusers:\n  - {{upn: {user.userPrincipalName}, pool: lk}}\n"
        )
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'sb.db'}",
            "SWITCHBOARD_GRAPH_URL": thread.base_url,
        }
        saved = subprocess.run(
            [sys.executable, "-m", "cli", "plan", "-f", str(desired), "--json"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout
        (tmp_path / "plan.json").write_text(saved)
        other = next(
            n
            for n in state.numbers.values()
            if n.assignmentStatus == "unassigned" and n.telephoneNumber != ""
        )
        other.locationId = "drift"  # someone changed the tenant by hand meanwhile
        other.assignmentStatus, other.assignmentTargetId = "userAssigned", next(iter(state.users))
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "cli",
                "apply",
                "-f",
                str(desired),
                "--plan",
                str(tmp_path / "plan.json"),
                "--yes",
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 1 and "stale" in result.stderr
    finally:
        thread.stop()


class FakeClock:
    """Time that passes only when waited on, so a deadline test takes no wall-clock time."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept = 0.0

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds
        await asyncio.sleep(0.01)  # let the sandbox's loop serve the next read


async def crashed_assignment(
    sb: RunningSandbox, store: Store, operation_id: str | None
) -> tuple[str, str, str]:
    """A journal entry left `submitted` by a run that died around sending an assign: (key, number, user id)."""
    user = next(u for u in sb.state.users.values() if u.usageLocation and len(u.assignedSkuIds) == 2)
    number = next(
        n
        for n in sorted(sb.state.numbers)
        if sb.state.numbers[n].assignmentStatus == "unassigned"
        and "userAssignment" in sb.state.numbers[n].capabilities
    )
    key = f"assign_number:{user.userPrincipalName.lower()}:{number}"
    await store.journal.start("crashed-run", [(key, "assign_number", user.userPrincipalName.lower())])
    await store.journal.mark_submitted("crashed-run", key, operation_id)
    return key, number, user.id


async def test_settle_waits_for_orders_left_in_flight_and_audits_them_once(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory("city", config=SandboxConfig(operation_delay_s=0.3))
    store = await Store.open(f"sqlite:///{tmp_path / 'sb.db'}")
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph:
            key, number, user_id = await crashed_assignment(sb, store, None)  # intent written, then it died
            await graph.numbers.assign(
                telephone_number=number, target_id=user_id, number_type="operatorConnect"
            )
            settler = Settler(graph, store, actor="test")
            assert await settler.settle_all() == 1
            assert (await store.journal.entries("crashed-run"))[key].status == "done"
            assert await settler.settle_all() == 0  # nothing left in flight: a second re-run audits nothing
            events = await store.audit.list(limit=10)
    finally:
        await store.close()
    assert [(e.action, e.result, (e.after or {}).get("ref")) for e in events] == [
        ("assign_number", "done", number)
    ]


async def test_settle_reads_the_number_when_the_service_forgot_the_operation(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory("city", config=SandboxConfig(operation_delay_s=0.05))
    store = await Store.open(f"sqlite:///{tmp_path / 'sb.db'}")
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph:
            key, number, user_id = await crashed_assignment(sb, store, None)
            operation = await graph.numbers.assign(
                telephone_number=number, target_id=user_id, number_type="operatorConnect"
            )
            await store.journal.mark_submitted("crashed-run", key, operation)
            await graph.numbers.wait(operation)
            sb.state.operations.clear()  # the service restarted and forgot its operations
            assert await Settler(graph, store, actor="test").settle_all() == 1
            assert (await store.journal.entries("crashed-run"))[key].status == "done"
            gone = [e for e in sb.requests.entries if e.status == 404 and operation in e.path]
    finally:
        await store.close()
    assert gone, "settle never asked for the forgotten operation"


async def test_settle_gives_up_at_its_deadline_on_the_injected_clock(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory("city", config=SandboxConfig(operation_delay_s=3600))  # never settles
    store = await Store.open(f"sqlite:///{tmp_path / 'sb.db'}")
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph:
            key, number, user_id = await crashed_assignment(sb, store, None)
            await graph.numbers.assign(
                telephone_number=number, target_id=user_id, number_type="operatorConnect"
            )
            clock = FakeClock()
            await Settler(graph, store, actor="test", clock=clock, timeout_s=120).settle_all()
            entry = (await store.journal.entries("crashed-run"))[key]
    finally:
        await store.close()
    assert entry.status == "submitted"  # still in flight: left for the next run, not guessed
    assert 120 <= clock.slept < 121


async def test_the_engine_refuses_a_plan_made_from_another_state(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory("city")
    rows, _ = parse_staff_csv(staff_csv(sb.state))
    store = await Store.open(f"sqlite:///{tmp_path / 'sb.db'}")
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph:
            service = PhoneService(graph, store, actor="test")
            current = await service.read()
            desired = onboarding_state(rows[:3], None, city_pools(None, current, None))
            planned = await service.plan(desired, current)
            assert len(planned.plan.actions) >= 3
            drifted = next(n for n in sb.state.numbers.values() if n.assignmentStatus == "unassigned")
            drifted.locationId = "moved-by-hand"  # someone changed the tenant in the admin center meanwhile
            now = await service.read()
            writes_before = sum(1 for e in sb.requests.entries if e.method in {"POST", "PATCH"})
            with pytest.raises(StalePlan):
                await Applier(graph, store, actor="test").apply(planned.plan, now)
            with pytest.raises(StalePlan):
                await service.apply(desired, saved=planned.plan)
            writes_after = sum(1 for e in sb.requests.entries if e.method in {"POST", "PATCH"})
    finally:
        await store.close()
    assert writes_after == writes_before  # nothing of the stale plan was sent


async def test_a_failed_step_skips_what_waits_for_it_and_nothing_else(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory("county", config=SandboxConfig(faults=parse_faults("operations:fail@1.0")))
    ready = [
        u
        for u in sb.state.users.values()
        if u.accountType == "user" and u.usageLocation and SKU_TEAMS_PHONE in u.assignedSkuIds
    ]
    holders = {
        n.assignmentTargetId for n in sb.state.numbers.values() if n.assignmentStatus == "userAssigned"
    }
    mover = next(u for u in ready if u.id in holders)
    newcomer = next(u for u in ready if u.id not in holders)
    free = sorted(
        n.telephoneNumber
        for n in sb.state.numbers.values()
        if n.assignmentStatus == "unassigned" and "userAssignment" in n.capabilities
    )
    desired = parse_phone_system(
        f"users:\n  - {{upn: {mover.userPrincipalName}, number: '{free[0]}'}}\n"
        f"  - {{upn: {newcomer.userPrincipalName}, number: '{free[1]}'}}\n"
    )
    store = await Store.open(f"sqlite:///{tmp_path / 'sb.db'}")
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph:
            planned = await PhoneService(graph, store, actor="test").plan(desired)
            result = await Applier(graph, store, actor="test").apply(planned.plan, planned.current)
    finally:
        await store.close()
    mover_upn, newcomer_upn = mover.userPrincipalName.lower(), newcomer.userPrincipalName.lower()
    assert sorted((a.op, a.subject) for a, _ in result.failed) == sorted(
        [("unassign_number", mover_upn), ("assign_number", newcomer_upn)]
    )
    assert [(a.op, a.subject, why) for a, why in result.skipped] == [
        ("assign_number", mover_upn, "skipped: unassign_number failed")
    ]
    assert result.done == [] and not result.ok
    assert orders_per_number(sb.state) == Counter({free[1]: 1})  # the mover's new number was never ordered
