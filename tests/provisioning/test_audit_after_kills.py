"""Property: however often `switchboard onboard` is SIGKILLed mid-apply (usage locations, licences,
number orders against the city sandbox), the re-runs converge and the audit log holds exactly one `done`
row per change the tenant actually went through: none missing, none doubled, none for a non-change."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from provisioning.onboarding import parse_staff_csv
from sandbox.config import SandboxConfig
from sandbox.faults import LoggedRequest
from sandbox.server import SandboxThread
from sandbox.state import SKU_TEAMS_PHONE, TenantState
from store import Store
from tests.conftest import seeded

PEOPLE = 40  # onboarded per trial
NEW_HIRES = 20  # of whom this many have neither usage location nor licence yet
WRITES = 2 * NEW_HIRES + PEOPLE  # PATCH usageLocation + assignLicense per new hire, one order per person
# Kill points are counts of write requests the sandbox has received; each trial kills once or twice at
# points drawn (seeded, so CI replays them) from these bands of the apply.
BANDS = {"early": (1, 15), "middle": (25, 50), "late": (55, WRITES - 6)}
TRIALS = (("early",), ("middle",), ("late",), ("early", "late"))
SEED = 20261129

Change = tuple[str, str]  # (audit action, UPN for people kinds or the number for number kinds)


def kill_points(rng: random.Random, bands: tuple[str, ...]) -> list[int]:
    return [rng.randint(*BANDS[band]) for band in bands]


def new_hires_tenant() -> tuple[TenantState, list[str]]:
    """The city, with the first NEW_HIRES onboarded people not yet given a usage location or licence."""
    state = seeded("city")
    people = [u for u in state.users.values() if u.accountType == "user" and u.usageLocation][:PEOPLE]
    for user in people[:NEW_HIRES]:
        user.usageLocation = None
        user.assignedSkuIds = [s for s in user.assignedSkuIds if s != SKU_TEAMS_PHONE]
    return state, [u.userPrincipalName for u in people]


def snapshot(state: TenantState) -> dict[str, tuple[object, ...]]:
    users = {
        "user:" + u.userPrincipalName.lower(): (u.usageLocation, SKU_TEAMS_PHONE in u.assignedSkuIds)
        for u in state.users.values()
    }
    numbers = {"number:" + n: (held.assignmentTargetId,) for n, held in state.numbers.items()}
    return users | numbers


def changes(before: dict[str, tuple[object, ...]], after: dict[str, tuple[object, ...]]) -> Counter[Change]:
    """What the tenant went through, read from its state: each is one change an audit row must name."""
    found: Counter[Change] = Counter()
    for key, now in after.items():
        kind, name = key.split(":", 1)
        was = before[key]
        if kind == "user" and was[0] != now[0]:
            found["set_usage_location", name] += 1
        if kind == "user" and now[1] and not was[1]:
            found["assign_licence", name] += 1
        if kind == "user" and was[1] and not now[1]:
            found["licence removed (no step does this)", name] += 1
        if kind == "number" and was[0] != now[0]:
            found["assign_number" if now[0] else "unassign_number", name] += 1
    return found


def is_write(entry: LoggedRequest) -> bool:
    return entry.method != "GET" and entry.path.startswith("/v1.0/")


def writes_seen(thread: SandboxThread) -> list[LoggedRequest]:
    assert thread.sandbox is not None
    return [e for e in list(thread.sandbox.requests.entries) if is_write(e)]


async def audited(database_url: str) -> tuple[Counter[Change], list[str]]:
    """`done` audit rows as changes (number rows name the number: `number` when applied, `ref` when
    settled), and the one-line description of any row that is not `done`."""
    store = await Store.open(database_url)
    try:
        events = await store.audit.list(limit=100_000)
    finally:
        await store.close()
    rows: Counter[Change] = Counter()
    others = []
    for e in events:
        if e.result != "done":
            others.append(f"{e.action} {e.target} {e.result}: {e.detail}")
            continue
        states = [s for s in (e.after, e.before) if s]
        number = next((str(s.get("number") or s.get("ref") or "") for s in states), "")
        rows[e.action, number if "number" in e.action else e.target.lower()] += 1
    return rows, others


def run_trial(tmp_path: Path, points: list[int]) -> None:
    state, upns = new_hires_tenant()
    before = snapshot(state)
    thread = SandboxThread(state, SandboxConfig(operation_delay_s=0.1)).start()
    try:
        rows, errors = parse_staff_csv(
            "UserPrincipalName,Department,City\n"
            + "".join(f"{u.userPrincipalName},{u.department},{u.city}\n" for u in state.users.values())
        )
        assert not errors
        wanted = {u.lower() for u in upns}
        chosen = [r for r in rows if r.upn.lower() in wanted]
        assert len(chosen) == PEOPLE
        csv_path = tmp_path / "staff.csv"
        csv_path.write_text(
            "upn,department,city\n" + "".join(f"{r.upn},{r.department},{r.city}\n" for r in chosen)
        )
        database_url = f"sqlite:///{tmp_path / 'sb.db'}"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
        env |= {
            "DATABASE_URL": database_url,
            "SWITCHBOARD_GRAPH_URL": thread.base_url,
            "SWITCHBOARD_MAX_CONCURRENCY": "8",
        }
        command = [sys.executable, "-m", "cli", "onboard", str(csv_path), "--yes"]
        for point in points:
            process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            deadline = time.monotonic() + 120
            while len(writes_seen(thread)) < point and process.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            process.send_signal(signal.SIGKILL)
            assert process.wait() == -signal.SIGKILL, f"the apply finished before write {point}"
            assert point <= len(writes_seen(thread)) < WRITES, f"the kill at write {point} was not mid-apply"
            assert snapshot(state) != before, "the killed run changed nothing"
        final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, check=False)
        assert final.returncode == 0, final.stdout[-2000:] + final.stderr[-2000:]

        happened = changes(before, snapshot(state))
        assert happened["set_usage_location", upns[0].lower()] == 1
        assert sum(happened.values()) == WRITES, happened  # converged: every wanted change was made
        accepted = [e for e in writes_seen(thread) if 200 <= e.status < 300]
        assert len(accepted) == WRITES, "a write was sent again instead of being settled"
        rows, others = asyncio.run(audited(database_url))
        assert not others, others
        assert rows == happened, {
            "missing": dict(happened - rows),
            "doubled or not a change": dict(rows - happened),
        }
    finally:
        thread.stop()


@pytest.mark.slow
@pytest.mark.parametrize("trial", range(len(TRIALS)), ids=["+".join(bands) for bands in TRIALS])
def test_audit_log_has_one_row_per_change_after_kills(tmp_path: Path, trial: int) -> None:
    rng = random.Random(SEED + trial)
    run_trial(tmp_path, kill_points(rng, TRIALS[trial]))
