"""The employee use cases behind `Services` (bot/model.py): provisioning/agents.py and calling.py, run on
the Teams admin worker pool that the composition root opened, acting for the person who asked.

Changes are audited with the actor `bot:<upn>`: the person asked, the app made the change.
"""

from __future__ import annotations

import datetime as dt

from graph import Graph, GraphError, TeamsAdmin
from provisioning import (
    AgentSeat,
    CallHandling,
    DueRun,
    Missing,
    ServiceFailed,
    Unsupported,
    agent_seats,
    call_handling,
    opt_back_in,
    opt_out_until,
    ring_also,
    run_due_opt_ins,
    stop_ring_also,
)
from store import Store


class EmployeeServices:
    """Mixed into TenantServices; `admin` is None when the bot runs without the Teams admin pool."""

    _graph: Graph
    _store: Store
    _admin: TeamsAdmin | None

    def _teams(self) -> TeamsAdmin:
        if self._admin is None:
            raise Unsupported("queue and call-forwarding changes are not set up on this bot")
        return self._admin

    async def _upn(self, aad_object_id: str) -> str | None:
        try:
            return (await self._graph.users.get(aad_object_id)).user_principal_name
        except GraphError as exc:
            if exc.status == 404:
                return None
            raise ServiceFailed("could not read the directory") from exc

    async def _person(self, aad_object_id: str) -> tuple[str, str]:
        upn = await self._upn(aad_object_id)
        if upn is None:
            raise Missing("I can't find your account in the phone system; ask the IT service desk.")
        return upn, f"bot:{upn}"

    async def queues(self, aad_object_id: str) -> list[AgentSeat] | None:
        if await self._upn(aad_object_id) is None:
            return None
        return await agent_seats(self._teams(), self._store, aad_object_id)

    async def opt_out(self, aad_object_id: str, queue_id: str, until: dt.datetime) -> AgentSeat:
        upn, actor = await self._person(aad_object_id)
        change = await opt_out_until(
            self._teams(),
            self._store,
            user_id=aad_object_id,
            upn=upn,
            queue_id=queue_id,
            until=until,
            actor=actor,
        )
        return change.seat

    async def opt_in(self, aad_object_id: str, queue_id: str) -> AgentSeat:
        upn, actor = await self._person(aad_object_id)
        change = await opt_back_in(
            self._teams(), self._store, user_id=aad_object_id, upn=upn, queue_id=queue_id, actor=actor
        )
        return change.seat

    async def calling(self, aad_object_id: str) -> CallHandling | None:
        if await self._upn(aad_object_id) is None:
            return None
        return await call_handling(self._teams(), aad_object_id)

    async def ring_also(self, aad_object_id: str, number: str) -> CallHandling:
        upn, actor = await self._person(aad_object_id)
        return await ring_also(
            self._teams(), self._store, user_id=aad_object_id, upn=upn, number=number, actor=actor
        )

    async def stop_ring(self, aad_object_id: str) -> CallHandling:
        upn, actor = await self._person(aad_object_id)
        return await stop_ring_also(self._teams(), self._store, user_id=aad_object_id, upn=upn, actor=actor)

    async def run_due_opt_ins(self) -> DueRun:
        """The periodic job (bot/jobs.py): nothing to do without the Teams admin pool."""
        if self._admin is None:
            return DueRun(False)
        return await run_due_opt_ins(self._admin, self._store)
