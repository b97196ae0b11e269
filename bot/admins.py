"""Who may act as an admin from Teams: members of the configured admin group (county-wide), and members of
agency admin groups, each limited to its agency's departments (the Sheriff's IT admins → Sheriff lines
and people). Membership comes from Graph (`groups/{id}/members`), cached for a short TTL so a removed
admin loses the bot within minutes without every turn asking Graph.

Identity is the Entra object id Teams puts on every activity (`from.aadObjectId`); display names are never
trusted. The UPN, for the audit log, comes from Graph too.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from graph import NotFound, User

ADMIN_CACHE_S = 120.0


class AdminPolicyError(ValueError):
    """An admin setting that cannot be read (the message names the setting)."""


@dataclass(frozen=True)
class Agency:
    group: str  # the agency admin group's display name
    departments: frozenset[str]  # the Entra `department` values its admins may act on


@dataclass(frozen=True)
class AdminPolicy:
    admin_group: str | None = None  # display name of the county-wide admin group; None: no admins
    agencies: tuple[Agency, ...] = ()
    approval_required: bool = False  # an emergency activation waits for a second admin
    approval_ttl_s: float = 1800.0
    cache_s: float = ADMIN_CACHE_S


def parse_agencies(text: str, setting: str = "SWITCHBOARD_BOT_AGENCY_ADMINS") -> tuple[Agency, ...]:
    """`Sheriff IT Admins=Sheriff's Office|Detention; Fire IT=Fire Rescue` → agencies (order kept)."""
    agencies = []
    for number, entry in enumerate((e.strip() for e in text.split(";")), start=1):
        if not entry:
            continue
        group, sep, departments = entry.partition("=")
        names = frozenset(d.strip() for d in departments.split("|") if d.strip())
        if not sep or not group.strip() or not names:
            raise AdminPolicyError(
                f"{setting}: entry {number} ({entry!r}) must be 'Group name=Department|Department'"
            )
        agencies.append(Agency(group.strip(), names))
    return tuple(agencies)


@dataclass(frozen=True)
class Identity:
    aad_object_id: str
    upn: str | None

    @property
    def label(self) -> str:
        """What the audit log's actor column says: the UPN and the Entra object id, always both."""
        return f"{self.upn or 'unknown-upn'} (aad {self.aad_object_id})"


@dataclass(frozen=True)
class AdminRole:
    identity: Identity
    departments: frozenset[str] | None  # None: county-wide; else the agencies' departments
    groups: tuple[str, ...] = field(default=())

    @property
    def county_wide(self) -> bool:
        return self.departments is None

    def may_act_on(self, departments: Iterable[str | None]) -> bool:
        """A county-wide admin acts on anything; an agency admin only when every person concerned is in
        one of its departments (people without a department belong to no agency)."""
        if self.departments is None:
            return True
        wanted = list(departments)
        return bool(wanted) and all(d is not None and d in self.departments for d in wanted)


class GroupDirectory(Protocol):
    """graph.UsersApi's group and user reads, as the bot needs them."""

    async def find_group(self, display_name: str) -> str | None: ...

    async def group_members(self, group_id: str) -> list[User]: ...

    async def get(self, id_or_upn: str) -> User: ...


@dataclass(frozen=True)
class _Snapshot:
    at: float
    members: dict[str, tuple[User, frozenset[str]]]  # aadObjectId → (user, group names)


class AdminDirectory:
    def __init__(
        self, users: GroupDirectory, policy: AdminPolicy, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._users, self._policy, self._clock = users, policy, clock
        self._snapshot: _Snapshot | None = None
        self._lock = asyncio.Lock()

    async def role(self, aad_object_id: str | None) -> AdminRole | None:
        """The caller's admin role, or None when they are no admin (or Teams sent no object id)."""
        if not aad_object_id:
            return None
        found = (await self._members()).get(aad_object_id)
        if found is None:
            return None
        user, groups = found
        identity = Identity(user.id, user.user_principal_name)
        if self._policy.admin_group in groups:
            return AdminRole(identity, None, tuple(sorted(groups)))
        departments = frozenset(
            d for agency in self._policy.agencies if agency.group in groups for d in agency.departments
        )
        return AdminRole(identity, departments, tuple(sorted(groups)))

    async def identify(self, aad_object_id: str | None) -> Identity:
        """Who is asking, for the audit log, admin or not (a refusal is audited with the UPN too)."""
        if not aad_object_id:
            return Identity("unknown", None)
        found = (await self._members()).get(aad_object_id)
        if found is not None:
            return Identity(aad_object_id, found[0].user_principal_name)
        try:
            return Identity(aad_object_id, (await self._users.get(aad_object_id)).user_principal_name)
        except NotFound:
            return Identity(aad_object_id, None)

    async def _members(self) -> dict[str, tuple[User, frozenset[str]]]:
        async with self._lock:
            snapshot = self._snapshot
            if snapshot is None or self._clock() - snapshot.at >= self._policy.cache_s:
                snapshot = _Snapshot(self._clock(), await self._load())
                self._snapshot = snapshot
            return snapshot.members

    async def _load(self) -> dict[str, tuple[User, frozenset[str]]]:
        names = [self._policy.admin_group] if self._policy.admin_group else []
        names += [agency.group for agency in self._policy.agencies]
        members: dict[str, tuple[User, frozenset[str]]] = {}
        for name in dict.fromkeys(names):
            group_id = await self._users.find_group(name)
            if group_id is None:  # a misspelt or deleted group grants nothing
                continue
            for user in await self._users.group_members(group_id):
                _, groups = members.get(user.id, (user, frozenset()))
                members[user.id] = (user, groups | {name})
        return members
