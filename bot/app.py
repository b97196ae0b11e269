"""The bot's aiohttp application: `POST /api/messages` (our own handler), `GET /healthz`, `GET /readyz`.

Status codes: 201 for a processed activity, 200 + the invoke response for invokes (501 for an invoke we
do not handle), 401 for every authentication failure, 400/415 for bodies that are not activities, 503 when
the channel's signing keys cannot be fetched. Never a 500 for something a caller sent.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator

import aiohttp
from aiohttp import web

from bot.adapter import BadActivity, TeamsAdapter
from bot.auth import Authenticator, AuthError
from bot.config import BotConfig
from bot.connector import Connector
from bot.conversation import Conversation
from bot.keys import ChannelKeys, KeySourceError
from bot.model import Services

log = logging.getLogger(__name__)
ADAPTER: web.AppKey[TeamsAdapter] = web.AppKey("adapter")
SERVICES: web.AppKey[Services] = web.AppKey("services")
KEYS: web.AppKey[ChannelKeys | None] = web.AppKey("keys")


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


def create_app(config: BotConfig, services: Services) -> web.Application:
    config.check()
    app = web.Application(client_max_size=1024 * 1024)
    app[SERVICES] = services

    async def clients(app: web.Application) -> AsyncIterator[None]:
        timeout = aiohttp.ClientTimeout(total=config.request_timeout_s)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            keys = None if config.local_mode else ChannelKeys(config.openid_metadata_url, session)
            app[KEYS] = keys
            app[ADAPTER] = TeamsAdapter(
                Authenticator(config, keys),
                Connector(config, session),
                Conversation(services, tz=config.timezone),
                reply_wait_s=config.reply_wait_s,
            )
            yield

    app.cleanup_ctx.append(clients)
    app.router.add_post("/api/messages", messages)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    return app
