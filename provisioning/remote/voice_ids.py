"""Friendly keys → the wire ids the Teams cmdlets take, looked up at apply time.

Plans hold names (a queue, an attendant, a UPN); ids exist only in the tenant, and an object created
earlier in the same run has one only now. Found ids are cached for the run; a miss is looked up again
(the object may be created by a step still to come, and Teams shows new objects after a delay).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from graph import NotFound as GraphNotFound
from graph.teams_admin import Target as WireTarget
from graph.teams_admin import TeamsAdmin
from provisioning.remote.base import Wire, WriteFailed
from provisioning.voiceapps.model import Target


class VoiceIds:
    def __init__(self, wire: Wire) -> None:
        self.wire = wire
        self.cache: dict[tuple[str, str], str] = {}

    @property
    def teams(self) -> TeamsAdmin:
        if self.wire.teams is None:
            raise WriteFailed("voice-app writes need the Teams admin worker pool (none was opened)")
        teams: TeamsAdmin = self.wire.teams
        return teams

    async def _cached(self, kind: str, key: str, find: Callable[[], Awaitable[str | None]]) -> str:
        cache_key = (kind, key.casefold())
        if cache_key not in self.cache:
            found = await find()
            if not found:
                raise WriteFailed(f"no {kind.replace('_', ' ')} {key!r} in the tenant", code="NotFound")
            self.cache[cache_key] = found
        return self.cache[cache_key]

    async def user(self, upn: str) -> str:
        async def find() -> str | None:
            try:
                return (await self.wire.graph.users.get(upn)).id
            except GraphNotFound:
                return None

        return await self._cached("user", upn, find)

    async def group(self, name: str) -> str:
        return await self._cached("group", name, lambda: self.wire.graph.users.find_group(name))

    async def call_queue(self, name: str) -> str:
        async def find() -> str | None:
            queue = await self.teams.call_queues.find_by_name(name)
            return queue.identity if queue else None

        return await self._cached("call_queue", name, find)

    async def auto_attendant(self, name: str) -> str:
        async def find() -> str | None:
            attendant = await self.teams.auto_attendants.find_by_name(name)
            return attendant.id if attendant else None

        return await self._cached("auto_attendant", name, find)

    async def schedule(self, name: str) -> str:
        async def find() -> str | None:
            schedule = await self.teams.schedules.find_by_name(name)
            return schedule.id if schedule else None

        return await self._cached("schedule", name, find)

    async def resource_account(self, upn: str) -> str:
        async def find() -> str | None:
            account = await self.teams.resource_accounts.find(upn)
            return account.object_id if account else None

        return await self._cached("resource_account", upn, find)

    def forget(self, kind: str, key: str) -> None:
        """After a removal: the name may be reused by an object created later in the run."""
        self.cache.pop((kind, key.casefold()), None)

    async def target(self, target: Target) -> WireTarget | None:
        """A domain target as a callable entity (AA menus, operator) or queue exception target; None for
        disconnect and operator, which are menu actions rather than targets."""
        kind = target.kind
        if kind in ("disconnect", "operator"):
            return None
        if kind == "external":
            return WireTarget(f"tel:{target.ref}", "ExternalPstn", target.priority)
        if kind in ("user", "voicemail"):
            return WireTarget(await self.user(target.ref), "User", target.priority)
        if kind == "shared_voicemail":
            return WireTarget(await self.group(target.ref), "SharedVoicemail", target.priority)
        if target.via:
            return WireTarget(await self.resource_account(target.via), "ApplicationEndpoint", target.priority)
        if kind == "call_queue":
            return WireTarget(await self.call_queue(target.ref), "ConfigurationEndpoint", target.priority)
        if kind == "auto_attendant":
            return WireTarget(await self.auto_attendant(target.ref), "ConfigurationEndpoint", target.priority)
        raise WriteFailed(f"cannot send calls to {target.label()}")


def voice_ids(wire: Wire) -> VoiceIds:
    """The run's lookups: one VoiceIds per Wire, and the engine opens one Wire per apply or settle run."""
    ids = wire.scratch.get("voice_ids")
    if not isinstance(ids, VoiceIds):
        ids = wire.scratch["voice_ids"] = VoiceIds(wire)
    return ids
