"""`plan --show-powershell`: the cmdlets apply would run, action by action, as readable PowerShell.

Ids that exist only once earlier steps ran are looked up by name inside each script (`$queue_Permits =
Get-CsCallQueue -NameFilter 'Permits'`), so an admin can read, or run, exactly what Switchboard would.
Steps written through Microsoft Graph (usage locations, licences, people's numbers) are named in a
comment instead."""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from typing import Any

from graph.teams_admin import render_script
from provisioning.plan import Action, Plan
from provisioning.remote import REMOTES
from provisioning.resources import describe


def action_script(action: Action) -> str:
    header = f"# {action.change.value} {action.subject}: {describe(action)}"
    script = REMOTES[action.kind].script
    if script is None:
        return f"{header}\n# (through Microsoft Graph, not PowerShell)\n"
    return f"{header}\n{render_script(script(action))}"


def powershell_preview(plan: Plan) -> str:
    return "\n".join(action_script(action) for action in plan.actions)


def changed_fields(before: Any, after: Any) -> list[tuple[str, Any, Any]]:
    """(field, before, after) for each top-level field that differs between two states of one kind."""
    if not (is_dataclass(before) and is_dataclass(after)) or type(before) is not type(after):
        return []
    return [
        (f.name, getattr(before, f.name), getattr(after, f.name))
        for f in fields(before)
        if getattr(before, f.name) != getattr(after, f.name)
    ]
