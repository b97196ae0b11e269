"""Logging for the CLI: quiet by default, `-v` for progress, `-vv` for HTTP detail; secrets redacted.

Redaction is a filter on the root handler rather than care at each call site, because SDK and
azure-identity loggers format their own messages (tokens in headers, secrets in URLs) beyond our control.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from rich.console import Console
from rich.logging import RichHandler

_PATTERNS = (
    re.compile(r"(?i)(authorization:?\s*bearer\s+)[^\s'\"]+"),
    re.compile(r"(?i)((?:client_secret|password|access_token|refresh_token|sig|code)=)[^&\s'\"]+"),
    re.compile(r"(postgres(?:ql)?(?:\+\w+)?://[^:/@\s]+:)[^@\s]+(@)"),
)


class RedactSecrets(logging.Filter):
    """Rewrites a record's message with known secret values and secret-looking fields masked."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 4]

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        for pattern in _PATTERNS:
            text = pattern.sub(lambda m: m.group(1) + "***" + (m.group(2) if m.lastindex == 2 else ""), text)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


def configure(verbosity: int, secrets: Iterable[str] = ()) -> None:
    """0: warnings only; 1: our INFO; 2+: DEBUG including the HTTP libraries."""
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    # stderr: warnings (a retried read, a replaced worker) must never mix into `--json` on stdout
    handler = RichHandler(console=Console(stderr=True), show_path=False, rich_tracebacks=False, markup=False)
    handler.addFilter(RedactSecrets(secrets))
    logging.basicConfig(level=level, handlers=[handler], format="%(name)s: %(message)s", force=True)
    if verbosity < 2:
        for noisy in ("httpx", "httpcore", "azure", "kiota_http", "aiohttp.access"):
            logging.getLogger(noisy).setLevel(logging.WARNING)
