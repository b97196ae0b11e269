"""The worker pool and client against a fake worker (tests/graph/teams_admin/fake_worker.py) with faults:
a worker that exits mid-request, hangs, loses its answer, starts slowly or writes garbage. Each test proves
the fault happened (the worker's pid changed, the fake's call counter) and that no write was duplicated."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from graph.teams_admin import (
    Call,
    NotFound,
    Script,
    TeamsAdmin,
    TeamsAdminConfig,
    Throttled,
    UnknownOutcome,
    Validation,
    WorkerUnavailable,
    open_teams_admin,
)

FAKE = str(Path(__file__).with_name("fake_worker.py"))


@dataclass
class Tenant:
    """The fake's shared state file and fault list, read back by tests."""

    state: Path
    faults: Path
    waits: list[float]

    def inject(self, *faults: dict[str, Any]) -> None:
        self.faults.write_text(json.dumps(list(faults)))

    def read(self) -> dict[str, Any]:
        return (
            json.loads(self.state.read_text())
            if self.state.exists()
            else {"calls": {}, "objects": {}, "pids": []}
        )

    def calls(self, cmdlet: str) -> int:
        return int(self.read()["calls"].get(cmdlet, 0))

    def pids(self) -> list[int]:
        return list(self.read()["pids"])

    def queues(self, name: str) -> list[dict[str, Any]]:
        return [o for o in self.read()["objects"].values() if o["kind"] == "CallQueue" and o["Name"] == name]

    def config(self, **overrides: Any) -> TeamsAdminConfig:
        env = {"FAKE_STATE": str(self.state), "FAKE_FAULTS": str(self.faults), **overrides.pop("env", {})}
        settings: dict[str, Any] = {
            "pool_size": 1,
            "request_timeout_s": 5.0,
            "start_timeout_s": 10.0,
            **overrides,
        }
        return TeamsAdminConfig(argv=(sys.executable, FAKE), env=env, **settings)


@pytest.fixture
def tenant(tmp_path: Path) -> Tenant:
    faults = tmp_path / "faults.json"
    faults.write_text("[]")
    return Tenant(tmp_path / "state.json", faults, [])


@pytest.fixture
async def admin(tenant: Tenant) -> AsyncIterator[TeamsAdmin]:
    async def sleep(seconds: float) -> None:
        tenant.waits.append(seconds)

    async with open_teams_admin(tenant.config(), sleep=sleep) as opened:
        yield opened


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child that was reaped is gone; a zombie would still answer, so check its state too. The
    # pool may reap it between the two looks: /proc/PID vanishing then means gone as well.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


async def test_workers_start_skip_a_banner_and_answer_in_order(tenant: Tenant) -> None:
    async with open_teams_admin(tenant.config(pool_size=2)) as admin:
        assert len(set(tenant.pids())) == 2
        languages = await admin.supported.languages()
        queue = await admin.call_queues.create("Permits", {"AgentAlertTime": 20})
    assert [lang.id for lang in languages] == ["en-US"]
    assert languages[0].voices[0].id == "Female"
    assert queue.name == "Permits" and queue.identity
    assert all(not alive(pid) for pid in tenant.pids())


async def test_worker_exiting_mid_request_is_replaced_and_the_create_is_not_resent(
    tenant: Tenant, admin: TeamsAdmin
) -> None:
    first_pid = tenant.pids()[0]
    tenant.inject({"cmdlet": "New-CsCallQueue", "fault": "exit_before"})
    with pytest.raises(UnknownOutcome):
        await admin.call_queues.create("Permits")
    # The worker died before doing it; the read by name found nothing, so nothing was re-sent.
    assert tenant.calls("New-CsCallQueue") == 0
    assert tenant.calls("Get-CsCallQueue") == 1
    assert tenant.queues("Permits") == []
    assert not alive(first_pid)
    assert len(tenant.pids()) == 2 and tenant.pids()[1] != first_pid
    assert admin.client.pool.replaced == 1


