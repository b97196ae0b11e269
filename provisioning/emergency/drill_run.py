"""The drill use case: on a private sandbox (started by the caller, the composition root) load the
admin's export, apply its voice apps through the engine, then activate the mode, trace, restore, trace.

The sandbox's control plane is given as `SandboxControl` (the caller speaks its HTTP), so nothing here
imports sandbox/ or an HTTP client; `graph`, `store` and `teams` are opened on the sandbox by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graph import SKU_TEAMS_PHONE, SKU_TEAMS_PHONE_RESOURCE_ACCOUNT, Graph
from graph.teams_admin import TeamsAdmin
from provisioning.desired import desired_voice_apps
from provisioning.emergency.drill import DrillReport, drill_rows, drill_tenant
from provisioning.emergency.lines import Line, resolve_lines
from provisioning.emergency.service import EmergencyService, Progress
from provisioning.errors import ProvisioningError
from provisioning.voiceapps import Trace, TraceError, VoiceApps, trace
from store import Store

if TYPE_CHECKING:
    from provisioning.model import PhoneSystem


@dataclass(frozen=True)
class SandboxControl:
    """The private sandbox's control plane: load a tenant (Graph-shaped body), set faults ("" clears),
    and count the Teams requests a fault was injected into so far (a drill with faults proves it had some)."""

    load: Callable[[dict[str, Any]], Awaitable[None]]
    faults: Callable[[str], Awaitable[None]]
    injected: Callable[[], Awaitable[int]]


class DrillService:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        teams: TeamsAdmin,
        control: SandboxControl,
        *,
        actor: str = "drill",
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self.graph, self.store, self.teams, self.control = graph, store, teams, control
        self.actor = actor
        self.now = now or (lambda: dt.datetime.now(dt.UTC))
        self.emergency = EmergencyService(graph, store, teams, actor=actor, now=self.now)

    async def load(self, system: PhoneSystem, progress: Progress | None = None) -> tuple[str, ...]:
        """People, groups and numbers through the control route, then the voice apps through the engine
        (the same apply an admin runs), so the drill tenant is built by the product's own code. Returns
        what was left out: objects the file cannot build (their plan problems), named in the report."""
        say = progress or (lambda _: None)
        wanted = desired_voice_apps(system)
        body = drill_tenant(
            system, wanted, licence_sku=SKU_TEAMS_PHONE, account_sku=SKU_TEAMS_PHONE_RESOURCE_ACCOUNT
        )
        await self.control.load(body)
        say(f"drill tenant: {len(body['users'])} people, {len(body['numberAssignments'])} numbers loaded")
        from provisioning.service import PhoneService  # lazy: PhoneService.plan may call this package's guard

        phone = PhoneService(self.graph, self.store, actor=self.actor, teams=self.teams)
        voice_only, left_out = await _buildable(phone, system.model_copy(update=NO_PEOPLE))
        applied = await phone.apply(voice_only)
        result = applied.result
        if result is not None and (result.failed or result.skipped):
            why = "; ".join(f"{action.kind} {action.upn}: {reason}" for action, reason in result.failed[:3])
            raise ProvisioningError(
                f"the drill tenant could not be built: {len(result.failed)} voice-app step(s) failed ({why})"
            )
        say("drill tenant: voice apps applied from the file")
        return left_out

    async def run(
        self, system: PhoneSystem, mode: str, *, faults: str = "", progress: Progress | None = None
    ) -> DrillReport:
        """Load, then activate / trace / restore / trace; faults (if any) only during the mode's commands."""
        left_out = await self.load(system, progress)
        apps = await self.emergency.read_apps()
        spec = system.emergency_modes.get(mode)
        if spec is None:
            raise ProvisioningError(f"the file has no emergency mode {mode!r}")
        wanted = spec.to_domain(mode)
        lines, found = resolve_lines(wanted, apps, system.where)
        problems = tuple(f"drill tenant: {p}" for p in found)
        if not lines:
            return DrillReport(mode, (), 0.0, 0.0, False, problems=problems, notes=left_out)
        if problems:  # rehearse the lines the drill tenant has; the others fail the drill by name
            system = _only(system, mode, lines)
        at = self.now()
        before = _traces(apps, lines, at)
        already = await self.control.injected()
        await self.control.faults(faults)
        try:
            activation = await self.emergency.activate(system, mode, progress=progress)
            during = _traces(await self.emergency.read_apps(), lines, at)
            restoration = await self.emergency.restore(mode, progress=progress)
        finally:
            await self.control.faults("")
        after = _traces(await self.emergency.read_apps(), lines, at)
        injected = await self.control.injected() - already
        return DrillReport(
            mode,
            drill_rows(lines, wanted.route_to, before, during, after),
            activation.seconds,
            restoration.seconds,
            restoration.exact,
            tuple(restoration.differences),
            problems + tuple(activation.failures),
            injected,
            left_out,
        )


NO_PEOPLE = {"users": [], "select": [], "prune": False}  # people and numbers came through the control route
SECTIONS = (
    ("auto_attendants", "name"),
    ("call_queues", "name"),
    ("schedules", "name"),
    ("resource_accounts", "upn"),
)


async def _buildable(phone: Any, system: PhoneSystem) -> tuple[PhoneSystem, tuple[str, ...]]:
    """The file without the voice-app objects its plan has problems with (a menu option to an attendant
    the export could not write, …), again until the plan is clean; each left out is named."""
    left_out: list[str] = []
    for _ in range(len(SECTIONS) + 1):
        problems = (await phone.plan(system)).plan.problems
        if not problems:
            return system, tuple(left_out)
        named = {problem.upn.casefold() for problem in problems}
        kept = {
            section: [
                item for item in getattr(system, section) if str(getattr(item, key)).casefold() not in named
            ]
            for section, key in SECTIONS
        }
        if all(len(kept[s]) == len(getattr(system, s)) for s, _ in SECTIONS):
            shown = "; ".join(p.message for p in problems[:3])
            raise ProvisioningError(f"the drill tenant cannot be built from the file: {shown}")
        left_out += [f"left out of the drill tenant: {p.upn} ({p.message})" for p in problems]
        system = system.model_copy(update=kept)
    raise ProvisioningError("the drill tenant cannot be built from the file (its problems keep changing)")


def _only(system: PhoneSystem, mode: str, lines: tuple[Line, ...]) -> PhoneSystem:
    spec = system.emergency_modes[mode]
    kept = spec.model_copy(update={"lines": [given for line in lines for given in line.named_as]})
    return system.model_copy(update={"emergency_modes": {**system.emergency_modes, mode: kept}})


def _traces(apps: VoiceApps, lines: tuple[Line, ...], at: dt.datetime) -> dict[str, Trace]:
    found = {}
    for line in lines:
        try:
            found[line.entry] = trace(apps, line.entry, at)
        except TraceError as exc:
            raise ProvisioningError(f"drill: {line.label} cannot be traced ({exc})") from exc
    return found
