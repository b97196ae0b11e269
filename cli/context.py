"""Builds the services a command needs from Settings: graph/ and store/ are opened here and nowhere else."""

from __future__ import annotations

import getpass
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from cli.settings import Settings
from graph import Graph, GraphConfig, open_graph
from provisioning import PhoneService
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

    @property
    def actor(self) -> str:
        return actor_name(self.settings)

    @property
    def phone(self) -> PhoneService:
        """The provisioning use cases, wired to this run's graph, store and actor."""
        return PhoneService(self.graph, self.store, actor=self.actor)


@asynccontextmanager
async def open_graph_from(settings: Settings) -> AsyncIterator[Graph]:
    async with open_graph(graph_config(settings)) as graph:
        yield graph


@asynccontextmanager
async def open_services(settings: Settings) -> AsyncIterator[Services]:
    """Graph and store together, closed in reverse order even when the command fails."""
    store = await Store.open(settings.database_url)
    try:
        async with open_graph(graph_config(settings)) as graph:
            yield Services(settings=settings, graph=graph, store=store)
    finally:
        await store.close()
