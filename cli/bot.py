"""`switchboard bot serve`: the composition root of the Teams bot (settings → BotConfig, services, app).

Against a sandbox Graph URL the bot's metadata, token and tenant come from the same sandbox, which plays
the Bot Framework side; against Microsoft they are login.botframework.com and login.microsoftonline.com.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import sys
import urllib.request
from dataclasses import replace
from pathlib import Path

import typer
from aiohttp import web

from bot import (
    TOKEN_URL_TEMPLATE,
    BotConfig,
    BotConfigError,
    Delivery,
    TenantServices,
    check_bind,
    create_app,
)
from cli.context import Services, open_services
from cli.output import EXIT_BAD_INPUT, fail
from cli.report import channel_of
from cli.runtime import settings_from
from cli.settings import Settings
from provisioning.popup import expiry_warnings

app = typer.Typer(help="The Teams bot.", no_args_is_help=True)


def sandbox_root(settings: Settings) -> str | None:
    if not settings.targets_sandbox:
        return None
    return settings.graph_url.rstrip("/").removesuffix("/v1.0")


def sandbox_tenant(root: str) -> str:
    """The sandbox tenant's id, so the allow-list needs no setting in drills and demos."""
    with urllib.request.urlopen(f"{root}/_sandbox/health", timeout=10) as response:
        return str(json.load(response)["tenantId"])


def bot_config(settings: Settings) -> BotConfig:
    root = sandbox_root(settings)
    tenants = frozenset(t.strip() for t in settings.bot_tenants.split(",") if t.strip())
    if not tenants and settings.tenant_id:
        tenants = frozenset({settings.tenant_id})
    if not tenants and root and settings.bot_app_id:
        tenants = frozenset({sandbox_tenant(root)})
    metadata = settings.bot_openid_metadata_url or (
        f"{root}/botframework/v1/.well-known/openidconfiguration" if root else None
    )
    token = settings.bot_token_url or (
        f"{root}/botframework/oauth2/v2.0/token"
        if root
        else TOKEN_URL_TEMPLATE.format(tenant=settings.bot_token_tenant)
    )
    password = settings.bot_app_password.get_secret_value() if settings.bot_app_password else None
    config = BotConfig(
        app_id=settings.bot_app_id or None,
        app_password=password,
        tenants=tenants,
        token_url=token,
        timezone=settings.timezone,
    )
    if metadata:
        config = replace(config, openid_metadata_url=metadata)
    return config.check()


@app.command("serve")
def serve(
    ctx: typer.Context,
    host: str = typer.Option("127.0.0.1", "--host", help="Interface to bind (0.0.0.0 needs an app id)."),
    port: int = typer.Option(3978, "--port", min=1, max=65535, help="TCP port of /api/messages."),
) -> None:
    """Serve the bot's /api/messages, /healthz and /readyz until interrupted."""
    settings = settings_from(ctx)
    try:
        config = bot_config(settings)
        check_bind(config, host)
    except BotConfigError as exc:
        fail(str(exc), code=EXIT_BAD_INPUT)
    if config.local_mode:
        print(
            "WARNING: LOCAL MODE — no SWITCHBOARD_BOT_APP_ID, so requests are NOT authenticated. "
            f"Listening on {host} only (for the Agents Playground); never expose this.",
            file=sys.stderr,
        )
    asyncio.run(_serve(settings, config, host, port))


# Pop-up line owners hear this long before their line's last day (the same window as `popup expire`).
OWNER_NOTICE = dt.timedelta(days=3)


def delivery_of(settings: Settings, services: Services, port: int) -> Delivery:
    """The scheduled jobs: the weekly report when a channel is configured (without one, cron's
    `report weekly` writes the folder), owner warnings once a source is wired."""
    channel = channel_of(settings)
    public = settings.bot_public_url or (f"http://127.0.0.1:{port}" if settings.targets_sandbox else None)
    return Delivery(
        services.store,
        services.graph if channel else None,
        out_dir=Path(settings.report_out_dir),
        period_name=settings.report_period,
        tz=settings.timezone,
        channel=channel,
        public_url=public,
        jobs_hour=settings.bot_jobs_hour,
        warnings=lambda: expiry_warnings(services.store, OWNER_NOTICE, dt.datetime.now(dt.UTC)),
    )


async def _serve(settings: Settings, config: BotConfig, host: str, port: int) -> None:
    async with open_services(settings) as services:
        tenant = TenantServices(services.graph, services.store, settings.timezone)
        delivery = delivery_of(settings, services, port)
        runner = web.AppRunner(create_app(config, tenant, delivery), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        mode = "local (unauthenticated)" if config.local_mode else f"app id {config.app_id}"
        print(f"bot listening on http://{host}:{port}/api/messages — {mode}", file=sys.stderr)
        try:
            await asyncio.Event().wait()
        finally:
            await runner.cleanup()


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="bot")
