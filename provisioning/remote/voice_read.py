"""Reading one voice-app object back as the domain model, for confirming a write and for observers.

An attendant's targets are names only in the context of the whole tenant (queues, attendants, people,
schedules), so the read is the same one plans use (provisioning.voiceapps.read_voice_apps); Teams is
eventually consistent, so a confirmation polls until it sees what was written or a deadline passes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

from provisioning.remote.base import Wire, WriteFailed, WriteUnknown
from provisioning.voiceapps import VoiceApps, read_voice_apps, teams_admin_source

CONFIRM_S = 60.0  # how long a write may take to show (voice-app changes take seconds to minutes)
POLL_S = (0.2, 0.5, 1.0, 2.0, 5.0)

T = TypeVar("T")


async def read_apps(wire: Wire) -> VoiceApps:
    if wire.teams is None:
        raise WriteFailed("voice-app writes need the Teams admin worker pool (none was opened)")
    return await read_voice_apps(teams_admin_source(wire.teams), wire.graph)


async def confirm(
    what: str,
    read: Callable[[], Awaitable[T]],
    matches: Callable[[T], str | None],
    *,
    deadline_s: float = CONFIRM_S,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> T:
    """Read until `matches` (None: as written; else what still differs) or the deadline; then the write
    is of unknown effect (the engine reads again before any re-send)."""
    loop = asyncio.get_running_loop()
    end = loop.time() + deadline_s
    attempt = 0
    while True:
        value = await read()
        differs = matches(value)
        if differs is None:
            return value
        if loop.time() >= end:
            raise WriteUnknown(
                f"{what}: written, but after {deadline_s:.0f} s it still reads back with {differs}"
            )
        await sleep(POLL_S[min(attempt, len(POLL_S) - 1)])
        attempt += 1
