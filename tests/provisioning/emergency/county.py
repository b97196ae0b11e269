"""Helpers for emergency-mode tests on the county sandbox: the file, an opened service, traces of lines."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from graph import GraphConfig, open_graph
from graph.teams_admin import TeamsAdmin, open_teams_admin, teams_admin_config
from provisioning import PhoneSystem, parse_phone_system
from provisioning.emergency import EmergencyService
from provisioning.voiceapps import Trace, VoiceApps, trace
from sandbox.server import RunningSandbox
from store import Store

EOC = "EOC Public Information"
MAIN = "Palmetto County Main Line"
CRISIS = "211 Crisis Line"
# A Tuesday mid-morning in the county (business hours on the main line) and a Sunday night (after hours).
MOMENTS = (dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC), dt.datetime(2026, 11, 9, 3, 0, tzinfo=dt.UTC))
ACTIVATED_AT = dt.datetime(
    2026, 11, 3, 12, 0, tzinfo=dt.UTC
)  # the service's clock: the mode's window opens here


def county_file(*, extra_lines: str = "", more: str = "") -> PhoneSystem:
    return parse_phone_system(
        f"""emergency_modes:
  eoc:
    announcement:
      en-US: The county Emergency Operations Center is answering this line.
      es-US: El Centro de Operaciones de Emergencia atiende esta linea.
    lines: [{MAIN}, {CRISIS}{extra_lines}]
    route_to: {{call_queue: {EOC}}}
{more}""",
        "phone-system.yaml",
    )


@dataclass
class Opened:
    service: EmergencyService
    store: Store
    teams: TeamsAdmin

    async def apps(self) -> VoiceApps:
        return await self.service.read_apps()


@asynccontextmanager
async def opened(sandbox: RunningSandbox, database_url: str, actor: str = "alice") -> AsyncIterator[Opened]:
    config = GraphConfig(base_url=sandbox.base_url)
    store = await Store.open(database_url)
    try:
        teams_config = teams_admin_config(config, pool_size=4, request_timeout_s=20)
        async with open_graph(config) as graph, open_teams_admin(teams_config) as teams:
            service = EmergencyService(
                graph, store, teams, actor=actor, now=lambda: ACTIVATED_AT, confirm_s=0.5
            )
            yield Opened(service, store, teams)
    finally:
        await store.close()


def number_of(apps: VoiceApps, app: str) -> str:
    return next(ra.number for ra in apps.resource_accounts if ra.app == app and ra.number)


def traces(apps: VoiceApps, entries: list[str]) -> dict[tuple[str, dt.datetime], Trace]:
    return {(entry, at): trace(apps, entry, at) for entry in entries for at in MOMENTS}
