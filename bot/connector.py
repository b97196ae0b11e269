"""Outbound calls to the Bot Connector (`{serviceUrl}v3/conversations/…`) with the bot's credential.

The credential is OAuth 2.0 client credentials for scope `https://api.botframework.com/.default` (what the
SDKs' MicrosoftAppCredentials request through MSAL; MSAL refuses a non-https authority, so the sandbox
could not be its issuer). Calls are retried on 429 and 5xx as the connector allows (`Retry-After`).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp

from bot.config import CONNECTOR_SCOPE, BotConfig, is_loopback_url

log = logging.getLogger(__name__)
RETRYABLE = frozenset({429, 500, 502, 503, 504})


class ConnectorError(Exception):
    """The connector refused or kept failing; `status` is its last answer (0: no answer)."""

    def __init__(self, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.status = status


def retry_delay(attempt: int, retry_after: str | None, ceiling: float) -> float | None:
    """Seconds to wait before attempt `attempt + 1`: the server's Retry-After, else 0.5 s doubling.
    None when the server asks for longer than `ceiling`: retrying early would only be refused again."""
    if retry_after is not None:
        try:
            asked = max(float(retry_after), 0.0)
        except ValueError:
            asked = None
        if asked is not None:
            return asked if asked <= ceiling else None
    return min(0.5 * 2.0 ** (attempt - 1), ceiling)


class BotToken:
    """The outbound access token, fetched once and reused until 5 minutes before it expires."""

    def __init__(self, config: BotConfig, session: aiohttp.ClientSession) -> None:
        self._config, self._session = config, session
        self._token: str | None = None
        self._expires = 0.0
        self._lock = asyncio.Lock()

    async def get(self) -> str:
        async with self._lock:
            if self._token is None or time.monotonic() > self._expires - 300:
                await self._fetch()
            assert self._token is not None
            return self._token

    async def _fetch(self) -> None:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._config.app_id or "",
            "client_secret": self._config.app_password or "",
            "scope": CONNECTOR_SCOPE,
        }
        try:
            async with self._session.post(self._config.token_url, data=form) as response:
                body = await response.json(content_type=None)
                status = response.status
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise ConnectorError(f"token endpoint unreachable: {type(exc).__name__}") from exc
        if status != 200 or not isinstance(body, dict) or "access_token" not in body:
            code = body.get("error") if isinstance(body, dict) else None
            raise ConnectorError(f"token endpoint refused the bot's credential ({status} {code})", status)
        self._token = str(body["access_token"])
        self._expires = time.monotonic() + float(body.get("expires_in", 3600))


Sleep = Callable[[float], Awaitable[None]]


class Connector:
    def __init__(
        self, config: BotConfig, session: aiohttp.ClientSession, *, sleep: Sleep = asyncio.sleep
    ) -> None:
        self._config, self._session, self._sleep = config, session, sleep
        self._token = None if config.local_mode else BotToken(config, session)

    async def send(self, service_url: str, conversation_id: str, activity: dict[str, Any]) -> dict[str, Any]:
        """Post to a conversation; a reply (replyToId set) goes to the reply route, threading it."""
        base = f"{service_url.rstrip('/')}/v3/conversations/{quote(conversation_id, safe='')}/activities"
        reply_to = activity.get("replyToId")
        url = f"{base}/{quote(str(reply_to), safe='')}" if reply_to else base
        return await self.call("POST", service_url, url, activity)

    async def create_conversation(self, service_url: str, parameters: dict[str, Any]) -> dict[str, Any]:
        url = f"{service_url.rstrip('/')}/v3/conversations"
        return await self.call("POST", service_url, url, parameters)

    async def member(self, service_url: str, conversation_id: str, member_id: str) -> dict[str, Any]:
        """`GET v3/conversations/{id}/members/{member}` (TeamsInfo.get_member): the person's UPN and names."""
        conversation, member = quote(conversation_id, safe=""), quote(member_id, safe="")
        url = f"{service_url.rstrip('/')}/v3/conversations/{conversation}/members/{member}"
        return await self.call("GET", service_url, url, None)

    async def call(
        self, method: str, service_url: str, url: str, body: dict[str, Any] | None
    ) -> dict[str, Any]:
        headers = await self._headers(service_url)
        attempts = self._config.send_attempts
        for attempt in range(1, attempts + 1):
            try:
                async with self._session.request(method, url, json=body, headers=headers) as response:
                    status, retry_after = response.status, response.headers.get("Retry-After")
                    payload = await response.json(content_type=None) if response.content_length != 0 else {}
            except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
                # A lost answer on a send may or may not have posted; Teams shows duplicates rarely, and
                # silence is worse for a person waiting for an answer.
                status, retry_after, payload = 0, None, {"error": type(exc).__name__}
            if 200 <= status < 300:
                return payload if isinstance(payload, dict) else {}
            if (status not in RETRYABLE and status != 0) or attempt == attempts:
                raise ConnectorError(f"connector answered {status} to {method} {_path(url)}", status)
            delay = retry_delay(attempt, retry_after, self._config.max_retry_after_s)
            if delay is None:
                raise ConnectorError(f"connector asked to wait {retry_after}s on {_path(url)}", status)
            log.info("connector %s on %s; retrying in %.1fs", status, _path(url), delay)
            await self._sleep(delay)
        raise ConnectorError("unreachable")  # pragma: no cover

    async def _headers(self, service_url: str) -> dict[str, str]:
        if self._token is None:
            if not is_loopback_url(service_url):
                raise ConnectorError(f"local mode only answers loopback service URLs, not {service_url}")
            return {}
        return {"Authorization": f"Bearer {await self._token.get()}"}


def _path(url: str) -> str:
    return url.split("/v3/", 1)[-1][:80]
