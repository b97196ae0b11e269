"""`switchboard voiceapps list|show|check`, `switchboard flows` and `switchboard trace`: read-only views of
auto attendants, call queues and resource accounts (Teams PowerShell state + Graph).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import typer

from cli.context import open_graph_from
from cli.output import EXIT_BAD_INPUT, EXIT_FAILED, console, fail, print_json, table
from cli.runtime import graph_errors, settings_from
from cli.settings import Settings
from cli.teams import open_teams_admin_from
from graph.teams_admin import TeamsAdminError
from provisioning.voiceapps import (
    AutoAttendant,
    FlowError,
    Trace,
    TraceError,
    VoiceApps,
    WireError,
    check,
    entry_points,
    find_app,
    flow_graph,
    read_voice_apps,
    render_image,
    render_mermaid,
    render_text,
    teams_admin_source,
    trace,
)

app = typer.Typer(
    help="Auto attendants, call queues and resource accounts (read-only).", no_args_is_help=True
)


async def read_apps(settings: Settings) -> VoiceApps:
    """The product path: Teams admin workers (module state) and Graph (names, licences, free numbers)."""
    async with open_graph_from(settings) as graph, open_teams_admin_from(settings) as admin:
        return await read_voice_apps(teams_admin_source(admin), graph)


def load(ctx: typer.Context) -> VoiceApps:
    """The current voice apps, read through the Teams admin workers and Graph together. Bad module output,
    a worker that can't start or sign in, or a read still failing after retries: one line, exit 1."""
    settings = settings_from(ctx)
    with graph_errors():
        try:
            return asyncio.run(read_apps(settings))
        except WireError as exc:
            fail(f"voice-app state: {exc}", code=EXIT_FAILED)
        except TeamsAdminError as exc:
            fail(f"voice-app state could not be read (Teams PowerShell): {exc}", code=EXIT_FAILED)
    raise AssertionError("unreachable")


def numbers_of(apps: VoiceApps, name: str) -> str:
    return ", ".join(ra.number for ra in apps.resource_accounts if ra.app == name and ra.number)


@app.command("list")
def list_apps(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON for scripts.")
) -> None:
    """Every auto attendant and call queue with its numbers."""
    apps = load(ctx)
    rows = [
        {
            "name": a.name,
            "kind": "auto attendant" if isinstance(a, AutoAttendant) else "call queue",
            "numbers": [ra.number for ra in apps.resource_accounts if ra.app == a.name and ra.number],
            "resourceAccounts": list(a.resource_accounts),
            "detail": _detail(a),
        }
        for a in entry_points(apps)
    ]
    if as_json:
        print_json(rows)
        return
    console.print(
        table(
            "Voice apps",
            ["Name", "Kind", "Numbers", "Detail"],
            [(r["name"], r["kind"], ", ".join(r["numbers"]), r["detail"]) for r in rows],  # type: ignore[arg-type]
        )
    )


def _detail(a: Any) -> str:
    if isinstance(a, AutoAttendant):
        holidays = sum(1 for h in a.handling if h.kind == "holiday")
        return f"{a.language}, {a.time_zone}, {holidays} holiday set{'s' if holidays != 1 else ''}"
    return f"{a.routing}, {len(a.answering_agents())} of {len(a.agents)} agents opted in"


@app.command("show")
def show(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="Auto attendant or call queue name, its RA's UPN, or its number."),
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
) -> None:
    """One auto attendant or call queue: periods, menus, agents, exception handling."""
    apps = load(ctx)
    try:
        found = find_app(apps, name)
    except FlowError as exc:
        fail(str(exc), code=EXIT_BAD_INPUT)
    if as_json:
        print_json(
            {"kind": "autoAttendant" if isinstance(found, AutoAttendant) else "callQueue", **asdict(found)}
        )
        return
    text = render_text(apps, found)
    console.print(text.split("\n\n")[0], highlight=False, markup=False)


