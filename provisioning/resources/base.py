"""What every resource kind gives the planner: a state dataclass for before/after, a pure diff from
(wanted, current) to actions, problems and no-op reasons, a one-line description, the kinds it depends on
(their actions for the same subject are applied first) and, for kinds whose objects point at other
objects (a queue's agents and overflow target, an auto attendant's menu), the other subjects an action
must wait for.

People kinds diff `Wanted.lines`; voice-app kinds (schedules, resource accounts, call queues, auto
attendants, associations) diff `Wanted.voice` against `CurrentState.voice`. Subjects are friendly keys
(a UPN, a queue or attendant name), never GUIDs, and never contain ":" (journal keys are ":"-separated).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from provisioning.current import CurrentState, Person
from provisioning.model import Tenant
from provisioning.plan import Action, NoOp, Problem
from provisioning.voiceapps.model import VoiceApps

ObjectKey = tuple[str, str]  # (kind name, subject): one voice-app object, e.g. ("call_queue", "Permits")


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
    # The voice apps wanted (the YAML file's sections merged with open pop-up lines); None: the plan
    # leaves voice apps alone (a file without voice-app sections, onboarding).
    voice: VoiceApps | None = None
    # Voice-app objects prune never removes (pop-up lines' own objects when planning the YAML file).
    protected: frozenset[ObjectKey] = frozenset()
    # With prune: only these objects may be removed (closing a pop-up line); None: any not wanted and
    # not protected.
    prune_scope: frozenset[ObjectKey] | None = None
    # `file:line` of a voice-app item in the desired YAML (PhoneSystem.where, e.g. where("auto_attendants",
    # 2, "menu", "options", 0, "to")): a plan problem about a missing schedule, person or queue points there.
    where: Callable[..., str] = field(default=lambda *path: "<desired>:1", compare=False)

    def may_remove(self, key: ObjectKey) -> bool:
        """Whether prune may remove this current voice-app object that nothing wants."""
        if not self.prune or key in self.protected:
            return False
        return self.prune_scope is None or key in self.prune_scope


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
    # Other objects this action must wait for: (kind, subject) pairs whose latest action in the plan
    # goes first (a queue's overflow target queue is created before the queue that forwards to it).
    # For a removal, `refers` names what the removed object pointed at: the planner makes the removal of
    # each of those wait for it (reverse dependency order: an association goes before its queue).
    refers: Callable[[Action], Iterable[ObjectKey]] | None = None
    # Voice-app kinds plan objects, not people: the planner lists their actions after the people's, in
    # kind order, and their removals last, in reverse kind order.
    voice: bool = False
