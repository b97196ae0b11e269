"""`EmergencyModes` on provisioning's EmergencyService: the modes named in the phone-system file
(SWITCHBOARD_BOT_PHONE_SYSTEM, re-read on each use so an edited file needs no restart), their preview as
card rows, activation, status and exact restore: the same use cases `switchboard emergency` runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.admin_model import Change, ModeInfo, Restored
from graph import Graph, TeamsAdmin
from provisioning import DesiredStateError, InvalidInput, PhoneSystem, ServiceFailed
from provisioning.emergency import EmergencyPlan, EmergencyService
from store import Store


def plan_changes(plan: EmergencyPlan) -> list[Change]:
    """Every object the mode touches, before → after; problems (lines the file names that can't be
    changed) are rows too, so the confirmation card never hides them."""
    rows = [Change(touch.line.label, touch.before, touch.after) for touch in plan.touches]
    rows += [Change("Problem", problem, "not changed") for problem in plan.problems]
    return rows


class TenantEmergencyModes:
    def __init__(
        self,
        graph: Graph,
        store: Store,
        teams: TeamsAdmin,
        system: Callable[[], PhoneSystem],
        *,
        now: Callable[[], dt.datetime] | None = None,
    ) -> None:
        self._graph, self._store, self._teams, self._system, self._now = graph, store, teams, system, now

    def _service(self, actor: str) -> EmergencyService:
        return EmergencyService(self._graph, self._store, self._teams, actor=actor, now=self._now)

    def _file(self) -> PhoneSystem:
        try:
            return self._system()
        except DesiredStateError as exc:
            raise InvalidInput("the phone-system file: " + "; ".join(exc.problems[:3])) from exc

    async def modes(self) -> list[ModeInfo]:
        status = {s.mode: s for s in await self._service("bot").status()}
        names = sorted(set(self._file().emergency_modes) | set(status))
        return [
            ModeInfo(name, name in status, status[name].since if name in status else None,
                     status[name].by if name in status else None)
            for name in names
        ]  # fmt: skip

    async def preview(self, mode: str, message: str | None) -> list[Change]:
        return plan_changes(await self._service("bot").preview(self._file(), mode, message=message))

    async def activate(self, mode: str, message: str | None, actor: str) -> list[Change]:
        system = self._file()
        service = self._service(actor)
        changes = plan_changes(await service.preview(system, mode, message=message))
        activation = await service.activate(system, mode, message=message)
        if activation.failures:
            raise ServiceFailed(
                f"{mode}: {len(activation.failures)} line(s) could not be switched "
                f"({'; '.join(activation.failures[:3])}); run the same activation again to finish"
            )
        return changes

    async def restore(self, mode: str, actor: str) -> Restored:
        restoration = await self._service(actor).restore(mode)
        return Restored(restoration.exact, tuple(restoration.differences))
