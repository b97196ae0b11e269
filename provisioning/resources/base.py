"""What every resource kind gives the planner: a state dataclass for before/after, a pure diff from
(wanted, current) to actions, problems and no-op reasons, a one-line description, and the kinds it
depends on (their actions for the same subject are applied first)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from provisioning.current import CurrentState, Person
from provisioning.model import Tenant
from provisioning.plan import Action, NoOp, Problem


@dataclass(frozen=True)
class Line:
    """One person's desired phone set-up, resolved against the tenant and the number allocation."""

    upn: str
    person: Person
    number: str | None  # the number they should hold; None when their pool has no free number
    pool: str | None
    category: str
    location_id: str | None  # the emergency location id wanted, None when the file names none


@dataclass(frozen=True)
class Wanted:
    """The desired state as kinds diff it. Each kind sees only subjects no earlier kind blocked."""

    lines: tuple[Line, ...]
    tenant: Tenant
    prune: bool = False
    listed: frozenset[str] = frozenset()  # every UPN the file covers (prune leaves them alone)


@dataclass
class Diff:
    actions: list[Action] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    unchanged: list[NoOp] = field(default_factory=list)


@dataclass(frozen=True)
class ResourceKind:
    name: str
    depends_on: tuple[str, ...]
    state: type[Any]
    diff: Callable[[Wanted, CurrentState], Diff]
    describe: Callable[[Action], str]
