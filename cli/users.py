"""`switchboard users show UPN`: one person's phone set-up as Teams sees it."""

from __future__ import annotations

import asyncio

import typer

from cli.context import open_graph_from
from cli.output import console, key_values, print_json, table
from cli.runtime import graph_errors, settings_from
from graph.types import NumberAssignment, Sku, User, UserConfiguration

app = typer.Typer(help="Users: licences, numbers and Teams phone configuration.", no_args_is_help=True)


def licence_names(user: User, skus: list[Sku]) -> list[str]:
    by_id = {sku.sku_id: sku.sku_part_number for sku in skus}
    return sorted(by_id.get(sku_id, sku_id) for sku_id in user.assigned_sku_ids)


def phone_view(
    user: User, config: UserConfiguration | None, numbers: list[NumberAssignment], skus: list[Sku]
) -> dict[str, object]:
    """Everything an admin checks when someone says 'my phone does not work', as plain data."""
    return {
        "userPrincipalName": user.user_principal_name,
        "displayName": user.display_name,
        "id": user.id,
        "department": user.department,
        "office": user.office_location,
        "city": user.city,
        "usageLocation": user.usage_location,
        "licences": licence_names(user, skus),
        "accountType": config.account_type if config else None,
        "enterpriseVoice": config.is_enterprise_voice_enabled if config else None,
        "numbers": [
            {
                "telephoneNumber": n.telephone_number,
                "numberType": n.number_type,
                "assignmentCategory": n.assignment_category,
                "activationState": n.activation_state,
                "emergencyLocationId": n.location_id,
                "city": n.city,
            }
            for n in numbers
        ],
    }


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
            user = await graph.users.get(upn)
            config, numbers, skus = await asyncio.gather(
                graph.users.configuration(user.id),
                graph.numbers.list(filter=f"assignmentTargetId eq '{user.id}'"),
                graph.users.subscribed_skus(),
            )
        view = phone_view(user, config, numbers, skus)
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

    with graph_errors():
        asyncio.run(run())
