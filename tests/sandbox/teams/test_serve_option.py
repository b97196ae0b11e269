"""`switchboard sandbox serve --teams-delay S` reaches the Teams side: a drill can make Teams as slow as
the service. The real CLI process, then the stand-in against it."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from tests.sandbox.teams.helpers import CQ_APP, StandIn, step


@pytest.fixture
def served() -> Iterator[str]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cli",
            "sandbox",
            "serve",
            "--seed",
            "empty",
            "--port",
            "0",
            "--teams-delay",
            "60",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:\d+)/v1\.0", first)
        assert match, first
        yield match.group(1)
    finally:
        process.kill()
        process.wait()


async def test_teams_delay_option_holds_a_new_account_back(served: str) -> None:
    worker = await StandIn.start(served)
    try:
        ready: Any = await worker.line()
        assert ready["ready"] is True
        upn = "drill-line@empty-tenant.example"
        created = await worker.call(
            step("New-CsOnlineApplicationInstance", UserPrincipalName=upn, ApplicationId=CQ_APP)
        )
        assert created["ok"] is True
        await asyncio.sleep(1.5)  # longer than the default delay of 1 s
        seen = await worker.call(step("Get-CsOnlineUser", Identity=upn))
        assert seen["ok"] is False and seen["error"]["status"] == 404
    finally:
        await worker.stop()
