"""While a mode is active, the YAML `plan`/`apply` must not silently undo it: the objects it holds, by
the planner's (kind, friendly key), and the Problem text a plan shows for a change to one of them.

Wiring (the lead / vaengine): a voice kind's diff turns a Change on a held object into
`Problem(subject, held_problem(kind, name, mode))` instead of an action.
"""

from __future__ import annotations

from store import Store


async def active_objects(store: Store) -> frozenset[tuple[str, str]]:
    """(kind, name) of every auto attendant and call queue an emergency mode holds (activating, active
    or being restored): kinds as the planner's registry names them, `auto_attendant` and `call_queue`."""
    held = set()
    for record in await store.emergency.list():
        held |= {(snapshot.kind, snapshot.name) for snapshot in record.snapshots}
    return frozenset(held)


async def holders(store: Store) -> dict[tuple[str, str], str]:
    """(kind, name) → the mode holding it, for the Problem text."""
    return {
        (snapshot.kind, snapshot.name): record.mode
        for record in await store.emergency.list()
        for snapshot in record.snapshots
    }


def held_problem(kind: str, name: str, mode: str) -> str:
    label = "auto attendant" if kind == "auto_attendant" else "call queue"
    return (
        f"{label} {name} is in emergency mode {mode}: the file's change would undo it; "
        f"run `switchboard emergency restore {mode}` first (or plan again once it is restored)"
    )
