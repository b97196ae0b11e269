"""Signed, expiring links to the report files (`GET /files/{day}/{name}?exp=…&sig=…`), so a channel card
can show the chart and link the CSV, XLSX and HTML without Teams users signing in to the bot.

The signature is HMAC-SHA256 over path and expiry with a key derived from the bot's client secret, so
every replica of one deployment accepts every other's links and none survives a secret rotation. Only
files of the report folder layout (`<first day>/<name>.<csv|xlsx|html|png>`) are ever served.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode

from aiohttp import web

RELATIVE = re.compile(r"^(\d{4}-\d{2}-\d{2})/([a-z0-9_]+\.(csv|xlsx|html|png))$")
TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "html": "text/html; charset=utf-8",
    "png": "image/png",
}
# The report HTML is self-contained (inline CSS, data-URI charts): forbid everything else it could load.
HTML_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
DEFAULT_TTL_S = 30 * 24 * 3600.0  # a month: a weekly report is read in the weeks after it is posted


def link_key(secret: str | None) -> bytes:
    """From the bot's secret (shared by its replicas); without one, a key for this process only."""
    if not secret:
        return os.urandom(32)
    return hmac.new(b"switchboard report links", secret.encode(), hashlib.sha256).digest()


class FileLinks:
    def __init__(
        self,
        key: bytes,
        root: Path,
        base_url: str,
        *,
        ttl_s: float = DEFAULT_TTL_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key, self.root, self._base = key, root, base_url.rstrip("/")
        self._ttl, self._clock = ttl_s, clock

    def _signature(self, relative: str, expires: int) -> str:
        return hmac.new(self._key, f"{relative}\n{expires}".encode(), hashlib.sha256).hexdigest()

    def url(self, relative: str) -> str:
        if not RELATIVE.match(relative):
            raise ValueError(f"not a report file: {relative!r}")
        expires = int(self._clock() + self._ttl)
        query = urlencode({"exp": expires, "sig": self._signature(relative, expires)})
        return f"{self._base}/files/{relative}?{query}"

    def valid(self, relative: str, expires: str, signature: str) -> bool:
        """The link is ours, unexpired, and names a file of the report layout."""
        if not RELATIVE.match(relative) or not expires.isdigit():
            return False
        if not hmac.compare_digest(self._signature(relative, int(expires)), signature):
            return False
        return int(expires) >= self._clock()


FILE_LINKS: web.AppKey[FileLinks] = web.AppKey("file_links")


async def serve_file(request: web.Request) -> web.StreamResponse:
    """403 for a link that is not ours or has expired, 404 for a report file that is gone."""
    links = request.app[FILE_LINKS]
    relative = f"{request.match_info['day']}/{request.match_info['name']}"
    if not links.valid(relative, request.query.get("exp", ""), request.query.get("sig", "")):
        raise web.HTTPForbidden(text="this link is not valid or has expired")
    path = links.root / relative
    if not path.is_file():
        raise web.HTTPNotFound(text="the report file is no longer there")
    kind = path.suffix.lstrip(".")
    headers = {"Content-Type": TYPES[kind], "X-Content-Type-Options": "nosniff", "Cache-Control": "private"}
    if kind == "html":
        headers["Content-Security-Policy"] = HTML_POLICY
    return web.FileResponse(path, headers=headers)
