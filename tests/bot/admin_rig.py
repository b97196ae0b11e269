"""The bot with its admin side on a county sandbox: real Graph (admin groups, people), the Teams admin
stand-in (pop-up lines really open), a SQLite store (approvals, audit), signed activities over HTTP.

Emergency modes go through `RecordingModes`, a stand-in for provisioning's EmergencyService (built in
parallel): it records what was activated, so approval tests can prove nothing was applied before approval.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp

from bot import create_app
from bot.admin import AdminContext, AdminConversation
from bot.admin_model import Change, ModeInfo, Restored
from bot.admin_ops import EmergencyModes, TenantAdminOps
from bot.admins import AdminDirectory, AdminPolicy, Agency
from graph import Graph, GraphConfig, TeamsAdmin, open_graph, open_teams_admin, teams_admin_config
from sandbox.server import RunningSandbox
from sandbox.state import Group, User
from store import AuditEvent, Store
from tests.bot.conftest import BotRig, FixedServices, config_for, start_bot
from tests.conftest import TEST_TODAY, SandboxFactory

ADMIN_GROUP = "Teams Phone Admins"
AGENCY_GROUP = "Libraries IT Admins"
START = dt.datetime(2026, 11, 2, 14, 0, tzinfo=dt.UTC)
HURRICANE = [
    Change("Main Line auto attendant", "business-hours menu", "hurricane closure greeting, transfer to EOC"),
    Change("Permits queue", "open Mon-Fri 08:00-17:00", "closed, callers hear the storm message"),
]


@dataclass
class RecordingModes:
    active: dict[str, str] = field(default_factory=dict)  # mode → actor
    activations: list[tuple[str, str | None, str]] = field(default_factory=list)

    async def modes(self) -> list[ModeInfo]:
        return [ModeInfo("hurricane", "hurricane" in self.active, by=self.active.get("hurricane"))]

    async def preview(self, mode: str, message: str | None) -> list[Change]:
        return list(HURRICANE)

    async def activate(self, mode: str, message: str | None, actor: str) -> list[Change]:
        self.activations.append((mode, message, actor))
        self.active[mode] = actor
        return list(HURRICANE)

    async def restore(self, mode: str, actor: str) -> Restored:
        self.active.pop(mode)
        return Restored(True)


@dataclass
class Clock:
    now: dt.datetime = START

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@dataclass
class AdminRig:
    bot: BotRig
    store: Store
    modes: RecordingModes
    clock: Clock
    graph: Graph
    teams: TeamsAdmin

    @property
    def sandbox(self) -> RunningSandbox:
        return self.bot.sandbox

    def members(self, group: str) -> list[User]:
        (found,) = [g for g in self.sandbox.state.groups.values() if g.displayName == group]
        return [self.sandbox.state.users[m] for m in found.memberIds]

    def outsider(self) -> User:
        admins = {u.id for g in (ADMIN_GROUP, AGENCY_GROUP) for u in self.members(g)}
        staff = [u for u in self.sandbox.state.users.values() if u.department == "Tax Collector"]
        return next(u for u in staff if u.id not in admins)

    def activity(self, user: User, **changes: Any) -> dict[str, Any]:
        sender = {"id": f"29:{user.id}", "aadObjectId": user.id, "name": user.displayName}
        return self.bot.activity(**{"from": sender, **changes})

    async def execute(self, user: User, verb: str, **data: Any) -> dict[str, Any]:
        """An Action.Execute from `user`'s card; the invoke answer's card."""
        value = {"action": {"type": "Action.Execute", "verb": verb, "data": {"verb": verb, **data}}}
        body = self.activity(user, type="invoke", name="adaptiveCard/action", text=None, value=value)
        async with self.bot.session.post(
            f"{self.bot.url}/api/messages",
            json=body,
            headers={"Authorization": f"Bearer {self.bot.token()}"},
        ) as response:
            assert response.status == 200
            answer: dict[str, Any] = await response.json()
        assert answer["statusCode"] == 200, answer
        card: dict[str, Any] = answer["value"]
        return card

    async def say(self, user: User, text: str) -> dict[str, Any]:
        """A chat message from `user`; the card the connector recorded as the reply."""
        before = len(self.bot.sent())
        assert (await self.bot.post(self.activity(user, text=text))).status == 201
        (sent,) = self.bot.sent()[before:]
        card: dict[str, Any] = sent.body["attachments"][0]["content"]
        return card

    async def audit(self, action: str) -> list[AuditEvent]:
        return [e for e in await self.store.audit.list() if e.action == action]

    def queues(self) -> list[str]:
        return [str(q.get("Name")) for q in self.sandbox.state.teams.callQueues.values()]


def add_agency_group(rig_state: Any) -> None:
    """The Libraries' own IT admins: one Libraries staffer (the county seed has no agency admin group)."""
    librarian = next(u for u in rig_state.users.values() if u.department == "Libraries")
    group = Group(id="9f0c1d2e-0000-4000-8000-00000000a9e1", displayName=AGENCY_GROUP, mailNickname="lib-it")
    group.memberIds.append(librarian.id)
    rig_state.groups[group.id] = group


@asynccontextmanager
async def admin_rig(
    sandbox_factory: SandboxFactory,
    tmp_path: Path,
    *,
    approval_required: bool = True,
    emergency: Callable[[Graph, Store, TeamsAdmin], EmergencyModes] | None = None,
    budget_s: float = 30.0,
) -> AsyncIterator[AdminRig]:
    """`emergency`: the real modes (bot/emergency_modes.py) built on the rig's graph, store and workers;
    None: `RecordingModes`."""
    sandbox = await sandbox_factory("county")
    add_agency_group(sandbox.state)
    policy = AdminPolicy(
        admin_group=ADMIN_GROUP,
        agencies=(Agency(AGENCY_GROUP, frozenset({"Libraries"})),),
        approval_required=approval_required,
        approval_ttl_s=1800,
    )
    config = GraphConfig(base_url=sandbox.base_url)
    store = await Store.open(f"sqlite:///{tmp_path / 'bot.db'}")
    modes, clock = RecordingModes(), Clock()
    try:
        async with (
            open_graph(config) as graph,
            open_teams_admin(teams_admin_config(config, pool_size=1)) as teams,
        ):
            ops = TenantAdminOps(
                graph,
                store,
                teams,
                timezone="America/New_York",
                emergency=emergency(graph, store, teams) if emergency else modes,
                today=lambda: TEST_TODAY,
            )
            ctx = AdminContext(
                ops, store.approvals, store.audit, policy, lambda: TEST_TODAY, lambda: clock.now, budget_s
            )
            admin = AdminConversation(AdminDirectory(graph.users, policy), ctx)
            services = FixedServices()
            runner, url = await start_bot(create_app(config_for(sandbox), services, admin=admin))
            try:
                async with aiohttp.ClientSession() as session:
                    yield AdminRig(BotRig(sandbox, url, services, session), store, modes, clock, graph, teams)
            finally:
                await runner.cleanup()
    finally:
        await store.close()
