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
    AdminPolicy,
    BotConfig,
    BotConfigError,
    Delivery,
    TenantEmergencyModes,
    TenantServices,
    admin_policy,
    build_admin,
    check_bind,
    create_app,
    periodic,
)
from cli.context import Services, open_services
from cli.output import EXIT_BAD_INPUT, fail
from cli.report import channel_of
from cli.runtime import settings_from
from cli.settings import Settings
from cli.teams import open_teams_admin_from
from graph import TeamsAdmin
from provisioning import load_phone_system
from provisioning.popup import expiry_warnings

app = typer.Typer(help="The Teams bot.", no_args_is_help=True)
OPT_IN_INTERVAL_S = 60.0  # pauses end on the minute a person picked; a minute late is close enough
WARN_WITHIN = dt.timedelta(days=3)  # owners hear about a pop-up line's last day three days ahead


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
    as_of: str | None = typer.Option(
        None, "--as-of", help="Answer as if today were YYYY-MM-DD (sandbox drills and the demo)."
    ),
) -> None:
    """Serve the bot's /api/messages, /healthz and /readyz until interrupted."""
    settings = settings_from(ctx)
    try:
        config = bot_config(settings)
        check_bind(config, host)
    except BotConfigError as exc:
        fail(str(exc), code=EXIT_BAD_INPUT)
    try:
        today = dt.date.fromisoformat(as_of) if as_of else None
    except ValueError:
        fail(f"--as-of {as_of!r}: give a date as YYYY-MM-DD", code=EXIT_BAD_INPUT)
    if config.local_mode:
        print(
            "WARNING: LOCAL MODE — no SWITCHBOARD_BOT_APP_ID, so requests are NOT authenticated. "
            f"Listening on {host} only (for the Agents Playground); never expose this.",
            file=sys.stderr,
        )
    asyncio.run(_serve(settings, config, host, port, today))


def delivery_of(
    settings: Settings, services: Services, port: int, teams: TeamsAdmin | None = None
) -> Delivery:
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
        admin=teams,
        warnings=lambda: expiry_warnings(services.store, WARN_WITHIN, dt.datetime.now(dt.UTC)),
    )


def policy_of(settings: Settings) -> AdminPolicy | None:
    return admin_policy(
        settings.bot_admin_group,
        settings.bot_agency_admins,
        approval_required=settings.bot_emergency_approval,
        approval_ttl_minutes=settings.bot_approval_ttl_minutes,
        cache_s=settings.bot_admin_cache_s,
    )


def modes_of(settings: Settings, services: Services, teams: TeamsAdmin) -> TenantEmergencyModes | None:
    """The emergency modes of SWITCHBOARD_BOT_PHONE_SYSTEM (read again at each use), or none."""
    if not settings.bot_phone_system:
        return None
    path = Path(settings.bot_phone_system)
    return TenantEmergencyModes(services.graph, services.store, teams, lambda: load_phone_system(path))


async def _serve(
    settings: Settings, config: BotConfig, host: str, port: int, today: dt.date | None = None
) -> None:
    policy = policy_of(settings)
    fixed = (lambda: today) if today else None
    async with open_services(settings) as services, open_teams_admin_from(settings) as teams:
        tenant = TenantServices(services.graph, services.store, settings.timezone, today=fixed, admin=teams)
        delivery = delivery_of(settings, services, port, teams)
        admin = None
        if policy is not None:  # admins in Teams: pop-up lines and checks through the same workers
            admin = build_admin(
                services.graph,
                services.store,
                teams,
                policy,
                timezone=settings.timezone,
                today=fixed,
                emergency=modes_of(settings, services, teams),
                budget_s=settings.bot_invoke_budget_s,
            )
        runner = web.AppRunner(create_app(config, tenant, delivery, admin), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        mode = "local (unauthenticated)" if config.local_mode else f"app id {config.app_id}"
        print(f"bot listening on http://{host}:{port}/api/messages — {mode}", file=sys.stderr)
        try:
            async with periodic("queue-opt-ins", OPT_IN_INTERVAL_S, tenant.run_due_opt_ins):
                await asyncio.Event().wait()
        finally:
            await runner.cleanup()


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="bot")
