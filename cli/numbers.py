"""`switchboard numbers list|summary`: the tenant's telephone numbers (numberAssignments)."""

from __future__ import annotations

import asyncio
from dataclasses import asdict

import typer

from cli.context import open_graph_from
from cli.output import EXIT_BAD_INPUT, console, fail, print_json, table
from cli.runtime import settings_from, use_case_errors
from provisioning import list_numbers as numbers_view
from provisioning import number_summary, parse_number_type

app = typer.Typer(help="Telephone numbers: inventory and assignment state.", no_args_is_help=True)


@app.command("list")
def list_numbers(
    ctx: typer.Context,
    free: bool = typer.Option(False, "--free", help="Only unassigned numbers."),
    city: str | None = typer.Option(None, "--city", help="Only numbers in this city (case-insensitive)."),
    number_type: str | None = typer.Option(
        None, "--type", help="operatorConnect (oc), directRouting (dr), callingPlan (cp)."
    ),
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
) -> None:
    """List numbers, filtered on the server where Graph allows it."""
    kind = None
    if number_type:
        try:
            kind = parse_number_type(number_type)
        except ValueError as exc:
            fail(f"--type: {exc}", code=EXIT_BAD_INPUT)
    settings = settings_from(ctx)

    async def run() -> None:
        async with open_graph_from(settings) as graph:
            numbers = await numbers_view(graph, free=free, city=city, number_type=kind)
        if as_json:
            print_json([asdict(n) for n in numbers])
            return
        console.print(
            table(
                f"{len(numbers)} numbers",
                ["Number", "Type", "City", "Status", "Capabilities", "Target", "Category", "State"],
                (
                    (
                        n.telephone_number,
                        n.number_type,
                        n.city,
                        n.assignment_status,
                        ", ".join(n.capabilities),
                        n.assignment_target_id,
                        n.assignment_category,
                        n.activation_state,
                    )
                    for n in numbers
                ),
            )
        )

    with use_case_errors():
        asyncio.run(run())


@app.command("summary")
def summary(
    ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="JSON for scripts.")
) -> None:
    """Free and assigned numbers per city, type and capability."""
    settings = settings_from(ctx)

    async def run() -> None:
        async with open_graph_from(settings) as graph:
            rows = await number_summary(graph)
        if as_json:
            print_json([{**asdict(r), "total": r.total} for r in rows])
            return
        console.print(
            table(
                "Number inventory",
                ["City", "Type", "For", "Free", "Assigned", "Total"],
                [(r.city, r.number_type, r.capability, r.free, r.assigned, r.total) for r in rows]
                + [
                    (
                        "[bold]all[/]",
                        "",
                        "",
                        sum(r.free for r in rows),
                        sum(r.assigned for r in rows),
                        sum(r.total for r in rows),
                    )
                ],
            )
        )

    with use_case_errors():
        asyncio.run(run())
