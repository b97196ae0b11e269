"""The report use cases the CLI and the bot both call: sync, build a usage report, and the scheduled
weekly job (one replica at a time: lock → sync → report → deliver to every target)."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from graph import Graph, GraphError, TeamsAdmin
from reports.build import Report, build_report
from reports.delivery import Delivered, DeliveryTarget
from reports.errors import DeliveryFailed, ReportError, SyncFailed, logged
from reports.lines import sync_line_names
from reports.periods import Period, named_period, today_in
from reports.sync import SyncResult, sync_all
from store import Store

WEEKLY_LOCK = "weekly-report"


@asynccontextmanager
async def translated(doing: str) -> AsyncIterator[None]:
    """Graph and store failures become SyncFailed at this one boundary, logged under the id users see."""
    try:
        yield
    except ReportError:
        raise
    except GraphError as exc:
        raise logged(
            SyncFailed(f"{doing} failed: {exc.message}", correlation_id=exc.request_id), exc
        ) from exc
    except SQLAlchemyError as exc:
        raise logged(SyncFailed(f"{doing} failed: the store answered {type(exc).__name__}"), exc) from exc


async def sync(
    graph: Graph,
    store: Store,
    *,
    since: dt.date | None = None,
    now: dt.datetime | None = None,
    admin: TeamsAdmin | None = None,
) -> SyncResult:
    """Call logs, activity and the directory into the store (incremental unless `since` is given); with
    the Teams admin pool, the voice app owning each public number too."""
    async with translated("sync"):
        return await sync_all(graph, store, since=since, now=now, admin=admin)


async def name_lines(admin: TeamsAdmin, store: Store, now: dt.datetime | None = None) -> int:
    """The voice app owning each public number, into the store (`report sync` runs it after the call logs,
    so a Teams side that is down never costs the logs)."""
    async with translated("naming public lines"):
        return await sync_line_names(admin, store, now or dt.datetime.now(dt.UTC))


async def usage_report(store: Store, period: Period) -> Report:
    async with translated("the usage report"):
        return await build_report(store, period)


@dataclass(frozen=True)
class WeeklyResult:
    ran: bool  # False: another replica holds the lock, and nothing was done
    sync: SyncResult | None = None
    report: Report | None = None
    delivered: tuple[Delivered, ...] = ()
    pending: tuple[str, ...] = field(default=())


async def weekly(
    graph: Graph,
    store: Store,
    *,
    period_name: str,
    tz: str,
    targets: Sequence[DeliveryTarget],
    pending: Sequence[str] = (),
    now: dt.datetime | None = None,
    admin: TeamsAdmin | None = None,
) -> WeeklyResult:
    """The scheduled job. The period ends before today in the tenant's time zone, not the server's."""
    async with store.locks.hold(WEEKLY_LOCK) as mine:
        if not mine:
            return WeeklyResult(ran=False)
        synced = await sync(graph, store, now=now, admin=admin)
        report = await usage_report(store, named_period(period_name, today_in(tz, now), tz))
        delivered = []
        for target in targets:
            try:
                delivered.append(await target.deliver(report))
            except ReportError:
                raise
            except Exception as exc:  # a target the bot supplies: its failure is named, not a traceback
                failed = DeliveryFailed(f"delivery to {target.name} failed: {type(exc).__name__}")
                raise logged(failed, exc) from exc
        return WeeklyResult(True, synced, report, tuple(delivered), tuple(pending))
