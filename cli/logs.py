"""Logging for the CLI, always on stderr: quiet by default, `-v` progress, `-vv` HTTP detail.

stdout carries only results (`--json`, saved plans), so logs never mix into them. Redaction is a filter
on the handler rather than care at each call site, because SDK and azure-identity loggers format their
own messages (tokens in headers, secrets and addresses in URLs) beyond our control. Personal data
(addresses, phone numbers) is masked at every level; SQL statements and rows are never logged.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

from rich.console import Console
from rich.logging import RichHandler

_SECRETS = (
    re.compile(r"(?i)(authorization:?\s*bearer\s+)[^\s'\"]+"),
    re.compile(r"(?i)((?:client_secret|password|access_token|refresh_token|sig|code)=)[^&\s'\"]+"),
    re.compile(r"(postgres(?:ql)?(?:\+\w+)?://[^:/@\s]+:)[^@\s]+(@)"),
)
# Personal data: e-mail addresses / UPNs (also URL-encoded, as in Graph $filter URLs) keep their domain;
# phone numbers keep their last four digits, enough to tell two apart while troubleshooting.
_EMAIL = re.compile(r"[\w.+'-]+(@|%40)((?:[\w-]+\.)+[A-Za-z]{2,})")
_PHONE = re.compile(r"((?<![\w/])\+|%2B)\d[\d\s().-]{5,}(\d{4})\b")

# Loggers that print SQL rows or per-operation chatter: never below WARNING (one sync wrote 216 MB).
_SILENT = ("sqlalchemy", "aiosqlite", "asyncpg", "alembic")
_HTTP = ("httpx", "httpcore", "kiota_http", "aiohttp.access", "urllib3")


class RedactSecrets(logging.Filter):
    """Rewrites a record's message with known secret values, secret-looking fields and personal data masked."""

    def __init__(self, secrets: Iterable[str] = (), *, tracebacks: bool = False) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s and len(s) >= 4]
        self._tracebacks = tracebacks

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, "***")
        for pattern in _SECRETS:
            text = pattern.sub(lambda m: m.group(1) + "***" + (m.group(2) if m.lastindex == 2 else ""), text)
        text = _EMAIL.sub(lambda m: f"***{m.group(1)}{m.group(2)}", text)
        return _PHONE.sub(lambda m: f"{m.group(1)}…{m.group(2)}", text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and record.exc_info[1] is not None and not self._tracebacks:
            # Tracebacks only with -vv; otherwise the exception's redacted one-line summary.
            record.msg, record.args = f"{redacted} ({self.redact(repr(record.exc_info[1]))})", None
            record.exc_info, record.exc_text = None, None
        return True


def configure(verbosity: int, secrets: Iterable[str] = ()) -> None:
    """0: warnings only; 1: our INFO; 2+: DEBUG and the HTTP libraries' request lines (redacted)."""
    level = logging.WARNING if verbosity <= 0 else logging.INFO if verbosity == 1 else logging.DEBUG
    handler = RichHandler(
        console=Console(stderr=True, soft_wrap=True),
        show_path=False,
        rich_tracebacks=False,
        markup=False,
    )
    handler.addFilter(RedactSecrets(secrets, tracebacks=verbosity >= 2))
    logging.basicConfig(level=level, handlers=[handler], format="%(name)s: %(message)s", force=True)
    for name in _SILENT:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in _HTTP:
        logging.getLogger(name).setLevel(logging.DEBUG if verbosity >= 2 else logging.WARNING)
    # quirk: azure-identity logs each failed credential of its chain as a WARNING; we say which setting
    # is missing instead (graph/credentials.py), so its chatter shows only with -v.
    logging.getLogger("azure").setLevel(logging.ERROR if verbosity <= 0 else level)
