"""Signing keys of the Bot Framework channel: OpenID metadata → JWKS, fetched without blocking the loop.

Keys are refreshed daily, and on an unknown `kid` at most once per `min_refresh_s` (Microsoft rolls keys;
a stranger's kid must not make us hammer the metadata endpoint).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

import aiohttp

DAY_S = 24 * 3600.0


class KeySourceError(Exception):
    """The metadata or key document could not be fetched or read."""


class ChannelKeys:
    def __init__(
        self,
        metadata_url: str,
        session: aiohttp.ClientSession,
        *,
        min_refresh_s: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._metadata_url = metadata_url
        self._session = session
        self._min_refresh_s = min_refresh_s
        self._clock = clock
        self._keys: dict[str, dict[str, Any]] = {}
        self._fetched_at: float | None = None
        self._lock = asyncio.Lock()

    @property
    def loaded(self) -> bool:
        return self._fetched_at is not None

    async def get(self, kid: str) -> dict[str, Any] | None:
        """The JWK for `kid`, or None when the channel does not publish it (even after a refresh)."""
        now, seen = self._clock(), self._fetched_at
        if seen is None or now - seen > DAY_S or (kid not in self._keys and now - seen > self._min_refresh_s):
            await self.refresh(unless_newer_than=seen)
        return self._keys.get(kid)

    async def refresh(self, *, unless_newer_than: float | None = -1.0) -> None:
        """Fetch metadata and keys; callers that queued behind another's refresh take its result."""
        async with self._lock:
            if unless_newer_than != -1.0 and self._fetched_at != unless_newer_than:
                return
            metadata = await self._json(self._metadata_url)
            jwks_uri = metadata.get("jwks_uri")
            if not isinstance(jwks_uri, str):
                raise KeySourceError("the OpenID metadata has no jwks_uri")
            document = await self._json(jwks_uri)
            keys = document.get("keys")
            if not isinstance(keys, list):
                raise KeySourceError("the key document has no keys")
            self._keys = {str(k["kid"]): k for k in keys if isinstance(k, dict) and "kid" in k}
            self._fetched_at = self._clock()

    async def _json(self, url: str) -> dict[str, Any]:
        try:
            async with self._session.get(url, timeout=aiohttp.ClientTimeout(total=10)) as response:
                response.raise_for_status()
                data = await response.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise KeySourceError(f"could not read {url}: {type(exc).__name__}") from exc
        if not isinstance(data, dict):
            raise KeySourceError(f"{url} did not return a JSON object")
        return data
