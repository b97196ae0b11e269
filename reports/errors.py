"""reports/'s error tree: what a sync, a report or the weekly job can fail with.

Users see `str(error)`: a short message and a correlation id (Graph's request-id when Graph failed, so
Microsoft support can find the call; else an id written to the log next to the full cause).
"""

from __future__ import annotations

import logging
import uuid

log = logging.getLogger(__name__)


class ReportError(Exception):
    """Base of the tree. `message` is safe to show; the cause stays chained for the log."""

    def __init__(self, message: str, *, correlation_id: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.correlation_id = correlation_id or uuid.uuid4().hex[:12]

    def __str__(self) -> str:
        return f"{self.message} (correlation id {self.correlation_id})"


class BadPeriod(ReportError, ValueError):
    """An unknown period name or time zone, or a --to before its --from: the user's input, exit 2."""


class SyncFailed(ReportError):
    """Graph or the store failed during a sync; nothing after the last committed page is lost."""


class DeliveryFailed(ReportError):
    """A delivery target (folder, Teams channel) could not take the report."""


def logged(error: ReportError, cause: BaseException) -> ReportError:
    """Write the cause to the log under the error's correlation id, then hand the error back to raise.

    INFO, not ERROR: whoever catches the error shows it (the CLI prints one line); the log line is the
    detail behind it for `-v` or a service's log collector.
    """
    log.info("%s", error, exc_info=cause)
    return error
