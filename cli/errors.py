"""Our error trees → what the admin reads: one line (what, where), one hint (how to fix), an exit code.

`describe` is pure so each mapping is tested without running a command; `cli/runtime.py` wires it
around every command. Graph's request-id is shown as the correlation id only when Graph sent one.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass

from graph import (
    AuthenticationError,
    GraphConfigError,
    GraphError,
    OperationTimeout,
    PermissionDenied,
    ServiceUnavailable,
    Throttled,
)
from provisioning import DesiredStateError, InvalidInput, ProvisioningError
from reports import BadPeriod, ReportDataMissing, ReportError
from store import NotADatabase, StoreError, UnsupportedDatabaseUrl

EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_NO_DATA = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
# Packages whose exceptions are written for people: their message is shown as it is.
OUR_PACKAGES = frozenset({"graph", "store", "reports", "provisioning", "bot", "cli"})

INTERRUPTED = "interrupted; re-run the same command to resume (finished work is kept)"


@dataclass(frozen=True)
class Failure:
    message: str
    code: int
    hint: str | None = None
    correlation: str | None = None  # Graph's request-id, for Microsoft support


def _graph(exc: GraphError) -> Failure:
    correlation = exc.request_id
    support = "Give the request-id to Microsoft support if this persists." if correlation else None
    text = exc.message
    if isinstance(exc, AuthenticationError) and exc.code == "configuration":
        return Failure(text, EXIT_BAD_INPUT, "See .env.example for the sign-in settings.")
    if isinstance(exc, AuthenticationError) and exc.code == "token-transport":
        return Failure(
            text,
            EXIT_FAILED,
            "Check that this machine reaches Microsoft Entra ID over HTTPS (firewall, HTTPS_PROXY).",
        )
    if isinstance(exc, ServiceUnavailable) and exc.code in {"transport", "timeout"} and not correlation:
        return Failure(
            text,
            EXIT_FAILED,
            "Check the network and SWITCHBOARD_GRAPH_URL (--graph-url); for a sandbox, is "
            "`switchboard sandbox serve` still running?",
        )
    hint: str | None
    if isinstance(exc, AuthenticationError):
        hint = "Check SWITCHBOARD_TENANT_ID, SWITCHBOARD_CLIENT_ID and the secret or certificate."
    elif isinstance(exc, PermissionDenied):
        hint = "Grant the app registration the Graph application permission (with admin consent)."
    elif isinstance(exc, Throttled):
        wait = f"{exc.retry_after:.0f} s" if exc.retry_after else "a minute"
        hint = f"Microsoft is throttling this app; wait {wait} and re-run."
    elif isinstance(exc, OperationTimeout):
        hint = "The order may still complete; re-run to settle it."
    else:
        hint = support
    status = f" · HTTP {exc.status}" if exc.status is not None else ""
    code = f" · code {exc.code}" if exc.code and exc.code not in {"transport", "timeout"} else ""
    if hint is not support and support:
        hint = f"{hint} {support}"
    return Failure(f"{text}{status}{code}", EXIT_FAILED, hint, correlation)


def _os_error(exc: OSError) -> Failure:
    if exc.errno == errno.EADDRINUSE:
        return Failure(
            f"{exc.strerror or exc}",
            EXIT_FAILED,
            "Another program listens on that port; choose another (--port).",
        )
    if exc.filename is None:
        return Failure(f"{exc.strerror or type(exc).__name__}", EXIT_FAILED)
    where = exc.filename
    if exc.errno == errno.ENOSPC:
        return Failure(f"{where}: the disk is full", EXIT_FAILED, "Free some space and re-run.")
    reason = exc.strerror or type(exc).__name__
    if isinstance(exc, FileNotFoundError | IsADirectoryError | NotADirectoryError):
        return Failure(f"{where}: {reason}", EXIT_BAD_INPUT)
    return Failure(f"{where}: {reason}", EXIT_FAILED)


def describe(exc: BaseException) -> Failure:
    """The one translation from an exception to what the user sees (unknown ones say "internal error")."""
    if isinstance(exc, KeyboardInterrupt):
        return Failure(INTERRUPTED, EXIT_INTERRUPTED)
    if isinstance(exc, GraphConfigError):
        return Failure(str(exc), EXIT_BAD_INPUT, "See .env.example for every setting.")
    if isinstance(exc, GraphError):
        return _graph(exc)
    if isinstance(exc, StoreError):
        code = EXIT_BAD_INPUT if isinstance(exc, UnsupportedDatabaseUrl | NotADatabase) else EXIT_FAILED
        return Failure(str(exc), code, exc.hint)
    if isinstance(exc, ReportDataMissing):
        return Failure(str(exc), EXIT_NO_DATA, exc.hint)
    if isinstance(exc, DesiredStateError):
        return Failure("; ".join(exc.problems) or "the desired-state file is invalid", EXIT_BAD_INPUT)
    if isinstance(exc, ProvisioningError | ReportError):  # the use cases' trees: message + correlation id
        if isinstance(exc.__cause__, GraphError | StoreError):  # Graph's or the store's own words and hint
            return describe(exc.__cause__)
        if isinstance(exc.__cause__, OSError):  # a path the admin gave: the file system's exit code and hint
            inner = _os_error(exc.__cause__)
            return Failure(f"{exc.message} (ref {exc.correlation_id})", inner.code, inner.hint)
        code = EXIT_BAD_INPUT if isinstance(exc, InvalidInput | BadPeriod) else EXIT_FAILED
        return Failure(f"{exc.message} (ref {exc.correlation_id})", code)
    if isinstance(exc, OSError):
        return _os_error(exc)
    return _other(exc)


def _other(exc: BaseException) -> Failure:
    """Another package's tree (each package keeps its own): its cause if that is Graph's or the store's,
    else its message, exit 2 for the input errors (ValueError subclasses), 1 otherwise."""
    if type(exc).__module__.split(".")[0] not in OUR_PACKAGES:
        return Failure(
            f"internal error ({type(exc).__name__})", EXIT_FAILED, "Re-run with -vv for the details."
        )
    cause = exc.__cause__
    if isinstance(cause, GraphError | StoreError):
        inner = describe(cause)
        return Failure(f"{exc}: {inner.message}", inner.code, inner.hint, inner.correlation)
    return Failure(str(exc), EXIT_BAD_INPUT if isinstance(exc, ValueError) else EXIT_FAILED)
