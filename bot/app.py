"""The bot's aiohttp application: `POST /api/messages` (our own handler), `GET /healthz`, `GET /readyz`.

Status codes: 201 for a processed activity, 200 + the invoke response for invokes (501 for an invoke we
do not handle), 401 for every authentication failure, 400/415 for bodies that are not activities, 503 when
the channel's signing keys cannot be fetched. Never a 500 for something a caller sent.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web

from bot.adapter import BadActivity, TeamsAdapter
from bot.auth import Authenticator, AuthError
from bot.config import BotConfig
from bot.connector import Connector
from bot.conversation import Conversation
from bot.delivery import BotChannelPoster
from bot.keys import ChannelKeys, KeySourceError
from bot.links import FILE_LINKS, FileLinks, link_key, serve_file
from bot.model import Services
from bot.proactive import Proactive
from bot.references import ReferenceKeeper
from bot.scheduler import Clock, Job, Scheduler, WarningSource, owner_warnings_job, weekly_report_job
from graph import Graph, TeamsAdmin
from reports import TeamsChannel
from store import Store

if TYPE_CHECKING:
    from bot.admin import AdminConversation

log = logging.getLogger(__name__)
ADAPTER: web.AppKey[TeamsAdapter] = web.AppKey("adapter")
SERVICES: web.AppKey[Services] = web.AppKey("services")
KEYS: web.AppKey[ChannelKeys | None] = web.AppKey("keys")
SCHEDULER: web.AppKey[Scheduler | None] = web.AppKey("scheduler")


@dataclass(frozen=True)
class Delivery:
    """What the bot needs to speak unprompted: the store (references, locks, runs) and the jobs' settings.
    Without it the bot only answers."""

    store: Store
    graph: Graph | None = None  # the weekly report syncs first; None: no weekly job
    admin: TeamsAdmin | None = None  # the Teams admin pool: the weekly sync also names public lines
    out_dir: Path = Path("out")
    period_name: str = "last-week"
    tz: str = "America/New_York"
    channel: TeamsChannel | None = None
    public_url: str | None = None  # https base the report links use (the bot's own address)
    jobs_hour: int = 7  # local hour from which a day's jobs run
    interval_s: float = 60.0
    warnings: WarningSource | None = None
    clock: Clock | None = None


def _jobs(delivery: Delivery, proactive: Proactive, links: FileLinks | None) -> list[Job]:
    jobs = []
    if delivery.graph is not None:
        poster = BotChannelPoster(proactive, delivery.out_dir, links)
        jobs.append(
            weekly_report_job(
                delivery.graph,
                delivery.store,
                poster,
                out_dir=delivery.out_dir,
                period_name=delivery.period_name,
                tz=delivery.tz,
                channel=delivery.channel,
                hour=delivery.jobs_hour,
                admin=delivery.admin,
            )
        )
    if delivery.warnings is not None:
        jobs.append(
            owner_warnings_job(
                delivery.store, proactive, delivery.warnings, hour=delivery.jobs_hour, tz=delivery.tz
            )
        )
    return jobs


async def messages(request: web.Request) -> web.Response:
    if "application/json" not in request.headers.get("Content-Type", ""):
        return web.json_response({"error": "Content-Type must be application/json"}, status=415)
    try:
        body = await request.json()
    except ValueError:
        return web.json_response({"error": "the body is not JSON"}, status=400)
    try:
        result = await request.app[ADAPTER].process(body, request.headers.get("Authorization", ""))
    except AuthError as exc:
        log.warning("refused an activity: %s", exc)
        return web.json_response({"error": "Unauthorized"}, status=401)
    except KeySourceError as exc:
        log.error("cannot validate tokens: %s", exc)
        return web.json_response({"error": "signing keys unavailable"}, status=503)
    except BadActivity as exc:
        return web.json_response({"error": str(exc)}, status=400)
    if result.body is None:
        return web.Response(status=result.status)
    return web.json_response(result.body, status=result.status)


async def healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def readyz(request: web.Request) -> web.Response:
    """Ready when the signing keys load (unless local mode) and the back ends answer."""
    problems = []
    keys = request.app[KEYS]
    if keys is not None and not keys.loaded:
        try:
            await keys.refresh()
        except KeySourceError as exc:
            problems.append(str(exc))
    try:
        if not await request.app[SERVICES].ready():
            problems.append("services not ready")
    except Exception as exc:
        problems.append(f"services: {type(exc).__name__}")
    if problems:
        return web.json_response({"status": "not ready", "problems": problems}, status=503)
    return web.json_response({"status": "ready"})


def create_app(
    config: BotConfig,
    services: Services,
    delivery: Delivery | None = None,
    admin: AdminConversation | None = None,
) -> web.Application:
    config.check()
    app = web.Application(client_max_size=1024 * 1024)
    app[SERVICES] = services
    links = None
    if delivery is not None and delivery.public_url:
        links = FileLinks(link_key(config.app_password), delivery.out_dir, delivery.public_url)
        app[FILE_LINKS] = links
        app.router.add_get("/files/{day}/{name}", serve_file)

    async def clients(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=config.request_timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            keys = None if config.local_mode else ChannelKeys(config.openid_metadata_url, session)
            app[KEYS] = keys
            connector = Connector(config, session)
            keeper = ReferenceKeeper(delivery.store.conversations) if delivery else None
            app[ADAPTER] = TeamsAdapter(
                Authenticator(config, keys),
                connector,
                Conversation(services, tz=config.timezone, admin=admin),
                keeper,
                reply_wait_s=config.reply_wait_s,
            )
            app[SCHEDULER] = None
            if delivery is None:
                yield
                return
            proactive = Proactive(connector, delivery.store, config.app_id or "")
            jobs = _jobs(delivery, proactive, links)
            scheduler = Scheduler(delivery.store, jobs, interval_s=delivery.interval_s, clock=delivery.clock)
            app[SCHEDULER] = scheduler
            task = asyncio.create_task(scheduler.run_forever()) if jobs else None
            try:
                yield
            finally:
                if task is not None:
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task

    app.cleanup_ctx.append(clients)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app