async def test_lost_answer_is_resolved_by_reading_by_name_and_never_duplicates(
    tenant: Tenant, admin: TeamsAdmin
) -> None:
    tenant.inject({"cmdlet": "New-CsCallQueue", "fault": "lost_answer"})
    queue = await admin.call_queues.create("Permits")
    assert tenant.calls("New-CsCallQueue") == 1  # the work was done once, the answer lost
    assert len(tenant.queues("Permits")) == 1
    assert queue.identity == tenant.queues("Permits")[0]["Identity"]
    assert admin.client.pool.replaced == 1
    assert len(set(tenant.pids())) == 2


async def test_a_hung_worker_is_killed_at_the_deadline_and_replaced(tenant: Tenant) -> None:
    async with open_teams_admin(tenant.config(request_timeout_s=1.0)) as admin:
        hung_pid = tenant.pids()[0]
        tenant.inject({"cmdlet": "New-CsOnlineApplicationInstance", "fault": "hang"})
        started = time.monotonic()
        with pytest.raises(UnknownOutcome, match="no answer within 1 s"):
            await admin.resource_accounts.create("ra-permits@county.gov", "Permits", "CallQueue")
        assert time.monotonic() - started < 8
        assert not alive(hung_pid)
        assert tenant.calls("Get-CsOnlineApplicationInstance") == 1  # the read by UPN ran on a new worker
        assert tenant.calls("New-CsOnlineApplicationInstance") == 0
        assert tenant.pids()[-1] != hung_pid


async def test_garbage_on_a_read_is_retried_on_a_fresh_worker(tenant: Tenant, admin: TeamsAdmin) -> None:
    tenant.inject({"cmdlet": "Get-CsAutoAttendantSupportedLanguage", "fault": "garbage"})
    languages = await admin.supported.languages()
    assert [lang.id for lang in languages] == ["en-US"]
    assert tenant.calls("Get-CsAutoAttendantSupportedLanguage") == 1  # only the retry did the work
    assert admin.client.pool.replaced == 1
    assert len(set(tenant.pids())) == 2
    assert len(tenant.waits) == 1 and tenant.waits[0] > 0


async def test_throttled_reads_back_off_and_throttled_first_writes_are_resent(
    tenant: Tenant, admin: TeamsAdmin
) -> None:
    tenant.inject(
        {"cmdlet": "Get-CsAutoAttendantSupportedLanguage", "fault": "throttle"},
        {"cmdlet": "Get-CsAutoAttendantSupportedLanguage", "fault": "throttle"},
        {"cmdlet": "New-CsCallQueue", "fault": "throttle"},
    )
    assert len(await admin.supported.languages()) == 1
    assert tenant.waits[:2] == sorted(tenant.waits[:2]) and len(tenant.waits) == 2  # exponential backoff
    await admin.call_queues.create("Permits")
    assert len(tenant.waits) == 3
    assert tenant.calls("New-CsCallQueue") == 1
    assert admin.client.pool.replaced == 0


async def test_a_write_throttled_after_an_earlier_write_is_not_resent(
    tenant: Tenant, admin: TeamsAdmin
) -> None:
    tenant.inject({"cmdlet": "New-CsCallQueue", "fault": "throttle", "step": 2})
    script = Script(
        [
            Call("New-CsOnlineApplicationInstance", {"UserPrincipalName": "ra@county.gov"}),
            Call("New-CsCallQueue", {"Name": "Permits"}),
        ]
    )
    with pytest.raises(Throttled) as caught:
        await admin.client.write(script)
    assert caught.value.step == 2 and caught.value.cmdlet == "New-CsCallQueue"
    assert tenant.calls("New-CsOnlineApplicationInstance") == 1
    assert tenant.waits == []


async def test_a_service_failure_on_a_write_is_an_unknown_outcome_and_reads_state(
    tenant: Tenant, admin: TeamsAdmin
) -> None:
    tenant.inject({"cmdlet": "New-CsCallQueue", "fault": "transient"})
    with pytest.raises(UnknownOutcome) as caught:
        await admin.call_queues.create("Permits")
    assert caught.value.status == 503
    assert tenant.calls("Get-CsCallQueue") == 1
    assert tenant.calls("New-CsCallQueue") == 0
    assert admin.client.pool.replaced == 0  # the worker answered; only the service failed


