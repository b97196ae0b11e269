"""A plan as people read it: one line per action with its symbol, problems in red, counts last."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from provisioning.plan import Change, Plan
from provisioning.preview import changed_fields
from provisioning.resources import describe


def short(value: object, width: int = 70) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


STYLE = {Change.CREATE: "green", Change.CHANGE: "yellow", Change.REMOVE: "red", Change.REPLACE: "magenta"}


def render_plan(
    plan: Plan, console: Console, *, show_unchanged: bool = False, limit: int | None = None
) -> None:
    """Every action (or the first `limit`, for long runs whose full plan was reviewed with `plan`)."""
    shown = plan.actions if limit is None else plan.actions[:limit]
    for action in shown:
        line = Text(f"  {action.change.value} ", style=STYLE[action.change])
        line.append(f"{action.subject}: ", style="bold")
        line.append(describe(action))
        line.append(f"  ({action.reason})", style="dim")
        console.print(line)
        for name, before, after in changed_fields(action.before, action.after):
            console.print(
                Text(f"      {name}: {short(before)} → {short(after)}", style="dim"), highlight=False
            )
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
        f"; {len(plan.unchanged_subjects)} unchanged"
    )
    if plan.problems:
        summary += f"; {len(plan.problems)} problem(s) block apply"
    console.print(Text(summary + ".", style="bold"))
