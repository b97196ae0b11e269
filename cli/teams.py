"""Opens the Teams admin worker pool (graph/teams_admin) from Settings: the real `pwsh` worker for a tenant,
the sandbox's stand-in (`python -m sandbox.pwsh`) for a loopback Graph URL. The one place it is built.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from cli.context import graph_config
from cli.settings import Settings
from graph import TeamsAdmin, TeamsAdminConfig, open_teams_admin, teams_admin_config
from graph.teams_admin import TeamsAdminError

log = logging.getLogger("switchboard")


def teams_config(settings: Settings) -> TeamsAdminConfig:
    """The pool's config from the same Settings Graph uses (tenant, app, certificate: each worker signs in
    once); `pwsh` names PowerShell 7 for a tenant, a loopback Graph URL picks the sandbox's stand-in."""
    return teams_admin_config(graph_config(settings), pwsh=settings.pwsh, pool_size=settings.teams_pool_size)


@asynccontextmanager
async def open_teams_admin_from(settings: Settings) -> AsyncIterator[TeamsAdmin]:
    """Workers started (each signs in) on entry and stopped on exit, even when the command fails."""
    async with open_teams_admin(teams_config(settings)) as admin:
        yield admin


@asynccontextmanager
async def optional_teams_admin(settings: Settings) -> AsyncIterator[TeamsAdmin | None]:
    """The pool for work that can go on without it (a sync names public lines with it): None, with a
    warning on stderr, when the workers cannot start (no PowerShell, the module cannot sign in)."""
    try:
        opened = open_teams_admin(teams_config(settings))
        admin = await opened.__aenter__()
    except TeamsAdminError as exc:
        log.warning(
            "public-line names not refreshed: the Teams admin workers did not start (%s)", exc.message
        )
        yield None
        return
    try:
        yield admin
    finally:
        await opened.__aexit__(None, None, None)
