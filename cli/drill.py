"""`switchboard drill MODE -f phone-system.yaml [--faults SPEC]`: rehearse an emergency mode on a private
sandbox built from the admin's export file, and print the pass/fail table.

A composition root like `sandbox serve`: it starts the sandbox (imported lazily, in a thread of this
process), points Graph, the Teams workers and a throw-away store at it, and speaks its control plane.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import aiohttp
import typer

from cli.context import open_graph_from
from cli.output import EXIT_BAD_INPUT, EXIT_FAILED, console, err_console, fail, table
from cli.provisioning import load
from cli.runtime import load_settings, use_case_errors
from cli.teams import open_teams_admin_from
from provisioning.emergency import DrillReport, DrillService, SandboxControl
from store import Store

FILE = typer.Option(
    Path("phone-system.yaml"), "-f", "--file", help="The export file (people, numbers, voice apps)."
)


def control(root_url: str) -> SandboxControl:
    async def post(path: str, body: dict[str, Any]) -> None:
        async with aiohttp.ClientSession() as http:
            answer = await http.post(f"{root_url}{path}", json=body)
            if answer.status != 200:
                raise RuntimeError(f"drill sandbox {path}: {answer.status} {await answer.text()}")

    async def load_tenant(body: dict[str, Any]) -> None:
        await post("/_sandbox/tenant", body)

    async def faults(spec: str) -> None:
        await post("/_sandbox/faults", {"faults": spec})

    async def injected() -> int:
        async with aiohttp.ClientSession() as http:
            log = await (await http.get(f"{root_url}/_sandbox/teams/log")).json()
        return sum(1 for entry in log if entry.get("fault"))

    return SandboxControl(load_tenant, faults, injected)


def render(report: DrillReport) -> None:
    mark = {True: "pass", False: "FAIL"}
    console.print(
        table(
            f"Drill of emergency mode {report.mode}",
            ["Line", "Dialled", "Before", "During", "After", "Result"],
            [(r.line, r.entry, r.before, r.during, r.after, mark[r.passed]) for r in report.rows],
        )
    )
    console.print(
        f"activated in {report.activate_s:.1f} s, restored in {report.restore_s:.1f} s, "
        f"restore {'exact' if report.exact else 'NOT exact'}; {report.faults} Teams faults injected"
    )
    for note in report.notes:
        err_console.print(note, style="yellow", markup=False, highlight=False)
    for line in (*report.problems, *report.differences):
        err_console.print(line, style="red", markup=False, highlight=False)


async def rehearse(root_url: str, graph_url: str, system: Any, mode: str, faults: str) -> DrillReport:
    with tempfile.TemporaryDirectory(prefix="switchboard-drill-") as folder:
        settings = load_settings(graph_url=graph_url, database_url=f"sqlite:///{Path(folder) / 'drill.db'}")
        store = await Store.open(settings.database_url)
        try:
            async with open_graph_from(settings) as graph, open_teams_admin_from(settings) as teams:
                service = DrillService(graph, store, teams, control(root_url))
                return await service.run(system, mode, faults=faults, progress=say)
        finally:
            await store.close()


def say(text: str) -> None:
    err_console.print(text, markup=False, highlight=False)


def drill(
    mode: str = typer.Argument(..., help="A key of the file's emergency_modes."),
    file: Path = FILE,
    faults: str = typer.Option("", "--faults", help="Sandbox faults during the mode, e.g. teams:503@0.05."),
) -> None:
    """Rehearse MODE on a private copy of the tenant: activate, trace every line, restore, trace again."""
    system = load(file)
    if mode not in system.emergency_modes:
        fail(f"{file}: no emergency mode {mode!r} in emergency_modes", code=EXIT_BAD_INPUT)
    from sandbox.config import SandboxConfig, parse_faults  # lazy: composition root only
    from sandbox.seeds import build_seed
    from sandbox.server import SandboxThread

    try:
        parse_faults(faults)
    except ValueError as exc:
        fail(f"--faults: {exc}", code=EXIT_BAD_INPUT)
    state = build_seed("empty", dt.datetime.now(dt.UTC).date())
    thread = SandboxThread(state, SandboxConfig(operation_delay_s=0.2, teams_delay_s=0.5)).start()
    try:
        assert thread.sandbox is not None
        with use_case_errors():
            report = asyncio.run(rehearse(thread.sandbox.root_url, thread.base_url, system, mode, faults))
    finally:
        thread.stop()
    render(report)
    if not report.passed:
        raise typer.Exit(EXIT_FAILED)


def register(root: typer.Typer) -> None:
    root.command("drill")(drill)
