"""`switchboard schema|plan|apply|export|onboard|audit`: the phone system as desired state.

Exit codes: 0 success (and, with --detailed-exitcode, no changes), 1 failure, 2 bad input,
3 changes present (with --detailed-exitcode; Terraform uses 2, which Switchboard keeps for bad input).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cli.arguments import iso_timestamp
from cli.context import Services, open_services
from cli.output import EXIT_BAD_INPUT, EXIT_FAILED, console, err_console, fail, print_json, table
from cli.runtime import Interrupt, run_interruptible, settings_from, use_case_errors
from provisioning import (
    Action,
    ApplyResult,
    DesiredStateError,
    PhoneSystem,
    Plan,
    describe,
    load_phone_system,
    load_plan,
    powershell_preview,
    read_staff_csv,
    render_plan,
    to_yaml,
)
from provisioning.desired import desired_voice_apps
from store import AuditEvent, Store

EXIT_CHANGES = 3
FILE = typer.Option(..., "-f", "--file", help="Desired-state YAML (see `switchboard schema`).", exists=False)


def load(path: Path) -> PhoneSystem:
    try:
        return load_phone_system(path)
    except DesiredStateError as exc:
        for problem in exc.problems:
            err_console.print(problem, style="red", markup=False, highlight=False)  # [a-z] is not markup
        fail(
            f"{path} has {len(exc.problems)} problem(s); nothing was planned or applied", code=EXIT_BAD_INPUT
        )


def parse_concurrency(text: str) -> int | None:
    if text == "auto":
        return None
    if text.isdigit() and int(text) > 0:
        return int(text)
    fail(f"--concurrency: {text!r} is not 'auto' or a positive whole number", code=EXIT_BAD_INPUT)


def schema() -> None:
    """Print the JSON Schema of the desired-state file (for editors: completion and checks)."""
    print_json(PhoneSystem.model_json_schema())


def uses_voice_apps(desired: PhoneSystem) -> bool:
    """Files with voice-app sections are planned against the Teams admin workers too."""
    return desired_voice_apps(desired) is not None


def plan_command(
    ctx: typer.Context,
    file: Path = FILE,
    as_json: bool = typer.Option(False, "--json", help="The plan as JSON (save it for `apply --plan`)."),
    detailed_exitcode: bool = typer.Option(
        False, "--detailed-exitcode", help="Exit 3 when there are changes."
    ),
    show_unchanged: bool = typer.Option(
        False, "--show-unchanged", help="Also list objects already as desired, with the reason."
    ),
    show_powershell: bool = typer.Option(
        False, "--show-powershell", help="Also print the Teams cmdlets apply would run."
    ),
) -> None:
    """Show what `apply` would change, with counts; changes nothing (but reserves `auto` numbers)."""
    desired = load(file)
    settings = settings_from(ctx)

    async def run() -> Plan:
        async with open_services(settings, teams=uses_voice_apps(desired)) as services:
            return (await services.phone.plan(desired)).plan

    with use_case_errors():
        planned = asyncio.run(run())
    if as_json:
        print_json(planned.to_json())
    else:
        render_plan(planned, console, show_unchanged=show_unchanged)
        if show_powershell:
            console.print(powershell_preview(planned), markup=False, highlight=False, soft_wrap=True)
    if planned.problems:
        raise typer.Exit(EXIT_FAILED)
    if detailed_exitcode and planned.actions:
        raise typer.Exit(EXIT_CHANGES)


def progress_bar() -> Progress:
    return Progress(
        TextColumn("[bold]applying"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[last]}"),
        TimeElapsedColumn(),
        console=err_console,
        transient=False,
    )


async def apply_with_progress(
    services: Services,
    desired: PhoneSystem,
    stored: Plan | None,
    yes: bool,
    concurrency: int | None,
    interrupt: Interrupt,
) -> ApplyResult | None:
    """The apply use case with the plan shown, confirmation asked, then a progress bar on stderr.

    From confirmation on, Ctrl-C sets `interrupt.stop` (see cli.runtime.run_interruptible)."""
    with ExitStack() as stack:
        ticks: list[Callable[[str, int], None]] = []

        def show(plan: Plan, settled: int) -> None:
            if settled:
                err_console.print(f"settled {settled} step(s) an earlier run left in flight")
            render_plan(plan, console, limit=25)

        async def confirm(plan: Plan) -> bool:
            confirm_or_exit(yes)
            interrupt.applying = True
            progress = stack.enter_context(progress_bar())
            task = progress.add_task("apply", total=len(plan.actions), last="")
            ticks.append(lambda last, advance: progress.update(task, advance=advance, last=last))
            return True

        def tick(action: Action, outcome: str) -> None:
            # "waiting for Teams …" notes (eventual consistency, with its deadline) do not advance the bar
            ticks[0](f"{action.subject} {outcome}", 0 if outcome.startswith("waiting") else 1)

        applied = await services.phone.apply(
            desired,
            saved=stored,
            show=show,
            confirm=confirm,
            concurrency=concurrency,
            progress=tick,
            stop=interrupt.stop,
        )
    if applied.result is not None and applied.result.interrupted:
        done = len(applied.result.done)
        err_console.print(f"{done} of {len(applied.plan.actions)} action(s) applied before the interrupt")
    if applied.result is None:
        console.print("Nothing to do: the tenant already matches.")
    return applied.result


def report(result: ApplyResult, elapsed: float) -> None:
    console.print(
        f"[bold]Applied {len(result.done)} action(s) in {elapsed:.1f} s; {len(result.failed)} failed, "
        f"{len(result.skipped)} skipped[/] (run {result.run_id})."
    )
    if result.failed or result.skipped:
        console.print(
            table(
                "Not applied",
                ["Subject", "Action", "Why"],
                [(a.upn, describe(a), why) for a, why in [*result.failed, *result.skipped]],
            )
        )


def confirm_or_exit(yes: bool) -> None:
    if yes:
        return
    if not sys.stdin.isatty():
        fail("refusing to apply without confirmation; pass --yes in scripts", code=EXIT_BAD_INPUT)
    if not typer.confirm("Apply these changes?"):
        fail("nothing applied", code=EXIT_FAILED)


def read_saved_plan(saved: Path | None) -> Plan | None:
    if saved is None:
        return None
    try:
        return load_plan(json.loads(saved.read_text()))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        fail(f"--plan {saved}: not a readable Switchboard plan ({exc})", code=EXIT_BAD_INPUT)


def apply_command(
    ctx: typer.Context,
    file: Path = FILE,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    concurrency: str = typer.Option("auto", "--concurrency", help="auto (adapts to throttling) or a number."),
    saved_plan: Path | None = typer.Option(
        None, "--plan", help="Apply exactly this saved plan (refused if stale)."
    ),
) -> None:
    """Make the tenant match the file; safe to re-run after any failure, crash or kill."""
    desired = load(file)
    apply_file(ctx, desired, read_saved_plan(saved_plan), yes, parse_concurrency(concurrency))


def apply_file(
    ctx: typer.Context, desired: PhoneSystem, stored: Plan | None, yes: bool, limit: int | None
) -> None:
    """apply and prune: the services the file needs, the apply with its progress bar, the report."""
    settings = settings_from(ctx)

    async def run(interrupt: Interrupt) -> tuple[ApplyResult | None, float]:
        started = asyncio.get_running_loop().time()
        async with open_services(settings, teams=uses_voice_apps(desired)) as services:
            result = await apply_with_progress(services, desired, stored, yes, limit, interrupt)
        return result, asyncio.get_running_loop().time() - started

    with use_case_errors():
        result, elapsed = run_interruptible(run)
    if result is not None:
        report(result, elapsed)
        if not result.ok:
            raise typer.Exit(EXIT_FAILED)


def export_command(
    ctx: typer.Context,
    people_only: bool = typer.Option(
        False, "--people-only", help="Leave out the voice apps (no Teams PowerShell sign-in)."
    ),
) -> None:
    """Write the tenant's phone users and voice apps as desired-state YAML (plans to zero changes)."""
    settings = settings_from(ctx)

    async def run() -> tuple[PhoneSystem, list[str]]:
        async with open_services(settings, teams=not people_only) as services:
            exported = await services.phone.export_noting()
            return exported.system, exported.notes

    with use_case_errors():
        system, notes = asyncio.run(run())
    for note in notes:  # on stderr: what the file does not manage (plan and prune leave it alone)
        err_console.print(f"# {note}", style="yellow", markup=False, highlight=False)
    header = (
        f"# Exported by switchboard on {dt.date.today()} from {settings.graph_url}\n"
        "# Plan it with: switchboard plan -f phone-system.yaml\n"
    )
    sys.stdout.write(to_yaml(system, header=header))


