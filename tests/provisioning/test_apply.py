"""plan → apply → export against sandboxes over HTTP, on SQLite and PostgreSQL: onboarding the city,
the export round trip on the county, faults during apply, and a killed apply that converges on re-run."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

from graph import GraphConfig, open_graph
from graph.errors import ServiceUnavailable
from provisioning.apply import Applier, settle_all
from provisioning.current import read_current
from provisioning.export import export_state, to_yaml
from provisioning.loader import parse_phone_system
from provisioning.onboarding import city_pools, onboarding_state, parse_staff_csv
from provisioning.workflow import make_plan
from sandbox.config import SandboxConfig, parse_faults
from sandbox.server import SandboxThread
from sandbox.state import TenantState
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
            current = await read_current(graph)
            desired = onboarding_state(rows, None, city_pools(None, current, None))
            planned = (await make_plan(graph, store, desired, current)).plan
            assert not planned.problems and planned.counts()["create"] == 300
            result = await Applier(graph, store, actor="test").apply(planned)
            assert result.ok and len(result.done) == len(planned.actions)
            again = (await make_plan(graph, store, desired)).plan
            assert again.actions == () and len(again.unchanged) == 300
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
            exported = to_yaml(export_state(await read_current(graph)))
            desired = parse_phone_system(exported, "export.yaml")
            assert len(desired.users) > 600 and desired.tenant.emergency_locations
            planned = (await make_plan(graph, store, desired)).plan
        assert planned.empty, (planned.actions[:3], planned.problems[:3])
    finally:
        await store.close()


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
            for _attempt in range(5):  # an admin re-runs until clean
                try:
                    current = await read_current(graph)
                    desired = onboarding_state(rows, None, city_pools(None, current, None))
                    await settle_all(graph, store)
                    planned = (await make_plan(graph, store, desired, current)).plan
                    if not planned.actions:
                        break
                    await Applier(graph, store, actor="test").apply(planned)
                except ServiceUnavailable:
                    # One read met six 503s in a row (p ≈ 6e-5 each at this fault rate, over ~1,000 reads):
                    # the run stops with nothing half-applied, and the admin runs it again.
                    continue
    finally:
        await store.close()
    assert_one_to_one(sb.state, [r.upn for r in rows])
    assigns = Counter(e.path for e in sb.requests.entries if e.method == "POST" and "assignNumber" in e.path)
    assert assigns  # orders went out; the 504'd ones were confirmed by reading state, not re-sent blindly


def test_killed_apply_converges_on_rerun(tmp_path: Path) -> None:
    state = seeded("city")
    thread = SandboxThread(state, SandboxConfig(operation_delay_s=0.3)).start()
    rng = random.Random(20261102)
    try:
        rows, _ = parse_staff_csv(staff_csv(state))
        chosen = rows[:120]
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
        for _kill in range(2):  # killed twice at random points mid-apply
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                process.wait(timeout=rng.uniform(2.0, 4.5))
            except subprocess.TimeoutExpired:
                process.send_signal(signal.SIGKILL)
                process.wait()
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert final.returncode == 0, final.stdout[-2000:] + final.stderr[-2000:]
        check = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert "already matches" in check.stdout
        assert_one_to_one(state, [r.upn for r in chosen])
    finally:
        thread.stop()


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


async def test_settle_waits_for_orders_left_in_flight(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    sb = await sandbox_factory("city", config=SandboxConfig(operation_delay_s=0.3))
    user = next(u for u in sb.state.users.values() if u.usageLocation and len(u.assignedSkuIds) == 2)
    number = next(
        n
        for n in sorted(sb.state.numbers)
        if sb.state.numbers[n].assignmentStatus == "unassigned"
        and "userAssignment" in sb.state.numbers[n].capabilities
    )
    store = await Store.open(f"sqlite:///{tmp_path / 'sb.db'}")
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph:
            key = f"assign_number:{user.userPrincipalName.lower()}:{number}"
            await store.journal.start("crashed-run", [(key, "assign_number", user.userPrincipalName.lower())])
            await store.journal.mark_submitted(
                "crashed-run", key, None
            )  # intent written, then the process died
            await graph.numbers.assign(
                telephone_number=number, target_id=user.id, number_type="operatorConnect"
            )
            assert await settle_all(graph, store) == 1
            assert (await store.journal.entries("crashed-run"))[key].status == "done"
    finally:
        await store.close()
