"""While a mode holds a line, a YAML plan's change to it (and what waits on that change) becomes a Problem
naming the mode, and everything else in the plan is left as planned."""

from __future__ import annotations

from provisioning import Action, Change, Plan, Problem, Step
from provisioning.emergency import guard_plan


def action(kind: str, op: str, subject: str, needs: tuple[str, ...] = ()) -> Action:
    return Action(kind, Step(op, subject), "id", None, None, "why", Change.CHANGE, needs)


QUEUE = action("call_queue", "update_call_queue", "211 Crisis Line")
ASSOCIATION = action("association", "associate", "crisis211@county.gov", needs=(QUEUE.key,))
PERMITS = action("call_queue", "update_call_queue", "Building Permits")
PLAN = Plan("hash", "print", (QUEUE, ASSOCIATION, PERMITS), (Problem("x@county.gov", "earlier"),))


def test_held_lines_and_their_dependants_become_problems_naming_the_mode() -> None:
    guarded = guard_plan(PLAN, {("call_queue", "211 crisis line"): "eoc"})
    assert guarded.actions == (PERMITS,)
    assert guarded.problems == (
        Problem("x@county.gov", "earlier"),
        Problem(
            "211 Crisis Line",
            "call queue 211 Crisis Line is in emergency mode eoc: the file's change would undo it; run "
            "`switchboard emergency restore eoc` first (or plan again once it is restored)",
        ),
        Problem(
            "crisis211@county.gov",
            "association crisis211@county.gov waits on a line held by emergency mode eoc",
        ),
    )


def test_nothing_held_leaves_the_plan_as_it_was() -> None:
    assert guard_plan(PLAN, {}) is PLAN
    assert guard_plan(PLAN, {("auto_attendant", "211 Crisis Line"): "eoc"}).actions == PLAN.actions
