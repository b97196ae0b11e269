"""The provisioning use cases the CLI and the bot both call: plan, apply (settle → re-plan → refuse a
stale plan → apply), export and onboarding. Front ends render; nothing here prints or asks.

graph/ failures leave every use case as `ServiceFailed` (message + Microsoft's request-id), so front
ends handle one error tree: provisioning.errors.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from graph import Graph
from provisioning.allocation import allocate, candidates, contention, short_of
from provisioning.apply import Applier, ApplyResult, Progress
from provisioning.boundary import read_current
from provisioning.clock import Clock
from provisioning.current import CurrentState
from provisioning.desired import desired_voice_apps, voice_export
from provisioning.emergency.guard import guard_plan, holders
from provisioning.errors import (
    Declined,
    InvalidInput,
    InvalidRows,
    PlanBlocked,
    PoolContended,
    StalePlan,
    graph_failures,
)
from provisioning.expand import expand
from provisioning.export import export_state
from provisioning.model import PhoneSystem, PhoneUser
from provisioning.onboarding import RowError, StaffRow, check_against_tenant, city_pools, onboarding_state
from provisioning.plan import Plan
from provisioning.planner import desired_hash, plan
from provisioning.settle import Settler
from provisioning.voice_wanted import VoiceExtra, group_names, merged, ra_claims, with_numbers
from provisioning.voiceapps import VoiceApps, read_voice_apps, teams_admin_source
from store import Store

Show = Callable[[Plan, int], None]  # the plan about to be applied, and how many steps were settled first
Confirm = Callable[[Plan], Awaitable[bool]]
# Adds other sources' voice apps to a YAML plan and protects them from prune (pop-up lines).
Extra = Callable[[], Awaitable[VoiceExtra]]


@dataclass(frozen=True)
class Planned:
    plan: Plan
    current: CurrentState
    users: list[PhoneUser]


@dataclass(frozen=True)
class Applied:
    settled: int  # steps an earlier run left in flight, settled before planning
    plan: Plan
    result: ApplyResult | None  # None: nothing to do


@dataclass(frozen=True)
class Exported:
    system: PhoneSystem
    notes: list[str]  # voice apps left out of the file, and why


@dataclass(frozen=True)
class Onboarding:
    desired: PhoneSystem
    current: CurrentState
    skipped: list[str]  # row errors (`file:line: field: message`) of rows left out with skip_invalid


class PhoneService:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        *,
        actor: str,
        clock: Clock | None = None,
        teams: object | None = None,
        extra: Extra | None = None,
    ) -> None:
        """`teams`: graph/teams_admin's worker pool, for the voice-app kinds that only PowerShell writes;
        `extra`: other sources of wanted voice apps merged into YAML plans (open pop-up lines)."""
        self.graph, self.store, self.actor, self.clock, self.teams = graph, store, actor, clock, teams
        self.extra = extra

    @graph_failures
    async def read(self, desired: PhoneSystem | None = None, *, voice: bool | None = None) -> CurrentState:
        """The tenant; its voice apps too when `voice` (default: when the file has voice-app sections),
        with the groups the file's selectors and voice apps name."""
        wanted = desired_voice_apps(desired) if desired is not None else None
        groups = (
            sorted({s.group for s in desired.select if s.group} | {*group_names(wanted)}) if desired else []
        )
        if voice is None:
            voice = wanted is not None
        if not voice:
            return await read_current(self.graph, groups=groups)
        current, apps = await asyncio.gather(read_current(self.graph, groups=groups), self.read_voice())
        return replace(current, voice=apps)

    async def read_voice(self) -> VoiceApps:
        if self.teams is None:
            raise InvalidInput(
                "voice-app sections need the Teams admin worker pool (teams=…); none is configured"
            )
        return await read_voice_apps(teams_admin_source(self.teams), self.graph)  # type: ignore[arg-type]

    @graph_failures
    async def plan(self, desired: PhoneSystem, current: CurrentState | None = None) -> Planned:
        """Read → expand selectors → allocate `auto` numbers of people and resource accounts (reserved in
        the store) → plan, with the voice apps of the file and of `extra` (protected from prune)."""
        extra = await self.extra() if self.extra is not None else None
        wanted = merged(desired_voice_apps(desired), extra)
        current = current or await self.read(desired, voice=wanted is not None)
        users = expand(desired, current)
        claims = users + ra_claims(wanted)
        plan_id = desired_hash(desired)
        allocation = await allocate(desired, claims, current, self.store.reservations, plan_id)
        await self.explain_shortage(desired, claims, current, allocation, plan_id)
        voice = with_numbers(wanted, allocation) if current.voice is not None else None
        protected = extra.protected if extra is not None else frozenset()
        made = plan(desired, users, current, allocation, voice=voice, protected=protected)
        if voice is not None:  # an active emergency mode is not undone by a YAML apply: it is a problem
            made = guard_plan(made, await holders(self.store))
        return Planned(made, current, users)

    async def explain_shortage(
        self,
        desired: PhoneSystem,
        users: list[PhoneUser],
        current: CurrentState,
        allocation: dict[str, str],
        plan_id: str,
    ) -> None:
        """A pool that ran dry because another plan reserved its free numbers raises PoolContended; a truly
        exhausted pool stays a plan problem ("no free number")."""
        explicit = {u.number for u in users if u.number != "auto"}
        for name, missing in short_of(desired, users, allocation).items():
            free = candidates(desired.pool(name), current, explicit, desired.tenant.operator_id)
            held = await self.store.reservations.held(free)
            if why := contention(name, missing, held, plan_id):
                raise PoolContended(why)

    @graph_failures
    async def settle(self) -> int:
        settler = Settler(self.graph, self.store, actor=self.actor, clock=self.clock, teams=self.teams)
        return await settler.settle_all()

    @graph_failures
    async def apply(
        self,
        desired: PhoneSystem,
        *,
        saved: Plan | None = None,
        show: Show | None = None,
        confirm: Confirm | None = None,
        concurrency: int | None = None,
        progress: Progress | None = None,
        stop: asyncio.Event | None = None,
    ) -> Applied:
        """Make the tenant match `desired` (or exactly `saved`, refused when stale); safe to re-run.

        Setting `stop` (Ctrl-C) ends the apply early; `result.interrupted` then says so."""
        settled = await self.settle()
        fresh = await self.plan(desired)
        chosen = fresh.plan
        if saved is not None:
            if (saved.fingerprint, saved.desired_hash) != (fresh.plan.fingerprint, fresh.plan.desired_hash):
                raise StalePlan(
                    "the saved plan is stale: the tenant or the file changed since it was made; run plan again"
                )
            chosen = saved
        if show is not None:
            show(chosen, settled)
        if chosen.problems:
            raise PlanBlocked("the plan has problems; fix them first (nothing applied)")
        if not chosen.actions:
            return Applied(settled, chosen, None)
        if confirm is not None and not await confirm(chosen):
            raise Declined("nothing applied")
        applier = Applier(
            self.graph,
            self.store,
            actor=self.actor,
            concurrency=concurrency,
            progress=progress,
            clock=self.clock,
            teams=self.teams,
            stop=stop,
        )
        result = await applier.apply(chosen, fresh.current)
        result.settled = settled
        return Applied(settled, chosen, result)

    @graph_failures
    async def export(self) -> PhoneSystem:
        """The tenant's phone users, and with the Teams pool its voice apps, as a desired state that plans
        to zero changes."""
        return (await self.export_noting()).system

    @graph_failures
    async def export_noting(self) -> Exported:
        """`export`, with a note for each voice app the file cannot express (left out: plans leave it be)."""
        current = await self.read(voice=self.teams is not None)
        system = export_state(current)
        if current.voice is None:
            return Exported(system, [])
        sections, notes = voice_export(current.voice)
        data = {**system.model_dump(mode="json"), **sections}
        return Exported(PhoneSystem.model_validate(data), notes)

    @graph_failures
    async def onboarding(
        self,
        rows: list[StaffRow],
        errors: list[RowError],
        *,
        source: str,
        base: PhoneSystem | None = None,
        pool: str | None = None,
        skip_invalid: bool = False,
    ) -> Onboarding:
        """Spreadsheet rows checked against the tenant and turned into a desired state.

        Any bad row stops everything unless `skip_invalid`; then the good rows go ahead and the bad
        ones are returned for the report."""
        current = await self.read()
        try:
            pools = city_pools(base, current, pool)
        except ValueError as exc:
            raise InvalidInput(str(exc)) from exc
        found = sorted(errors + check_against_tenant(rows, current, pools), key=lambda e: e.line)
        rendered = [e.render(source) for e in found]
        bad_lines = {e.line for e in found}
        if found and not skip_invalid:
            raise InvalidRows(
                f"{len(bad_lines)} invalid row(s) in {source}; nothing applied (fix them or use --skip-invalid)",
                rendered,
            )
        good = [r for r in rows if r.line not in bad_lines]
        if not good:
            raise InvalidRows(f"no valid rows in {source}", rendered)
        return Onboarding(onboarding_state(good, base, pools), current, rendered)
