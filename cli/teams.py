"""Opens the Teams admin worker pool (graph/teams_admin) from Settings: the real `pwsh` worker for a tenant,
the sandbox's stand-in (`python -m sandbox.pwsh`) for a loopback Graph URL. The one place it is built.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from cli.context import graph_config
from cli.settings import Settings
from graph import TeamsAdmin, TeamsAdminConfig, open_teams_admin, teams_admin_config


def teams_config(settings: Settings) -> TeamsAdminConfig:
    """The pool's config from the same Settings Graph uses (tenant, app, certificate: each worker signs in
    once); `pwsh` names PowerShell 7 for a tenant, a loopback Graph URL picks the sandbox's stand-in."""
    return teams_admin_config(graph_config(settings), pwsh=settings.pwsh, pool_size=settings.teams_pool_size)


@asynccontextmanager
async def open_teams_admin_from(settings: Settings) -> AsyncIterator[TeamsAdmin]:
    """Workers started (each signs in) on entry and stopped on exit, even when the command fails."""
    async with open_teams_admin(teams_config(settings)) as admin:
        yield admin
