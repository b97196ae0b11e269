"""`switchboard emergency activate|status|restore` and `switchboard drill`: parsing, wiring and rendering
only; the use cases are provisioning.emergency's (the bot calls the same ones).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

import typer

from cli.context import open_services
from cli.output import EXIT_BAD_INPUT, EXIT_FAILED, console, err_console, fail, print_json, table
from cli.provisioning import load
from cli.runtime import settings_from, use_case_errors
from cli.settings import Settings
from cli.teams import open_teams_admin_from
from provisioning.emergency import Activation, EmergencyPlan, EmergencyService

T = TypeVar("T")
app = typer.Typer(
    help="Emergency modes: send public lines elsewhere at once, restore exactly.", no_args_is_help=True
)
FILE = typer.Option(
    Path("phone-system.yaml"), "-f", "--file", help="Desired-state YAML with emergency_modes."
)


@asynccontextmanager
async def emergency_service(settings: Settings) -> AsyncIterator[EmergencyService]:
    async with open_services(settings) as services, open_teams_admin_from(settings) as teams:
        yield EmergencyService(services.graph, services.store, teams, actor=services.actor)


def run(settings: Settings, use: Callable[[EmergencyService], Awaitable[T]]) -> T:
    async def main() -> T:
        async with emergency_service(settings) as service:
            return await use(service)

    with use_case_errors():
        return asyncio.run(main())
    raise AssertionError("unreachable")


def say(text: str) -> None:
    err_console.print(text, markup=False, highlight=False)


def show_plan(plan: EmergencyPlan) -> None:
    console.print(
        table(
            f"Emergency mode {plan.mode.name}",
            ["Line", "Numbers", "Now", "During the mode"],
            [
                (t.line.label, ", ".join(t.line.numbers) or "(menu only)", t.before, t.after)
                for t in plan.touches
            ],
        )
    )
    for problem in plan.problems:
        err_console.print(problem, style="red", markup=False, highlight=False)


def confirm(yes: bool, question: str) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        fail("refusing to change the lines without confirmation; pass --yes in scripts", code=EXIT_BAD_INPUT)
    if not typer.confirm(question):
        fail("nothing changed", code=EXIT_FAILED)


@app.command("activate")
def activate(
    ctx: typer.Context,
    mode: str = typer.Argument(..., help="A key of the file's emergency_modes."),
    file: Path = FILE,
    message: str | None = typer.Option(
        None, "--message", help="Announcement for this activation (every language)."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """Snapshot every line the mode touches, then switch them all at once (a re-run finishes a crashed one)."""
    system = load(file)
    settings = settings_from(ctx)

    async def use(service: EmergencyService) -> Activation:
        plan = await service.preview(system, mode, message=message)
        show_plan(plan)
        if plan.problems and not plan.active:
            fail(
                f"emergency mode {mode}: {len(plan.problems)} problem(s); nothing changed",
                code=EXIT_BAD_INPUT,
            )
        confirm(yes, f"Activate emergency mode {mode} on {len(plan.lines)} line(s)?")
        return await service.activate(system, mode, message=message, progress=say)

    activation = run(settings, use)
    verb = "resumed and activated" if activation.resumed else "activated"
    if activation.failures:
        for failure in activation.failures:
            err_console.print(failure, style="red", markup=False, highlight=False)
        fail(
            f"emergency mode {mode}: {len(activation.failures)} line(s) not switched; run the command again",
            code=EXIT_FAILED,
        )
    console.print(
        f"Emergency mode {mode} {verb}: {len(activation.lines)} line(s) in {activation.seconds:.1f} s"
    )


@app.command("status")
def status(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON for scripts.")
) -> None:
    """Active emergency modes: since when, by whom, which lines."""
    modes = run(settings_from(ctx), lambda service: service.status())
    if as_json:
        print_json(modes)
        return
    if not modes:
        console.print("No emergency mode is active.")
        return
    console.print(
        table(
            "Emergency modes",
            ["Mode", "State", "Since (UTC)", "By", "Lines"],
            [(m.mode, m.state, f"{m.since:%Y-%m-%d %H:%M}", m.by, ", ".join(m.lines)) for m in modes],
        )
    )


@app.command("restore")
def restore(
    ctx: typer.Context,
    mode: str = typer.Argument(..., help="The active mode to restore."),
) -> None:
    """Put every line back as snapshotted, read each back and compare: any difference exits 1."""
    result = run(settings_from(ctx), lambda service: service.restore(mode, progress=say))
    if not result.exact:
        for line in result.differences:
            err_console.print(line, style="red", markup=False, highlight=False)
        fail(
            f"emergency mode {mode} is NOT exactly restored ({len(result.differences)} difference(s)); "
            "run `emergency restore` again or fix them by hand",
            code=EXIT_FAILED,
        )
    console.print(f"Emergency mode {mode} restored exactly in {result.seconds:.1f} s")


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="emergency")
