"""The voice-app commands in process against the county sandbox, through the product path: the Teams admin
worker pool (`python -m sandbox.pwsh` subprocesses → `POST /_sandbox/teams/invoke`) for the module's state
and Graph over HTTP for names, licences, groups and free numbers. Expected values come from the sandbox's
own state, never from the commands' output.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.app import app
from sandbox.server import SandboxThread
from sandbox.state import TenantState
from tests.conftest import FAST, seeded

runner = CliRunner()
MAIN = "+13215550100"  # the county's main line (sandbox/seeds: mainline@)


@pytest.fixture(scope="module")
def county() -> Iterator[SandboxThread]:
    thread = SandboxThread(seeded("county"), FAST).start()
    yield thread
    thread.stop()


@pytest.fixture
def cli(county: SandboxThread) -> Any:
    def invoke(*args: str) -> Any:
        return runner.invoke(app, ["--graph-url", county.base_url, *args], catch_exceptions=False)

    return invoke


def root(county: SandboxThread) -> str:
    return county.base_url.removesuffix("/v1.0")


def post_json(url: str, body: object) -> Any:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.load(response)


def free_voice_numbers(state: TenantState) -> list[str]:
    return sorted(
        n.telephoneNumber
        for n in state.numbers.values()
        if n.assignmentStatus == "unassigned" and "voiceApplicationAssignment" in n.capabilities
    )


def operator_upn(state: TenantState, aa_name: str) -> str:
    aa = next(a for a in state.teams.autoAttendants.values() if a["Name"] == aa_name)
    return state.users[aa["Operator"]["Id"]].userPrincipalName


def test_list_reads_every_app_through_the_workers_dialled_apps_first(cli: Any, county: SandboxThread) -> None:
    before = len(get_json(f"{root(county)}/_sandbox/teams/log"))
    result = cli("voiceapps", "list", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    teams = county.state.teams
    expected = {a["Name"] for a in teams.autoAttendants.values()} | {
        q["Name"] for q in teams.callQueues.values()
    }
    assert {row["name"] for row in rows} == expected
    numbered = [bool(row["numbers"]) for row in rows]
    assert numbered == sorted(numbered, reverse=True) and any(numbered) and not all(numbered)
    main = next(row for row in rows if row["name"] == "Palmetto County Main Line")
    assert main["numbers"] == [MAIN]
    # the state came through the worker protocol (associations asked only for RAs no app lists)
    seen = {c for entry in get_json(f"{root(county)}/_sandbox/teams/log")[before:] for c in entry["cmdlets"]}
    assert {
        "Get-CsAutoAttendant",
        "Get-CsCallQueue",
        "Get-CsOnlineSchedule",
        "Get-CsOnlineApplicationInstance",
        "Get-CsOnlineApplicationInstanceAssociation",
    } <= seen


def test_check_reports_only_the_countys_deliberate_waste(cli: Any, county: SandboxThread) -> None:
    result = cli("voiceapps", "check", "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    free = free_voice_numbers(county.state)
    domain = county.state.defaultDomain
    assert [(f["code"], f["subject"]) for f in findings] == [
        ("numbers-free", f"{len(free)} numbers"),
        ("operator-left", "Servicios del Condado (Español)"),
        ("queue-unanswered", "Elections Hotline"),  # no agents at all
        ("queue-unanswered", "EOC Public Information"),  # everyone opted out
        ("ra-unassociated", f"hurricane-hotline-2024@{domain}"),
    ]
    assert findings[0]["items"] == free


def test_traces_on_a_holiday_a_weekday_and_at_night(cli: Any, county: SandboxThread) -> None:
    holiday = json.loads(cli("trace", MAIN, "--at", "2026-12-25T10:00", "--press", "1", "--json").stdout)
    assert (holiday["final"]["kind"], holiday["at"]) == ("disconnect", "2026-12-25T10:00:00-05:00")
    assert any("Christmas" in hop["detail"] for hop in holiday["hops"])
    weekday = cli("trace", MAIN, "--at", "2026-11-03T10:00", "--press", "1", "--press", "1", "--json")
    final = json.loads(weekday.stdout)["final"]
    assert (final["kind"], final["ref"]) == ("agents", "Customer Service")
    night = cli("trace", MAIN, "--at", "2026-11-03T20:00", "--press", "1", "--press", "2", "--json")
    assert json.loads(night.stdout)["final"]["ref"] == "211 Crisis Line"  # key 2 is offered after hours
    operator = cli("trace", MAIN, "--at", "2026-11-03T20:00", "--press", "1", "--press", "0", "--json")
    final = json.loads(operator.stdout)["final"]
    assert (final["kind"], final["ref"]) == ("user", operator_upn(county.state, "County Services (English)"))


def test_bad_input_exits_2(cli: Any) -> None:
    assert cli("trace", "+15615559999", "--at", "2026-11-02T10:00").exit_code == 2
    assert cli("trace", MAIN, "--at", "Christmas").exit_code == 2
    assert cli("flows", MAIN, "--format", "png").exit_code == 2  # png needs --out
    assert cli("voiceapps", "show", "Nobody").exit_code == 2


def test_flows_and_show_name_groups_as_graph_does(cli: Any, county: SandboxThread, tmp_path: Path) -> None:
    mermaid = cli("flows", MAIN, "--format", "mermaid")
    assert mermaid.stdout.startswith("flowchart LR\n")
    assert "Palmetto County Main Line" in mermaid.stdout and "County Services (English)" in mermaid.stdout
    png = tmp_path / "main.png"
    assert cli("flows", "Palmetto County Main Line", "--format", "png", "--out", str(png)).exit_code == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    eoc = next(q for q in county.state.teams.callQueues.values() if q["Name"] == "EOC Public Information")
    (group_id,) = eoc["DistributionLists"]
    name = county.state.groups[group_id].displayName
    shown = cli("voiceapps", "show", "EOC Public Information").stdout
    assert f"groups: {name}\n" in shown and f"no agents → shared voicemail {name}\n" in shown
    assert group_id not in shown


def test_a_teams_fault_during_list_is_retried_and_the_answer_is_unchanged(
    cli: Any, county: SandboxThread
) -> None:
    clean = cli("voiceapps", "list", "--json")
    assert clean.exit_code == 0
    log_url = f"{root(county)}/_sandbox/teams/log"
    before = len(get_json(log_url))
    # The sandbox's dice are seeded (a replayable drill): this plan's first draws give a 503 and a lost
    # answer among the first requests, and never enough in a row to exhaust one read's five attempts.
    post_json(f"{root(county)}/_sandbox/faults", {"faults": "teams:503@0.1,teams:lost@0.05"})
    try:
        faulted = cli("voiceapps", "list", "--json")
    finally:
        post_json(f"{root(county)}/_sandbox/faults", {"faults": ""})
    assert faulted.exit_code == 0, faulted.output
    assert json.loads(faulted.stdout) == json.loads(clean.stdout)
    entries = get_json(log_url)[before:]
    faults = [e["fault"] for e in entries if e["fault"]]
    assert "503" in faults and "lost" in faults  # both happened: a service error and an unanswered read
    assert any(e["fault"] == "503" and e["ok"] is False for e in entries)


def test_a_tenant_without_powershell_gets_one_line_and_exit_1(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = str(tmp_path / "pwsh")  # the setting names it; nothing there: the pool fails before any read
    monkeypatch.setenv("SWITCHBOARD_PWSH", missing)
    # A complete app registration, so the credentials pass their own start-up check and the pool is next.
    for name, value in {"TENANT_ID": "t", "CLIENT_ID": "c", "CLIENT_SECRET": "s3cret-value"}.items():
        monkeypatch.setenv(f"SWITCHBOARD_{name}", value)
    result = runner.invoke(app, ["--graph-url", "https://graph.microsoft.com/v1.0", "voiceapps", "list"])
    assert result.exit_code == 1
    assert f"cannot start the Teams admin worker {missing!r}" in result.stderr
    assert "Traceback" not in result.output and result.stdout == ""
