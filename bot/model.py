"""Plain data the conversation logic works on: who is asking, what they get back (no SDK types here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from provisioning import AgentSeat, CallHandling


@dataclass(frozen=True)
class Caller:
    teams_user_id: str
    aad_object_id: str | None
    tenant_id: str | None
    name: str | None = None


@dataclass(frozen=True)
class NumberInfo:
    number: str
    number_type: str | None
    activation_state: str | None
    emergency_location: str | None


@dataclass(frozen=True)
class PhoneInfo:
    display_name: str
    upn: str
    department: str | None
    numbers: tuple[NumberInfo, ...]
    enterprise_voice: bool | None
    # None: not readable through the admin surfaces the bot has (Get-CsUserCallingSettings).
    voicemail: str | None = None
    forwarding: str | None = None


@dataclass(frozen=True)
class MinutesInfo:
    this_month_label: str
    this_month: float
    last_month_label: str
    last_month: float
    department: str | None
    department_median: float | None  # last month, over the department's Teams Phone staff
    department_size: int


# Reply.extra key: an asyncio.Task[Reply] still running when the answer had to go back (a long admin action);
# the adapter posts its result to the same conversation when it finishes.
FOLLOW_UP = "follow_up"


@dataclass(frozen=True)
class Reply:
    text: str  # the plain-text fallback (and what tests read)
    card: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Services(Protocol):
    """The use cases the bot calls; a composition root re-points them (e.g. at provisioning views)."""

    async def phone(self, aad_object_id: str) -> PhoneInfo | None: ...

    async def minutes(self, aad_object_id: str) -> MinutesInfo | None: ...

    async def ready(self) -> bool: ...

    # The employee's own call handling (provisioning/agents.py, provisioning/calling.py). They raise
    # provisioning's errors; the conversation turns them into answers.
    async def queues(self, aad_object_id: str) -> list[AgentSeat] | None: ...

    async def opt_out(self, aad_object_id: str, queue_id: str, until: dt.datetime) -> AgentSeat: ...

    async def opt_in(self, aad_object_id: str, queue_id: str) -> AgentSeat: ...

    async def calling(self, aad_object_id: str) -> CallHandling | None: ...

    async def ring_also(self, aad_object_id: str, number: str) -> CallHandling: ...

    async def stop_ring(self, aad_object_id: str) -> CallHandling: ...