async def test_errors_are_translated_from_status_and_ids_not_retried_when_final(
    tenant: Tenant, admin: TeamsAdmin
) -> None:
    tenant.inject({"cmdlet": "Get-CsCallQueue", "fault": "not_found"})
    with pytest.raises(NotFound) as caught:
        await admin.call_queues.get("6a4a2b2e-1b8c-4d2f-9d2a-0c0e8e6f1a11")
    assert caught.value.code == "NotFound,Fake" and caught.value.cmdlet == "Get-CsCallQueue"
    assert tenant.waits == []


async def test_a_contract_violation_sends_nothing(tenant: Tenant, admin: TeamsAdmin) -> None:
    with pytest.raises(Validation, match="AgentAlertTime"):
        await admin.call_queues.create("Permits", {"AgentAlertTime": 500})
    assert tenant.read()["calls"] == {}


async def test_slow_start_within_the_deadline_is_waited_for(tenant: Tenant) -> None:
    config = tenant.config(env={"FAKE_START_DELAY": "1"}, start_timeout_s=10.0)
    async with open_teams_admin(config) as admin:
        assert len(await admin.supported.languages()) == 1


async def test_no_ready_line_before_the_deadline_fails_open_and_kills_the_worker(tenant: Tenant) -> None:
    config = tenant.config(env={"FAKE_START_DELAY": "30"}, start_timeout_s=1.0)
    started = time.monotonic()
    with pytest.raises(WorkerUnavailable, match="no ready line"):
        async with open_teams_admin(config):
            pass
    assert time.monotonic() - started < 10
    assert tenant.pids() == []  # it never got as far as signing in


async def test_failed_sign_in_and_bad_command_fail_open(tenant: Tenant) -> None:
    with pytest.raises(WorkerUnavailable, match="could not sign in") as caught:
        async with open_teams_admin(tenant.config(env={"FAKE_SIGNIN_FAIL": "1"})):
            pass
    assert caught.value.code == "AuthenticationFailed,Fake"
    missing = TeamsAdminConfig(argv=("/nonexistent/pwsh", "-File", "worker.ps1"))
    with pytest.raises(WorkerUnavailable, match="cannot start"):
        async with open_teams_admin(missing):
            pass


async def test_each_worker_takes_one_request_at_a_time(tenant: Tenant) -> None:
    import asyncio

    async with open_teams_admin(tenant.config(pool_size=2)) as admin:
        results = await asyncio.gather(*(admin.supported.languages() for _ in range(6)))
    assert all(len(r) == 1 for r in results)
    assert tenant.calls("Get-CsAutoAttendantSupportedLanguage") == 6
    assert len(set(tenant.pids())) == 2


async def test_a_worker_that_died_while_idle_is_reaped_and_replaced(
    tenant: Tenant, admin: TeamsAdmin
) -> None:
    idle_pid = tenant.pids()[0]
    os.kill(idle_pid, signal.SIGKILL)
    for _ in range(50):
        if not alive(idle_pid):
            break
        await asyncio.sleep(0.05)
    assert len(await admin.supported.languages()) == 1
    assert not alive(idle_pid) and len(tenant.pids()) == 2
    assert admin.client.pool.replaced == 1


async def test_a_new_resource_account_is_waited_for_until_teams_sees_it(tenant: Tenant) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async with open_teams_admin(tenant.config(env={"FAKE_INVISIBLE_FOR": "2"}), sleep=sleep) as admin:
        account = await admin.resource_accounts.create("ra-permits@county.gov", "Permits", "CallQueue")
        assert account.kind == "CallQueue"
        assert await admin.resource_accounts.wait_until_visible(account.object_id, interval_s=30)
        assert tenant.calls("Get-CsOnlineUser") == 3  # two NotFound answers (not retried), then found
        assert waits == [30, 30]
        other = await admin.resource_accounts.create("ra-tax@county.gov", "Tax", "AutoAttendant")
        assert not await admin.resource_accounts.wait_until_visible(
            other.object_id, timeout_s=30, interval_s=30
        )
