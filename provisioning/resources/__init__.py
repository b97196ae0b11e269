"""The resource-kind registry, pure half: kind → state, diff, description and depends-on kinds.

Adding a kind (a schedule, a call queue…) is a module here with a state dataclass and a pure diff, its
reader/applier in provisioning/remote/, and one row in each table; nothing else branches on kinds.
"""

from __future__ import annotations

from typing import Any

from provisioning.plan import Action
from provisioning.resources import (
    association,
    auto_attendant,
    call_queue,
    emergency_location,
    licence,
    number,
    ra_licence,
    ra_number,
    resource_account,
    schedule,
    usage_location,
)
from provisioning.resources.base import Diff, Line, ObjectKey, ResourceKind, Wanted

# Table order is plan order among kinds that do not depend on each other. Voice-app kinds follow the
# issue's dependency order: schedules → resource account → its licence → its number → queues →
# attendants → associations (removals run in reverse, see planner.order).
KINDS: dict[str, ResourceKind] = {
    kind.name: kind
    for kind in (
        usage_location.KIND,
        licence.KIND,
        number.KIND,
        emergency_location.KIND,
        schedule.KIND,
        resource_account.KIND,
        ra_licence.KIND,
        ra_number.KIND,
        call_queue.KIND,
        auto_attendant.KIND,
        association.KIND,
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
    resource_account.CREATE: resource_account.NAME,
    ra_licence.SET_LOCATION: ra_licence.NAME,
    ra_licence.ASSIGN: ra_licence.NAME,
    ra_licence.RELEASE: ra_licence.NAME,
    ra_number.ASSIGN: ra_number.NAME,
    ra_number.RELEASE: ra_number.NAME,
    call_queue.CREATE: call_queue.NAME,
    call_queue.UPDATE: call_queue.NAME,
    call_queue.REMOVE: call_queue.NAME,
    association.ASSOCIATE: association.NAME,
    association.DISSOCIATE: association.NAME,
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
    "ObjectKey",
    "ResourceKind",
    "Wanted",
    "closure",
    "describe",
    "in_order",
]
