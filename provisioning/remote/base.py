"""What every resource kind gives the engine on the wire side: an applier for its actions, an observer
that reads one resource back (did a step take effect?), and, for kinds whose writes are long-running
orders, a wait on the order's operation. All three get the `Wire`: Graph, and the Teams PowerShell pool
for the voice-app kinds that only PowerShell can write."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any

from graph import Graph, GraphError, ServiceUnavailable
from graph.teams_admin import (
    AccessDenied,
    AlreadyExists,
    NotFound,
    Script,
    TeamsAdminError,
    Throttled,
    Transient,
    UnknownOutcome,
    Validation,
    WorkerUnavailable,
)
from provisioning.plan import Action, Step


@dataclass(frozen=True)
class Wire:
    """The connections appliers write through. `teams` is graph/teams_admin's worker pool, given only
    when kinds that need it (resource accounts, queues, attendants…) are registered."""

    graph: Graph
    teams: Any = None
    # Tells the progress bar what a step is waiting for ("Teams to see the account, ≤ 600 s").
    progress: Callable[[Action, str], None] = field(default=lambda action, note: None, compare=False)
    # Per-run lookups appliers keep (remote.voice_ids.VoiceIds: names → ids); one Wire per run.
    scratch: dict[str, Any] = field(default_factory=dict, compare=False)


Submitted = Callable[[str], Awaitable[None]]  # journals an order's operation id before waiting on it
# True: the step's effect is visible; False: it did not happen; None: still in flight, look again.
Observe = Callable[[Wire, Step, str | None], Awaitable[bool | None]]


class WriteFailed(Exception):
    """A write the service refused; the engine records it and skips what waits for it."""

    def __init__(self, message: str, *, code: str | None = None, request_id: str | None = None) -> None:
        super().__init__(message)
        self.message, self.code, self.request_id = message, code, request_id


class WriteUnknown(WriteFailed):
    """A write whose answer was lost (5xx, timeout): the engine reads the resource before any re-send."""


@contextmanager
def graph_outcomes() -> Iterator[None]:
    """graph/'s errors as the engine's two outcomes (writes retry only 429 inside graph/)."""
    try:
        yield
    except ServiceUnavailable as exc:
        raise WriteUnknown(exc.message, code=exc.code, request_id=exc.request_id) from exc
    except GraphError as exc:
        raise WriteFailed(exc.message, code=exc.code, request_id=exc.request_id) from exc


@contextmanager
def teams_outcomes() -> Iterator[None]:
    """graph/teams_admin's errors (and Graph's, for the Graph half of voice kinds) as the engine's two
    outcomes: a lost answer, a transient fault, a throttled call or no worker may or may not have
    written, so they are WriteUnknown (read back before any re-send); a refusal is WriteFailed."""
    try:
        yield
    except (UnknownOutcome, Transient, WorkerUnavailable, Throttled) as exc:
        raise WriteUnknown(str(exc), code=exc.code) from exc
    except (Validation, NotFound, AlreadyExists, AccessDenied, TeamsAdminError) as exc:
        raise WriteFailed(str(exc), code=exc.code) from exc
    except ServiceUnavailable as exc:
        raise WriteUnknown(exc.message, code=exc.code, request_id=exc.request_id) from exc
    except GraphError as exc:
        raise WriteFailed(exc.message, code=exc.code, request_id=exc.request_id) from exc


@dataclass(frozen=True)
class RemoteKind:
    name: str
    apply: Callable[[Wire, Action, Submitted], Awaitable[None]]
    observe: Observe
    wait: Callable[[Wire, str, float], Awaitable[None]] | None = None  # (wire, operation id, timeout)
    # Turns the wire's errors into WriteFailed / WriteUnknown (a PowerShell kind brings its own).
    outcomes: Callable[[], AbstractContextManager[None]] = graph_outcomes
    # The cmdlets apply would run for an action (`plan --show-powershell`), ids looked up by name in
    # the script itself; None for kinds written through Graph.
    script: Callable[[Action], Script] | None = None


def variable(prefix: str, name: str) -> str:
    """A PowerShell variable name for an object named in a preview: `$ra_permits_cq`, `$queue_Permits`."""
    return f"{prefix}_" + (re.sub(r"[^A-Za-z0-9_]+", "_", name.partition("@")[0]).strip("_") or "x")
