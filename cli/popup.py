"""`switchboard popup open|list|show|extend|add-agents|remove-agents|close|expire`: parse, wire the
PopupService (Graph, store, Teams admin workers) and render; the use cases live in provisioning.popup."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import typer

from cli.arguments import iso_date
from cli.context import open_services
from cli.output import EXIT_BAD_INPUT, console, fail, key_values, table
from cli.provisioning import confirm_or_exit
from cli.runtime import Interrupt, run_interruptible, settings_from, use_case_errors
from cli.settings import Settings
from cli.teams import open_teams_admin_from
from provisioning import render_plan
from provisioning.popup import PopupLine, PopupRequest, PopupService, check_request

T = TypeVar("T")
app = typer.Typer(help="Pop-up public lines: open in minutes, close when done.", no_args_is_help=True)
AGENTS = typer.Option(
    ..., "--agents", help="A UPN, group:NAME or department:NAME (repeat or comma-separate)."
)


@asynccontextmanager
async def popup_service(settings: Settings) -> AsyncIterator[PopupService]:
    async with open_services(settings) as services, open_teams_admin_from(settings) as teams:
        yield PopupService(services.graph, services.store, teams, actor=services.actor)


def run(ctx: typer.Context, use: Callable[[PopupService], Awaitable[T]]) -> T:
    settings = settings_from(ctx)

    async def main() -> T:
        async with popup_service(settings) as service:
            return await use(service)

    with use_case_errors():
        return asyncio.run(main())


def specs(values: list[str]) -> tuple[str, ...]:
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def open_command(
    ctx: typer.Context,
    name: str = typer.Argument(..., help='The line\'s name, e.g. "Fire Services Fee".'),
    agents: list[str] = AGENTS,
    number: str = typer.Option(
        "auto", help="auto (voice-app pool), +E164, or none (reached from --from-aa)."
    ),
    greeting: str | None = typer.Option(None, help="Text-to-speech greeting."),
    language: str = typer.Option("en-US"),
    hours: str | None = typer.Option(None, help='Opening hours, e.g. "Mon-Fri 08:00-17:00".'),
    until: str | None = typer.Option(None, help="Last day open (YYYY-MM-DD); popup expire closes it after."),
    after_hours: str = typer.Option("voicemail", help="voicemail | disconnect | +E164 (with --hours)."),
    voicemail_group: str | None = typer.Option(None, help="Group whose shared voicemail takes messages."),
    from_aa: str | None = typer.Option(None, "--from-aa", help="Add an option to this auto attendant…"),
    key: str | None = typer.Option(None, help="…on this key."),
    owner: str | None = typer.Option(None, help="UPN warned before the line expires."),
    yes: bool = typer.Option(False, "--yes", help="Do not ask before applying."),
) -> None:
    """Open a pop-up line (or finish opening it after a crash: re-run the same command)."""
    request = PopupRequest(
        name=name,
        agents=specs(agents),
        number=None if number.casefold() == "none" else number,
        greeting=greeting,
        language=language,
        hours=hours,
        until=iso_date("--until", until),
        after_hours=after_hours,
        from_aa=from_aa,
        key=key,
        owner=owner,
        voicemail_group=voicemail_group,
    )
    with use_case_errors():
        check_request(request)  # bad options fail before anything connects
    render_plan(run(ctx, lambda service: service.preview(request)), console)
    confirm_or_exit(yes)
    settings = settings_from(ctx)

    async def main(interrupt: Interrupt) -> Any:
        interrupt.applying = True
        async with popup_service(settings) as service:
            return await service.open(request, stop=interrupt.stop)

    with use_case_errors():
        opened = run_interruptible(main)
    publish = opened.number or f"none: press {request.key} on {request.from_aa}"
    console.print(f"Pop-up line {opened.line.name} is open. Number to publish: {publish}")
    if opened.trace is not None:
        at = opened.trace.at.isoformat(timespec="minutes") if opened.trace.at else "now"
        final = opened.trace.final
        console.print(f"A call at {at}: {final.kind} {final.ref}".rstrip() + f" ({final.detail})")
    console.print(f"Took {opened.seconds:.1f} s.")


def render_line(line: PopupLine) -> None:
    console.print(
        key_values(
            line.name,
            {
                "state": line.state,
                "number": line.number or "none",
                "agents": ", ".join(line.agents) or "-",
                "hours": line.request.hours or "always open",
                "last day": line.until.isoformat() if line.until else "-",
                "owner": line.owner or "-",
                "opened by": line.opened_by,
                "opened at": line.opened_at.isoformat(timespec="minutes") if line.opened_at else "-",
            },
        )
    )


def list_command(ctx: typer.Context) -> None:
    """Open pop-up lines."""
    lines = run(ctx, lambda service: service.list())
    rows = [
        (
            line.name,
            line.state,
            line.number or "-",
            len(line.agents),
            line.until.isoformat() if line.until else "-",
        )
        for line in lines
    ]
    console.print(table("Pop-up lines", ["line", "state", "number", "agents", "last day"], rows))


def show_command(ctx: typer.Context, name: str = typer.Argument(...)) -> None:
    render_line(run(ctx, lambda service: service.show(name)))


def extend_command(
    ctx: typer.Context, name: str = typer.Argument(...), until: str = typer.Option(...)
) -> None:
    """Move the line's last day."""
    day = iso_date("--until", until) or dt.date.min  # the option is required: never None here
    render_line(run(ctx, lambda service: service.extend(name, day)))


def add_agents_command(
    ctx: typer.Context, name: str = typer.Argument(...), agents: list[str] = AGENTS
) -> None:
    render_line(run(ctx, lambda service: service.add_agents(name, specs(agents))))


def remove_agents_command(
    ctx: typer.Context, name: str = typer.Argument(...), agents: list[str] = AGENTS
) -> None:
    render_line(run(ctx, lambda service: service.remove_agents(name, specs(agents))))


def close_command(ctx: typer.Context, name: str = typer.Argument(...)) -> None:
    """Tear the line down (reverse order, number back to the pool); re-run to finish after a crash."""
    closed = run(ctx, lambda service: service.close(name))
    console.print(
        f"Pop-up line {closed.line.name} is closed ({len(closed.plan.actions)} steps, {closed.seconds:.1f} s)."
    )


def expire_command(
    ctx: typer.Context,
    warn_days: int = typer.Option(3, "--warn-days", help="Warn owners this many days ahead."),
) -> None:
    """For the scheduler: close lines past their last day, warn about lines ending soon."""
    if warn_days < 0:
        fail("--warn-days: give 0 or more", code=EXIT_BAD_INPUT)
    expiry = run(ctx, lambda service: service.expire(warn_within=dt.timedelta(days=warn_days)))
    for closed in expiry.closed:
        console.print(f"closed {closed.line.name}")
    for warning in expiry.warnings:
        console.print(f"warned {warning.owner_upn}: {warning.title}")
    for name, why in expiry.failed:
        console.print(f"could not close {name}: {why}", style="red")
    if expiry.failed:
        raise typer.Exit(1)


def register(root: typer.Typer) -> None:
    app.command("open")(open_command)
    app.command("list")(list_command)
    app.command("show")(show_command)
    app.command("extend")(extend_command)
    app.command("add-agents")(add_agents_command)
    app.command("remove-agents")(remove_agents_command)
    app.command("close")(close_command)
    app.command("expire")(expire_command)
    root.add_typer(app, name="popup")
