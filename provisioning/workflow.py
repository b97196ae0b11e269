"""Read → allocate → plan, the one sequence `plan`, `apply` and `onboard` share."""

from __future__ import annotations

from dataclasses import dataclass

from graph import Graph
from provisioning.allocation import allocate
from provisioning.current import CurrentState, read_current
from provisioning.expand import expand
from provisioning.model import PhoneSystem, PhoneUser
from provisioning.plan import Plan
from provisioning.planner import desired_hash, plan
from store import Store


@dataclass(frozen=True)
class Planned:
    plan: Plan
    current: CurrentState
    users: list[PhoneUser]


async def make_plan(
    graph: Graph, store: Store, desired: PhoneSystem, current: CurrentState | None = None
) -> Planned:
    groups = sorted({s.group for s in desired.select if s.group})
    current = current or await read_current(graph, groups=groups)
    users = expand(desired, current)
    allocation = await allocate(desired, users, current, store.reservations, desired_hash(desired))
    return Planned(plan(desired, users, current, allocation), current, users)
