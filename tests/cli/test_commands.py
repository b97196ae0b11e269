"""The platform commands end to end: the real CLI process against a county sandbox over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest

from sandbox.server import SandboxThread
from sandbox.state import NumberAssignment


def switchboard(sandbox_url: str, *args: str, tmp_path: Any = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
    env["DATABASE_URL"] = "sqlite:///:memory:"
    return subprocess.run(
        [sys.executable, "-m", "cli", "--graph-url", sandbox_url, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def county(sandbox_thread: SandboxThread) -> SandboxThread:
    return sandbox_thread


@pytest.fixture(scope="module")
def county_url(county: SandboxThread) -> str:
    return str(county.base_url)


def numbers_of(county: SandboxThread) -> list[NumberAssignment]:
    """The expected side: the sandbox's own records, not another command's output."""
    assert county.sandbox is not None
    return list(county.sandbox.state.numbers.values())


def test_numbers_summary_json_adds_up(county: SandboxThread, county_url: str) -> None:
    result = switchboard(county_url, "numbers", "summary", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    numbers = numbers_of(county)
    assert sum(r["total"] for r in rows) == len(numbers) > 1000
    assert sum(r["free"] for r in rows) == sum(1 for n in numbers if n.assignmentStatus == "unassigned")


def test_numbers_list_free_in_a_city(county: SandboxThread, county_url: str) -> None:
    numbers = numbers_of(county)
    city = next(n.city for n in numbers if n.city and n.assignmentStatus == "unassigned")
    result = switchboard(
        county_url, "numbers", "list", "--free", "--city", city.upper(), "--type", "oc", "--json"
    )
    assert result.returncode == 0, result.stderr
    free = json.loads(result.stdout)
    expected = [
        n.telephoneNumber
        for n in numbers
        if n.city == city and n.assignmentStatus == "unassigned" and n.numberType == "operatorConnect"
    ]
    assert expected and sorted(n["telephone_number"] for n in free) == sorted(expected)


def test_users_show_reports_number_and_licence(county_url: str) -> None:
    everything = json.loads(switchboard(county_url, "numbers", "list", "--json").stdout)
    assigned = next(n for n in everything if n["assignment_status"] == "userAssigned")
    result = switchboard(county_url, "users", "show", assigned["assignment_target_id"], "--json")
    assert result.returncode == 0, result.stderr
    view = json.loads(result.stdout)
    assert assigned["telephone_number"] in [n["telephoneNumber"] for n in view["numbers"]]
    assert "MCOEV" in view["licences"]
    table = switchboard(county_url, "users", "show", view["userPrincipalName"])
    assert assigned["telephone_number"] in table.stdout


def test_unknown_user_fails_with_request_id(county_url: str) -> None:
    result = switchboard(county_url, "users", "show", "nobody@nowhere.example")
    assert result.returncode == 1
    assert "request-id" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_type_is_exit_2_naming_the_option(county_url: str) -> None:
    result = switchboard(county_url, "numbers", "list", "--type", "voip")
    assert result.returncode == 2
    assert "--type" in result.stderr


def test_bad_graph_url_is_exit_2() -> None:
    result = switchboard("http://graph.example.org/v1.0", "numbers", "summary")
    assert result.returncode == 2
    assert "SWITCHBOARD_GRAPH_URL" in result.stderr
