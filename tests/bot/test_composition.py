"""The composition root picks the sandbox's Bot Framework endpoints for a sandbox Graph URL, Microsoft's
otherwise; the real TenantServices reads a person's phone from the sandbox's Graph."""

from __future__ import annotations

import pytest

from bot import TenantServices
from cli.bot import bot_config
from cli.context import open_graph_from
from cli.settings import Settings
from sandbox.server import SandboxThread
from store import Store


def test_sandbox_graph_url_selects_the_sandbox_bot_framework(sandbox_thread: SandboxThread) -> None:
    settings = Settings(graph_url=sandbox_thread.base_url, bot_app_id="app", bot_app_password="pw")
    config = bot_config(settings)
    assert config.openid_metadata_url.startswith(sandbox_thread.root_url)
    assert config.token_url.startswith(sandbox_thread.root_url)
    assert config.tenants == {sandbox_thread.state.tenantId}


def test_microsoft_defaults() -> None:
    settings = Settings(bot_app_id="app", bot_app_password="pw", bot_tenants="t1, t2")
    config = bot_config(settings)
    assert config.openid_metadata_url == "https://login.botframework.com/v1/.well-known/openidconfiguration"
    assert config.token_url == "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"
    assert config.tenants == {"t1", "t2"}


async def test_tenant_services_phone_from_graph(
    sandbox_thread: SandboxThread, tmp_path: pytest.TempPathFactory
) -> None:
    state = sandbox_thread.state
    assigned = next(n for n in state.numbers.values() if n.assignmentTargetId in state.users)
    user = state.users[assigned.assignmentTargetId]
    store = await Store.open(f"sqlite:///{tmp_path}/bot.db")
    try:
        async with open_graph_from(Settings(graph_url=sandbox_thread.base_url)) as graph:
            services = TenantServices(graph, store, "America/New_York")
            info = await services.phone(user.id)
            assert await services.phone("00000000-0000-0000-0000-000000000000") is None
    finally:
        await store.close()
    assert info is not None
    assert info.upn == user.userPrincipalName
    assert assigned.telephoneNumber in [n.number for n in info.numbers]
