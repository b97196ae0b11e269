"""The resource-kind registry, pure half: kind → state, diff, description and depends-on kinds.

Adding a kind (a schedule, a call queue…) is a module here with a state dataclass and a pure diff, its
reader/applier in provisioning/remote/, and one row in each table; nothing else branches on kinds.
"""

from __future__ import annotations

from typing import Any

from provisioning.plan import Action
from provisioning.resources import (
    auto_attendant,
    emergency_location,
    licence,
    number,
    schedule,
    usage_location,
)
from provisioning.resources.base import Diff, Line, ResourceKind, Wanted

KINDS: dict[str, ResourceKind] = {
    kind.name: kind
    for kind in (
        usage_location.KIND,
        licence.KIND,
        number.KIND,
        emergency_location.KIND,
        schedule.KIND,
        auto_attendant.KIND,
    )
}


def in_order(kinds: dict[str, ResourceKind] = KINDS) -> list[ResourceKind]:
    """Kinds with every kind after the kinds it depends on; ties keep table order, so plans are stable."""
    placed: list[str] = []
    pending = list(kinds)
    while pending:
        ready = [name for name in pending if set(kinds[name].depends_on) <= set(placed)]
        if not ready:
            raise ValueError(f"kinds depend on unknown kinds or on each other: {', '.join(pending)}")
        placed.append(ready[0])
        pending.remove(ready[0])
    return [kinds[name] for name in placed]


def closure(name: str, kinds: dict[str, ResourceKind] = KINDS) -> set[str]:
    """Every kind `name` depends on, directly or not."""
    out: set[str] = set()
    todo = list(kinds[name].depends_on)
    while todo:
        dep = todo.pop()
        if dep not in out:
            out.add(dep)
            todo.extend(kinds[dep].depends_on)
    return out


STATES: dict[str, type[Any]] = {name: kind.state for name, kind in KINDS.items()}
OPS: dict[str, str] = {
    usage_location.SET: usage_location.NAME,
    licence.ASSIGN: licence.NAME,
    number.ASSIGN: number.NAME,
    number.UNASSIGN: number.NAME,
    emergency_location.UPDATE: emergency_location.NAME,
    **{op: schedule.NAME for op in (schedule.CREATE, schedule.UPDATE, schedule.REMOVE)},
    **{
        op: auto_attendant.NAME
        for op in (auto_attendant.CREATE, auto_attendant.UPDATE, auto_attendant.REMOVE)
    },
}


def describe(action: Action) -> str:
    return KINDS[action.kind].describe(action)


__all__ = [
    "KINDS",
    "OPS",
    "STATES",
    "Diff",
    "Line",
    "ResourceKind",
    "Wanted",
    "closure",
    "describe",
    "in_order",
]
