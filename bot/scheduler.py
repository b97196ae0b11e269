"""Scheduled jobs inside `switchboard bot serve`: the weekly report to the configured channel and owner
warnings to personal chats. Every replica ticks; each job takes the store's lock and records the run it
finished (job, run key), so one replica runs each run once, whether the others tick at the same moment
or minutes later. A failed run is not recorded and is tried again at the next tick.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.delivery import warning_reply
from bot.proactive import NoConversation, Proactive
from graph import Graph
from provisioning import OwnerWarning
from reports import ChannelPoster, TeamsChannel, named_period, today_in, weekly_targets
from reports import jobs as report_jobs
from store import Store

log = logging.getLogger(__name__)
Clock = Callable[[], dt.datetime]
WarningSource = Callable[[], Awaitable[list[OwnerWarning]]]


@dataclass(frozen=True)
class Job:
    name: str
    run_key: Callable[[dt.datetime], str | None]  # the run due at this moment, None when none is
    run: Callable[[dt.datetime], Awaitable[str | None]]  # does it; returns a detail to record


def daily_after(hour: int, tz: str) -> Callable[[dt.datetime], str | None]:
    """One run per local day, from `hour` o'clock in the tenant's zone (the day's date is the key)."""

    def key(now: dt.datetime) -> str | None:
        local = now.astimezone(ZoneInfo(tz))
        return local.date().isoformat() if local.hour >= hour else None

    return key


class Scheduler:
    def __init__(
        self, store: Store, jobs: Sequence[Job], *, interval_s: float = 60.0, clock: Clock | None = None
    ) -> None:
        self._store, self.jobs, self._interval = store, tuple(jobs), interval_s
        self._clock = clock or (lambda: dt.datetime.now(dt.UTC))

    async def tick(self) -> list[str]:
        """Run every job that is due and not yet done; the names of those this replica ran."""
        ran = []
        for job in self.jobs:
            now = self._clock()
            key = job.run_key(now)
            if key is None or await self._store.job_runs.done(job.name, key):
                continue
            async with self._store.locks.hold(f"scheduled:{job.name}") as mine:
                # Re-read under the lock: another replica may have finished it since the check above.
                if not mine or await self._store.job_runs.done(job.name, key):
                    continue
                try:
                    detail = await job.run(now)
                except Exception:
                    log.exception(
                        "scheduled job %s (%s) failed; it is tried again at the next tick", job.name, key
                    )
                    continue
                await self._store.job_runs.record(job.name, key, detail)
                ran.append(job.name)
        return ran

    async def run_forever(self) -> None:
        while True:
            try:
                await self.tick()
            except Exception:  # the store went away for a moment: keep ticking
                log.exception("scheduler tick failed")
            await asyncio.sleep(self._interval)


def warning_key(day: str, warning: OwnerWarning) -> str:
    digest = hashlib.sha256(
        "\n".join([warning.owner_upn.lower(), warning.title, warning.text]).encode()
    ).hexdigest()
    return f"{day}:{digest[:24]}"


def owner_warnings_job(
    store: Store, proactive: Proactive, source: WarningSource, *, hour: int, tz: str
) -> Job:
    """Each warning once to its owner's 1:1 chat; a retry after a failure re-sends only what did not go."""
    due = daily_after(hour, tz)

    async def run(now: dt.datetime) -> str:
        day = due(now) or now.date().isoformat()
        sent = unreachable = 0
        failed: list[str] = []
        for warning in await source():
            key = warning_key(day, warning)
            if await store.job_runs.done("owner-warning", key):
                continue
            try:
                await proactive.to_person(warning.owner_upn, warning_reply(warning))
            except NoConversation as exc:  # said once, in the log and the run's detail; not retried
                log.warning("owner warning not sent: %s", exc)
                await store.job_runs.record("owner-warning", key, f"unreachable: {exc}")
                unreachable += 1
                continue
            except Exception as exc:
                log.warning("owner warning to %s failed: %s", warning.owner_upn, type(exc).__name__)
                failed.append(warning.owner_upn)
                continue
            await store.job_runs.record("owner-warning", key, "sent")
            sent += 1
        if failed:
            raise RuntimeError(f"{len(failed)} owner warnings could not be sent yet")
        return f"{sent} sent, {unreachable} owners unreachable"

    return Job("owner-warnings", due, run)


def weekly_report_job(
    graph: Graph,
    store: Store,
    poster: ChannelPoster,
    *,
    out_dir: Path,
    period_name: str,
    tz: str,
    channel: TeamsChannel | None,
    hour: int,
) -> Job:
    """reports.jobs.weekly (lock → sync → report → folder, then the channel) once per period, from
    `hour` o'clock local on the first day after the period ends; the period's first day is the key."""

    def key(now: dt.datetime) -> str | None:
        if now.astimezone(ZoneInfo(tz)).hour < hour:
            return None
        return named_period(period_name, today_in(tz, now), tz).first.isoformat()

    async def run(now: dt.datetime) -> str:
        targets, pending = weekly_targets(out_dir, channel, poster)
        result = await report_jobs.weekly(
            graph, store, period_name=period_name, tz=tz, targets=targets, pending=pending, now=now
        )
        if not result.ran:  # `switchboard report weekly` from a timer holds the report's own lock
            raise RuntimeError("another process is running the weekly report")
        return "; ".join(f"{d.target}: {d.where}" for d in result.delivered)

    return Job("weekly-report", key, run)
