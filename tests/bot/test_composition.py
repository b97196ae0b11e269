"""The composition root picks the sandbox's Bot Framework endpoints for a sandbox Graph URL, Microsoft's
otherwise; the real TenantServices reads a person's phone from the sandbox's Graph."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request

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


def _cli(*args: str, **env_extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
    env.update(DATABASE_URL="sqlite:///:memory:", **env_extra)
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_serve_refuses_open_binds_and_half_configurations() -> None:
    open_bind = _cli("bot", "serve", "--host", "0.0.0.0")
    assert open_bind.returncode == 2
    assert "127.0.0.1 only" in open_bind.stderr
    no_password = _cli("bot", "serve", SWITCHBOARD_BOT_APP_ID="app", SWITCHBOARD_BOT_TENANTS="t")
    assert no_password.returncode == 2
    assert "SWITCHBOARD_BOT_APP_PASSWORD is required" in no_password.stderr


def test_serve_local_mode_says_so_and_answers_health(sandbox_thread: SandboxThread) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SWITCHBOARD_", "AZURE_"))}
    env["DATABASE_URL"] = "sqlite:///:memory:"
    command = [
        sys.executable,
        "-m",
        "cli",
        "--graph-url",
        sandbox_thread.base_url,
        "bot",
        "serve",
        "--port",
        str(port),
    ]
    server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert server.stderr is not None
        lines = [server.stderr.readline(), server.stderr.readline()]
        assert "LOCAL MODE" in lines[0] and "NOT authenticated" in lines[0]
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
            assert response.status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_delivery_settings_reach_the_jobs(tmp_path: pytest.TempPathFactory) -> None:
    from typing import Any, cast

    from cli.bot import delivery_of
    from cli.context import Services

    fake = cast(Any, object())
    channel = {"report_team_id": "group-1", "report_channel_id": "19:c@thread.tacv2"}
    settings = Settings(
        bot_public_url="https://switchboard.county.example/",
        bot_jobs_hour=6,
        report_out_dir="/srv/r",
        **channel,
    )
    delivery = delivery_of(settings, Services(settings, fake, fake), 3978)
    assert delivery.graph is fake  # a channel is configured: the bot runs the weekly report
    assert delivery.channel is not None and delivery.channel.channel_id == "19:c@thread.tacv2"
    assert delivery.public_url == "https://switchboard.county.example"
    assert delivery.jobs_hour == 6 and str(delivery.out_dir) == "/srv/r"
    assert delivery.warnings is not None  # pop-up line owners are warned (provisioning.popup.expiry_warnings)
    no_channel = delivery_of(Settings(), Services(Settings(), fake, fake), 3978)
    assert no_channel.graph is None and no_channel.public_url is None  # cron's `report weekly` does it
    sandbox = Settings(graph_url="http://127.0.0.1:8765/v1.0")
    assert delivery_of(sandbox, Services(sandbox, fake, fake), 3978).public_url == "http://127.0.0.1:3978"


def test_a_public_url_must_be_https() -> None:
    with pytest.raises(ValueError, match="must be an https URL"):
        Settings(bot_public_url="http://switchboard.county.example")