def prune_command(
    ctx: typer.Context,
    file: Path = FILE,
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    concurrency: str = typer.Option("auto", "--concurrency", help="auto (adapts to throttling) or a number."),
) -> None:
    """Apply the file with `prune: true`: also remove the voice apps, resource accounts (number back to
    its pool, licence released; the disabled account stays in Entra), schedules and people's numbers
    the file no longer lists, in reverse dependency order. The plan is shown and confirmed first."""
    desired = load(file).model_copy(update={"prune": True})
    apply_file(ctx, desired, None, yes, parse_concurrency(concurrency))


def onboard_command(
    ctx: typer.Context,
    csv_file: Path = typer.Argument(..., help="HR spreadsheet as CSV: upn, department, city[, number]."),
    file: Path | None = typer.Option(
        None, "-f", "--file", help="Desired-state YAML for pools and emergency locations."
    ),
    pool: str | None = typer.Option(
        None, "--pool", help="Take every `auto` number from this pool of the file."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and plan only."),
    skip_invalid: bool = typer.Option(
        False, "--skip-invalid", help="Onboard the valid rows, report the others."
    ),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    concurrency: str = typer.Option("auto", "--concurrency", help="auto or a number."),
) -> None:
    """Onboard staff from a spreadsheet: licence, number from the city's pool, emergency location."""
    if not csv_file.exists():
        fail(f"{csv_file}: no such file", code=EXIT_BAD_INPUT)
    base = load(file) if file else None
    rows, errors = read_staff_csv(csv_file)
    limit = parse_concurrency(concurrency)
    settings = settings_from(ctx)

    async def run(interrupt: Interrupt) -> ApplyResult | None:
        async with open_services(settings) as services:
            onboarding = await services.phone.onboarding(
                rows, errors, source=str(csv_file), base=base, pool=pool, skip_invalid=skip_invalid
            )
            for line in onboarding.skipped:
                err_console.print(line, style="red", markup=False, highlight=False)
            if dry_run:
                render_plan((await services.phone.plan(onboarding.desired, onboarding.current)).plan, console)
                return None
            return await apply_with_progress(services, onboarding.desired, None, yes, limit, interrupt)

    started = dt.datetime.now()
    with use_case_errors():
        result = run_interruptible(run)
    if result is not None:
        report(result, (dt.datetime.now() - started).total_seconds())
        if not result.ok:
            raise typer.Exit(EXIT_FAILED)


def audit_command(
    ctx: typer.Context,
    since: str | None = typer.Option(None, "--since", help="YYYY-MM-DD or an ISO timestamp (UTC)."),
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
    limit: int = typer.Option(1000, "--limit", min=1),
) -> None:
    """Who changed what, when, with before and after."""
    start = iso_timestamp("--since", since)
    settings = settings_from(ctx)

    async def run() -> list[AuditEvent]:

        store = await Store.open(settings.database_url)
        try:
            return list(await store.audit.list(since=start, limit=limit))
        finally:
            await store.close()

    events = asyncio.run(run())
    if as_json:
        print_json(events)
        return
    console.print(
        table(
            f"{len(events)} audit event(s)",
            ["When (UTC)", "Who", "Action", "Target", "Result", "After"],
            [
                (
                    e.at.strftime("%Y-%m-%d %H:%M:%S"),
                    e.actor,
                    e.action,
                    e.target,
                    e.result,
                    json.dumps(e.after) if e.after else "",
                )
                for e in events
            ],
        )
    )


def register(app: typer.Typer) -> None:
    app.command("schema")(schema)
    app.command("plan")(plan_command)
    app.command("apply")(apply_command)
    app.command("export")(export_command)
    app.command("prune")(prune_command)
    app.command("onboard")(onboard_command)
    app.command("audit")(audit_command)
