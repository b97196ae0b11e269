"""`switchboard doctor`: is this tenant (or sandbox) ready for Switchboard? A table of checks with fixes.

The checks are provisioning/doctor*.py's; this module renders them. Exit 1 when anything is missing.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import asdict

import typer
from rich.table import Table

from cli.context import graph_config
from cli.output import console, print_json
from cli.runtime import graph_errors, settings_from
from provisioning import Finding, diagnose, exit_code

STYLE = {"ok": "green", "missing": "bold red", "warning": "yellow", "not checked": "dim"}


def render(findings: list[Finding]) -> None:
    out = Table(title="switchboard doctor", title_justify="left", header_style="bold")
    out.add_column("Check", no_wrap=True)
    out.add_column("Status", no_wrap=True)
    out.add_column("Detail")
    out.add_column("Fix")
    for f in findings:
        out.add_row(f"{f.area}: {f.name}", f"[{STYLE[f.status]}]{f.status}[/]", f.detail, f.fix)
    console.print(out)
    missing = [f.name for f in findings if f.status == "missing"]
    for f in findings:  # one line each, unwrapped, so a fix can be copied or grepped
        if f.fix and f.status in ("missing", "warning"):
            console.print(f"fix {f.name}: {f.fix}", highlight=False)
    if missing:
        console.print(f"[bold red]{len(missing)} missing:[/] {', '.join(missing)} — see docs/deploy.md")
    else:
        console.print("[green]Everything Switchboard needs is in place.[/]")


def doctor(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help="Findings as JSON for scripts."),
) -> None:
    """Check credentials, each Graph permission, licences, number pools and the PowerShell sign-in."""
    settings = settings_from(ctx)
    with graph_errors():
        findings = asyncio.run(diagnose(graph_config(settings), now=dt.datetime.now(dt.UTC)))
    if as_json:
        print_json([asdict(f) for f in findings])
    else:
        render(findings)
    raise typer.Exit(exit_code(findings))