@app.command("check")
def check_command(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON for scripts.")
) -> None:
    """Waste and risks: unassociated or unlicensed RAs, unanswered or oversized queues, dead ends. Exit 1 if any."""
    findings = check(load(ctx))
    if as_json:
        print_json([asdict(f) for f in findings])
    elif findings:
        console.print(
            table(
                f"{len(findings)} findings",
                ["Check", "Subject", "Finding"],
                [(f.code, f.subject, f.message) for f in findings],
            )
        )
        for f in findings:
            if f.items:
                shown = ", ".join(f.items[:8]) + (
                    f" and {len(f.items) - 8} more (--json lists all)" if len(f.items) > 8 else ""
                )
                console.print(f"[dim]{f.code}: {shown}[/]", highlight=False)
    else:
        console.print("No findings.")
    if findings:
        raise typer.Exit(EXIT_FAILED)


def flows(
    ctx: typer.Context,
    name: str | None = typer.Argument(None, help="App name, RA UPN or +E164; all apps when omitted."),
    fmt: str = typer.Option("text", "--format", help="text, mermaid, svg or png."),
    out: Path | None = typer.Option(None, "--out", help="Write to this file instead of the screen."),
) -> None:
    """The call flow as a diagram: AA → options → queues, AAs, people, numbers, per call handling period."""
    if fmt not in ("text", "mermaid", "svg", "png"):
        fail(f"--format {fmt!r}: use text, mermaid, svg or png", code=EXIT_BAD_INPUT)
    if fmt == "png" and out is None:
        fail("--format png needs --out FILE", code=EXIT_BAD_INPUT)
    apps = load(ctx)
    try:
        roots = [find_app(apps, name)] if name else entry_points(apps)
    except FlowError as exc:
        fail(str(exc), code=EXIT_BAD_INPUT)
    if not roots:
        fail("there are no auto attendants or call queues", code=EXIT_FAILED)
    if fmt in ("svg", "png"):
        data = render_image(flow_graph(apps, roots), fmt, title=name or "All voice apps")  # type: ignore[arg-type]
    else:
        rendered = render_text(apps, roots) if fmt == "text" else render_mermaid(flow_graph(apps, roots))
        data = rendered.encode("utf-8")
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    out.write_bytes(data)
    console.print(f"Wrote {out} ({len(data):,} bytes).")


def trace_command(
    ctx: typer.Context,
    entry: str = typer.Argument(..., help="+E164 voice-app number (or an AA/CQ name, or an RA's UPN)."),
    at: str | None = typer.Option(
        None, "--at", help="When: 2026-12-25T10:00 (the AA's own wall clock) or with an offset; default now."
    ),
    press: list[str] = typer.Option(
        [], "--press", help="A key (0-9, *, #), a spoken word, or name:Full Name; repeat in order."
    ),
    as_json: bool = typer.Option(False, "--json", help="The hops and the final destination as JSON."),
) -> None:
    """Where a call to this number goes at that moment: holidays, after hours, menus, queues, overflow."""
    try:
        when = dt.datetime.fromisoformat(at) if at else dt.datetime.now(dt.UTC)
    except ValueError:
        fail(f"--at {at!r} is not a date-time such as 2026-12-25T10:00", code=EXIT_BAD_INPUT)
    apps = load(ctx)
    try:
        result = trace(apps, entry, when, press)
    except (TraceError, ValueError) as exc:
        fail(str(exc), code=EXIT_BAD_INPUT)
    if as_json:
        print_json(asdict(result))
        return
    print_trace(result)


def print_trace(result: Trace) -> None:
    when = f" at {result.at:%a %Y-%m-%d %H:%M %Z}" if result.at else ""
    console.print(f"[bold]Call to {result.entry}{when}[/]", highlight=False)
    for index, hop in enumerate(result.hops, start=1):
        console.print(f"  {index:>2}. {hop.detail}", highlight=False, markup=False)
    console.print(
        f"  ⇒ [bold]{result.final.kind.replace('_', ' ')}[/]: {result.final.detail}", highlight=False
    )
    for contingency in result.contingencies:
        console.print(
            f"     if {contingency.condition}: {contingency.final.detail}", highlight=False, markup=False
        )


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="voiceapps")
    root.command("flows")(flows)
    root.command("trace")(trace_command)
