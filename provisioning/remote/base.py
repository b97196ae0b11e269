"""What every resource kind gives the engine on the wire side: an applier for its actions, an observer
that reads one resource back (did a step take effect?), and, for kinds whose writes are long-running
orders, a wait on the order's operation."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from graph import Graph
from provisioning.plan import Action, Step

Submitted = Callable[[str], Awaitable[None]]  # journals an order's operation id before waiting on it
# True: the step's effect is visible; False: it did not happen; None: still in flight, look again.
Observe = Callable[[Graph, Step, str | None], Awaitable[bool | None]]


@dataclass(frozen=True)
class RemoteKind:
    name: str
    apply: Callable[[Graph, Action, Submitted], Awaitable[None]]
    observe: Observe
    wait: Callable[[Graph, str, float], Awaitable[None]] | None = None  # (graph, operation id, timeout)
