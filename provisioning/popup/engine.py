"""The engine as pop-up lines drive it: settle what an earlier run left in flight, read the tenant (people,
numbers, licences and voice apps), plan with `Wanted.voice` = the line's objects (and, to close, prune
limited to them), apply through the journalled Applier. The same planner, appliers, journal and audit as
`switchboard apply`, so a line half-open after a crash is finished by planning again."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, replace

from graph import Graph, TeamsAdmin
from provisioning.apply import Applier, ApplyResult, Progress
from provisioning.boundary import read_current
from provisioning.clock import Clock
from provisioning.current import CurrentState
from provisioning.errors import PlanBlocked
from provisioning.model import PhoneSystem, Tenant
from provisioning.plan import Plan, stable_hash
from provisioning.planner import plan
from provisioning.resources import KINDS, ObjectKey
from provisioning.settle import Settler
from provisioning.states import to_jsonable
from provisioning.voiceapps import read_voice_apps, teams_admin_source
from provisioning.voiceapps.model import VoiceApps
from store import Store

# The kinds a pop-up line touches. People's kinds are left out on purpose: with prune on (closing a line)
# they would take numbers and licences from everyone the (empty) people list does not name.
VOICE_KINDS = (
    "schedule",
    "resource_account",
    "ra_licence",
    "ra_number",
    "call_queue",
    "auto_attendant",
    "association",
)


@dataclass(frozen=True)
class Converged:
    plan: Plan
    result: ApplyResult | None  # None: nothing was left to do
    settled: int


class VoiceEngine:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        teams: TeamsAdmin,
        *,
        actor: str,
        clock: Clock | None = None,
        tenant: Tenant | None = None,
        concurrency: int | None = None,
    ) -> None:
        """`concurrency`: steps applied at once (None: the Graph limiter's ceiling; 1: one after another)."""
        self.graph, self.store, self.teams, self.actor, self.clock = graph, store, teams, actor, clock
        self.concurrency = concurrency
        self.system = PhoneSystem(tenant=tenant or Tenant())

    async def read(self, groups: Sequence[str] = ()) -> CurrentState:
        """People (with the members of `groups`), numbers, licences and the voice apps, in parallel."""
        people, voice = await asyncio.gather(
            read_current(self.graph, groups=groups),
            read_voice_apps(teams_admin_source(self.teams), self.graph),
        )
        return replace(people, voice=voice)

    def plan(
        self, current: CurrentState, voice: VoiceApps, *, prune_scope: frozenset[ObjectKey] | None = None
    ) -> Plan:
        """What converging on `voice` would do; with `prune_scope`, also remove those objects."""
        system = self.system.model_copy(update={"prune": prune_scope is not None})
        kinds = {name: KINDS[name] for name in VOICE_KINDS}
        made = plan(system, [], current, {}, kinds, voice=voice, prune_scope=prune_scope)
        # The journal is keyed by what is wanted: one namespace per line state, not per PhoneSystem.
        wanted = stable_hash({"voice": to_jsonable(voice), "scope": sorted(prune_scope or ())})
        return replace(made, desired_hash=wanted)

    async def converge(
        self,
        voice: VoiceApps,
        *,
        prune_scope: frozenset[ObjectKey] | None = None,
        progress: Progress | None = None,
        stop: asyncio.Event | None = None,
    ) -> Converged:
        """Settle → read → plan → apply; problems stop it before any write (PlanBlocked lists them)."""
        settled = await Settler(
            self.graph, self.store, actor=self.actor, clock=self.clock, teams=self.teams
        ).settle_all()
        current = await self.read()
        chosen = self.plan(current, voice, prune_scope=prune_scope)
        if chosen.problems:
            raise PlanBlocked(
                "nothing applied: " + "; ".join(f"{p.upn}: {p.message}" for p in chosen.problems)
            )
        if not chosen.actions:
            return Converged(chosen, None, settled)
        applier = Applier(
            self.graph,
            self.store,
            actor=self.actor,
            concurrency=self.concurrency,
            progress=progress,
            clock=self.clock,
            teams=self.teams,
            stop=stop,
        )
        return Converged(chosen, await applier.apply(chosen, current), settled)
