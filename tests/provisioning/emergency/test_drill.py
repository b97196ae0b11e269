"""Drills: the county's export rehearsed on a private sandbox (`switchboard drill`, with and without
`teams` faults), the drill tenant built from a file, and the pass/fail rows from hand-made traces."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from graph import GraphConfig, open_graph
from graph.teams_admin import open_teams_admin, teams_admin_config
from provisioning import PhoneService, Plan, Problem, parse_phone_system, to_yaml
from provisioning.emergency import Line, drill_rows, drill_tenant
from provisioning.emergency.drill_run import _buildable
from provisioning.voiceapps import Destination, Hop, Target, Trace
from sandbox.server import RunningSandbox
from store import Store
from tests.provisioning.emergency.county import ACTIVATED_AT, EOC

MODE = f"""emergency_modes:
  eoc:
    announcement: The county Emergency Operations Center is answering this line.
    lines: [211 Crisis Line, Building Permits]
    route_to: {{call_queue: {EOC}}}
"""


async def county_export(sandbox: RunningSandbox, folder: Path) -> Path:
    """The county as `switchboard export` writes it, with an emergency mode added by the admin."""
    config = GraphConfig(base_url=sandbox.base_url)
    store = await Store.open(f"sqlite:///{folder / 'export.db'}")
    try:
        async with open_graph(config) as graph, open_teams_admin(teams_admin_config(config)) as teams:
            system = await PhoneService(graph, store, actor="admin", teams=teams).export()
    finally:
        await store.close()
    text = to_yaml(system).replace("emergency_modes: {}\n", MODE)
    path = folder / "phone-system.yaml"
    path.write_text(text)
    return path


def drill(path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_", "DATABASE_"))}
    env |= {"COLUMNS": "250"}
    command = [sys.executable, "-m", "cli", "drill", "eoc", "-f", str(path), *extra]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=600, check=False)


async def test_the_county_export_drills_clean_with_and_without_teams_faults(
    sandbox: RunningSandbox, tmp_path: Path
) -> None:
    path = await county_export(sandbox, tmp_path)
    clean = drill(path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    rows = [line for line in clean.stdout.splitlines() if "call queue" in line]
    assert len(rows) == 2 and all(row.rstrip(" │").endswith("pass") for row in rows), clean.stdout
    assert "overflow at 0 → EOC Public Information" in clean.stdout
    assert "restore exact; 0 Teams faults injected" in clean.stdout

    faulty = drill(path, "--faults", "teams:transient@0.1,teams:lost@0.05")
    assert faulty.returncode == 0, faulty.stdout + faulty.stderr
    assert "restore exact" in faulty.stdout
    injected = int(faulty.stdout.split("restore exact; ")[1].split()[0])
    assert injected > 0  # the faults really hit the mode's requests

    bad = drill(path, "--faults", "numbers:transient@0.05")  # the alias is the teams group's only
    assert bad.returncode == 2 and "--faults: fault 'numbers:transient@0.05': unknown kind" in bad.stderr


def test_the_drill_tenant_holds_the_files_people_numbers_groups_and_seats() -> None:
    system = parse_phone_system(
        """pools: [{name: voice, capability: voiceApplicationAssignment}]
users:
  - {upn: Ana@County.gov, number: "+13215550142"}
resource_accounts:
  - {upn: permits@county.gov, display_name: Permits, kind: cq, number: "+13215550100"}
call_queues:
  - name: Permits
    agents: [bo@county.gov]
    groups: [Permit Techs]
    resource_accounts: [permits@county.gov]
""",
        "p.yaml",
    )
    from provisioning.desired import desired_voice_apps

    body = drill_tenant(system, desired_voice_apps(system), licence_sku="phone", account_sku="ra")
    assert [u["userPrincipalName"] for u in body["users"]] == ["ana@county.gov", "bo@county.gov"]
    assert all(u["assignedLicenses"] == [{"skuId": "phone"}] for u in body["users"])
    ana = body["users"][0]["id"]
    assert body["numberAssignments"] == [
        {
            "telephoneNumber": "+13215550142",
            "numberType": "operatorConnect",
            "capabilities": ["userAssignment"],
            "assignmentTargetId": ana,
        },
        {
            "telephoneNumber": "+13215550100",
            "numberType": "operatorConnect",
            "capabilities": ["voiceApplicationAssignment"],
        },
    ]
    assert [g["displayName"] for g in body["groups"]] == ["Permit Techs"]
    assert body["subscribedSkus"] == [
        {"skuId": "phone", "prepaidUnits": {"enabled": 12}},
        {"skuId": "ra", "prepaidUnits": {"enabled": 11}},
    ]
    assert body["domains"] == [{"id": "county.gov", "isDefault": True, "isVerified": True}]


def traced(*apps: str, end: str = "agents") -> Trace:
    hops = tuple(Hop("call_queue", app, f"call queue {app}") for app in apps)
    return Trace("+1", ACTIVATED_AT, hops, Destination(end, apps[-1]))  # type: ignore[arg-type]


def test_a_row_passes_only_when_the_mode_reaches_the_target_and_the_old_route_comes_back() -> None:
    lines = (
        Line("call_queue", "211", ("211",), "en-US", ("+1211",)),
        Line("call_queue", "Permits", ("Permits",), None, ("+1300",)),
        Line("call_queue", "Tax", ("Tax",), None, ("+1400",)),
    )
    before = {"+1211": traced("211"), "+1300": traced("Permits"), "+1400": traced("Tax")}
    during = {"+1211": traced("211", EOC), "+1300": traced("Permits"), "+1400": traced("Tax", EOC)}
    after = {"+1211": traced("211"), "+1300": traced("Permits"), "+1400": traced("Tax", "Customer Service")}
    rows = drill_rows(lines, Target("call_queue", EOC), before, during, after)
    assert [(r.reached, r.same_after, r.passed) for r in rows] == [
        (True, True, True),
        (False, True, False),  # the mode missed this line
        (True, False, False),  # restore left it going somewhere new
    ]
    assert rows[0].during == f"211 → {EOC} → agents {EOC}"


class FakePhone:
    """Plans with a problem on every attendant that names `Missing` in its menu (as the engine reports it)."""

    def __init__(self) -> None:
        self.planned: list[list[str]] = []

    async def plan(self, system: Any) -> Any:
        self.planned.append([aa.name for aa in system.auto_attendants])
        problems = tuple(
            Problem(aa.name, f"p.yaml:9: no auto attendant 'Missing' ({aa.name})")
            for aa in system.auto_attendants
            if "Missing" in aa.model_dump_json()
        )
        return SimpleNamespace(plan=Plan("h", "f", (), problems))


async def test_objects_the_file_cannot_build_are_left_out_of_the_drill_tenant_by_name() -> None:
    system = parse_phone_system(
        """auto_attendants:
  - name: Main
    language: en-US
    time_zone: Eastern Standard Time
    menu: {options: [{key: "1", to: {auto_attendant: Missing}}]}
  - name: Other
    language: en-US
    time_zone: Eastern Standard Time
    menu: {options: [{key: "1", to: {external: "+13215550100"}}]}
""",
        "p.yaml",
    )
    phone = FakePhone()
    kept, left_out = await _buildable(phone, system)
    assert [aa.name for aa in kept.auto_attendants] == ["Other"]
    assert left_out == ("left out of the drill tenant: Main (p.yaml:9: no auto attendant 'Missing' (Main))",)
    assert phone.planned == [["Main", "Other"], ["Other"]]
