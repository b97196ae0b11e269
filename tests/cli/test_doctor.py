"""`switchboard doctor` as an admin runs it: the real CLI process against a sandbox over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest


def deny(root_url: str, *names: str) -> None:
    request = urllib.request.Request(
        f"{root_url}/_sandbox/permissions",
        data=json.dumps({"deny": list(names)}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def doctor(base_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
    env["COLUMNS"] = "200"
    return subprocess.run(
        [sys.executable, "-m", "cli", "--graph-url", base_url, "doctor", *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip


@pytest.fixture
def county(sandbox_thread: Any) -> Iterator[Any]:
    yield sandbox_thread
    deny(sandbox_thread.root_url)  # every permission back for the next test


def test_doctor_names_the_missing_permission_and_its_fix(county: Any) -> None:
    deny(county.root_url, "CallRecord-PstnCalls.Read.All")
    result = doctor(county.base_url)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "1 missing: CallRecord-PstnCalls.Read.All" in result.stdout
    assert "grant the Microsoft Graph application permission CallRecord-PstnCalls.Read.All" in result.stdout


def test_doctor_passes_when_everything_is_granted(county: Any) -> None:
    result = doctor(county.base_url, "--json")
    assert result.returncode == 0, result.stdout + result.stderr
    findings = json.loads(result.stdout)
    assert {f["status"] for f in findings} <= {"ok", "not checked"}
    assert {f["name"] for f in findings} >= {"Graph sign-in", "User.ReadWrite.All", "voice-app numbers"}
