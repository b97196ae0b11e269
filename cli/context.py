"""Builds the services a command needs from Settings: graph/ and store/ are opened here and nowhere else."""

from __future__ import annotations

import getpass
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from cli.settings import Settings
from graph import Graph, GraphConfig, TeamsAdmin, open_graph
from provisioning import PhoneService
from provisioning.popup import voice_extra
from store import Store


def graph_config(settings: Settings) -> GraphConfig:
    """The one conversion from user-facing settings to graph/'s frozen config."""
    return GraphConfig(
        base_url=settings.graph_url,
        auth=settings.auth,
        tenant_id=settings.tenant_id,
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value() if settings.client_secret else None,
        certificate_path=settings.certificate_path,
        certificate_password=(
            settings.certificate_password.get_secret_value() if settings.certificate_password else None
        ),
        sandbox_app_id=settings.sandbox_app_id,
        max_concurrency=settings.max_concurrency,
        timeout_s=settings.timeout_s,
        poll_interval_s=settings.poll_interval_s,
        operation_timeout_s=settings.operation_timeout_s,
        calllog_requests_per_minute=settings.calllog_requests_per_minute,
        calllog_concurrency=settings.calllog_concurrency,
    )


def actor_name(settings: Settings) -> str:
    """Who the audit log names: the configured actor, else the OS user."""
    if settings.actor:
        return settings.actor
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@dataclass(frozen=True)
class Services:
    settings: Settings
    graph: Graph
    store: Store
    teams: TeamsAdmin | None = None  # the Teams admin worker pool, opened for voice-app commands only

    @property
    def actor(self) -> str:
        return actor_name(self.settings)

    @property
    def phone(self) -> PhoneService:
        """The provisioning use cases, wired to this run's graph, store and actor."""
        # Open pop-up lines are a source of their own: wanted, and protected from the file's prune.
        store = self.store
        return PhoneService(
            self.graph, self.store, actor=self.actor, teams=self.teams, extra=lambda: voice_extra(store)
        )


@asynccontextmanager
async def open_graph_from(settings: Settings) -> AsyncIterator[Graph]:
    async with open_graph(graph_config(settings)) as graph:
        yield graph


@asynccontextmanager
async def open_services(settings: Settings, *, teams: bool = False) -> AsyncIterator[Services]:
    """Graph and store together (and with `teams` the Teams admin workers, which cost a PowerShell
    sign-in each), closed in reverse order even when the command fails."""
    from cli.teams import open_teams_admin_from  # cli.teams builds on this module's graph_config

    store = await Store.open(settings.database_url)
    try:
        async with AsyncExitStack() as stack:
            graph = await stack.enter_async_context(open_graph(graph_config(settings)))
            admin = await stack.enter_async_context(open_teams_admin_from(settings)) if teams else None
            yield Services(settings=settings, graph=graph, store=store, teams=admin)
    finally:
        await store.close()
