"""`switchboard users show UPN`: one person's phone set-up as Teams sees it."""

from __future__ import annotations

import asyncio

import typer

from cli.context import open_graph_from
from cli.output import console, key_values, print_json, table
from cli.runtime import settings_from, use_case_errors
from provisioning import phone_view

app = typer.Typer(help="Users: licences, numbers and Teams phone configuration.", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    upn: str = typer.Argument(..., help="User principal name or object id."),
    as_json: bool = typer.Option(False, "--json", help="JSON for scripts."),
) -> None:
    """Show a user's licences, numbers, emergency location and voice configuration."""
    settings = settings_from(ctx)

    async def run() -> None:
        async with open_graph_from(settings) as graph:
            phone = await phone_view(graph, upn)
        view, numbers = phone.to_json(), phone.numbers
        if as_json:
            print_json(view)
            return
        console.print(
            key_values(
                f"{view['displayName']} <{view['userPrincipalName']}>",
                {
                    "Department": view["department"],
                    "Office": view["office"],
                    "City": view["city"],
                    "Usage location": view["usageLocation"],
                    "Licences": ", ".join(view["licences"]),  # type: ignore[arg-type]
                    "Account type": view["accountType"],
                    "Enterprise Voice": view["enterpriseVoice"],
                },
            )
        )
        if numbers:
            console.print(
                table(
                    None,
                    ["Number", "Type", "Category", "State", "Emergency location"],
                    [
                        (
                            n.telephone_number,
                            n.number_type,
                            n.assignment_category,
                            n.activation_state,
                            n.location_id,
                        )
                        for n in numbers
                    ],
                )
            )
        else:
            console.print("[yellow]No phone number assigned.[/]")

    with use_case_errors():
        asyncio.run(run())
