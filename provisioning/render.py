"""A plan as people read it: one line per action with its symbol, problems in red, counts last."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from provisioning.plan import Action, Change, Kind, Plan

STYLE = {Change.CREATE: "green", Change.CHANGE: "yellow", Change.REMOVE: "red", Change.REPLACE: "magenta"}


def describe(action: Action) -> str:
    after, before = action.after, action.before
    if action.kind is Kind.SET_USAGE_LOCATION:
        return f"usage location {before.get('usageLocation') or '—'} → {after['usageLocation']}"
    if action.kind is Kind.ASSIGN_LICENCE:
        return f"licence + {after['add']}"
    if action.kind is Kind.ASSIGN_NUMBER:
        where = f" at {after['locationId']}" if after.get("locationId") else ""
        return f"number {after['number']} ({after.get('category', 'primary')}){where}"
    if action.kind is Kind.UNASSIGN_NUMBER:
        return f"number {before['number']} released"
    return f"emergency location of {action.number}: {before.get('locationId') or '—'} → {after['locationId']}"


def render_plan(
    plan: Plan, console: Console, *, show_unchanged: bool = False, limit: int | None = None
) -> None:
    """Every action (or the first `limit`, for long runs whose full plan was reviewed with `plan`)."""
    shown = plan.actions if limit is None else plan.actions[:limit]
    for action in shown:
        line = Text(f"  {action.change.value} ", style=STYLE[action.change])
        line.append(f"{action.upn}: ", style="bold")
        line.append(describe(action))
        line.append(f"  ({action.reason})", style="dim")
        console.print(line)
    if len(shown) < len(plan.actions):
        console.print(
            Text(f"  … and {len(plan.actions) - len(shown)} more (see `switchboard plan`)", style="dim")
        )
    if show_unchanged:
        for noop in plan.unchanged:
            console.print(Text(f"    {noop.upn}: {noop.reason}", style="dim"))
    for problem in plan.problems:
        console.print(Text(f"  ! {problem.upn}: {problem.message}", style="bold red"))
    counts = plan.counts()
    summary = (
        f"Plan: {counts['create']} to create, {counts['change']} to change, {counts['remove']} to remove"
        f"; {len(plan.unchanged)} unchanged"
    )
    if plan.problems:
        summary += f"; {len(plan.problems)} problem(s) block apply"
    console.print(Text(summary + ".", style="bold"))
