"""`switchboard report sync|usage|weekly`: argument parsing, wiring and printing around the use cases in
reports.jobs; ready for cron or a systemd timer.

Quiet by default (one line per result), non-interactive. Exit codes: 0 success, 1 failure, 2 bad
arguments, 3 no calls in the period (usually: sync has not run since the period ended).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, contextmanager
from pathlib import Path
from typing import TypeVar

import typer

from cli.arguments import iso_date
from cli.context import open_services
from cli.output import EXIT_BAD_INPUT, console, fail
from cli.runtime import settings_from
from cli.settings import Settings
from cli.teams import optional_teams_admin
from graph import Graph
from reports import (
    CALLING_IN_SHORT,
    FORMATS,
    NAMED,
    ChannelPoster,
    FolderTarget,
    Report,
    ReportError,
    SyncResult,
    TeamsChannel,
    WeeklyResult,
    headline,
    jobs,
    resolve_period,
    top,
    weekly_targets,
)
from store import Store

log = logging.getLogger("switchboard")
EXIT_NO_DATA = 3
GROUPS = ("department", "office", "line", "carrier")
T = TypeVar("T")
app = typer.Typer(
    help="Usage-minutes reports: sync call logs beyond 90 days, then report.", no_args_is_help=True
)


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        fail(
            f"--format: unknown {', '.join(unknown) or 'empty list'}; choose from {', '.join(FORMATS)}",
            code=EXIT_BAD_INPUT,
        )
    return formats


@contextmanager
def report_errors() -> Iterator[None]:
    """A report use case's cause goes to the log under its correlation id; the one line comes from the
    root's boundary (`describe`: exit 2 for a bad period, the store's or Graph's own words otherwise)."""
    try:
        yield
    except ReportError as exc:
        log.info("[%s] %s", exc.correlation_id, exc.message, exc_info=exc.__cause__ is not None)
        raise


def run(settings: Settings, work: Callable[[Graph, Store], Awaitable[T]]) -> T:
    async def opened() -> T:
        async with open_services(settings) as services:
            return await work(services.graph, services.store)

    with report_errors():
        return asyncio.run(opened())


@app.command("sync")
def sync(
    ctx: typer.Context,
    since: str | None = typer.Option(
        None, "--since", help="YYYY-MM-DD: re-read from this day (default: incremental)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing unless something fails."),
) -> None:
    """Pull PSTN and Direct Routing call logs, the activity report and a directory snapshot into the store."""
    day = iso_date("--since", since)
    settings = settings_from(ctx)

    async def work(graph: Graph, store: Store) -> tuple[SyncResult, int]:
        synced = await jobs.sync(graph, store, since=day)
        async with optional_teams_admin(settings) as admin:  # then name public lines by their voice app
            if admin is None:
                return synced, 0
            try:
                return synced, await jobs.name_lines(admin, store)
            except ReportError as exc:  # the call logs are in; the names stay as last seen
                log.warning("public-line names not refreshed: %s", exc.message)
                return synced, 0

    result, lines = run(settings, work)
    if not quiet:
        console.print(
            f"synced {result.pstn_rows} PSTN and {result.direct_routing_rows} Direct Routing rows "
            f"({result.start:%Y-%m-%d %H:%M} → {result.end:%Y-%m-%d %H:%M} UTC), {result.activity_rows} "
            f"activity rows, {result.users} users, {result.numbers} numbers, {lines} public lines named"
        )


def emit(report: Report, where: Path, files: int, quiet: bool) -> None:
    if not quiet:
        console.print(headline(report.summary), highlight=False)
        if report.summary.calling:
            console.print(f"[dim]{CALLING_IN_SHORT}[/]", highlight=False)
        console.print(
            f"{report.period.label()} ({report.period.tz}) · {files} file(s) in {where}/", highlight=False
        )
    if not report.usage.total.calls:
        raise typer.Exit(EXIT_NO_DATA)


@app.command("usage")
def usage(
    ctx: typer.Context,
    start: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD (local)."),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD (inclusive)."),
    period: str | None = typer.Option(None, "--period", help=f"{' | '.join(NAMED)} (ending before --as-of)."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Day the named period ends before (default today in the time zone)."
    ),
    group_by: str = typer.Option("department", "--group-by", help=f"{' | '.join(GROUPS)} (first table)."),
    formats: str = typer.Option("csv,xlsx,html,png", "--format", help="Any of csv, xlsx, html, png."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the files."),
    tz: str | None = typer.Option(None, "--tz", help="IANA time zone (default SWITCHBOARD_TIMEZONE)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing unless something fails."),
) -> None:
    """Write the usage report for a period from the store (run `report sync` first)."""
    if group_by not in GROUPS:
        fail(f"--group-by: {group_by!r} is not department, office, line or carrier", code=EXIT_BAD_INPUT)
    chosen = parse_formats(formats)
    first, last, day = iso_date("--from", start), iso_date("--to", end), iso_date("--as-of", as_of)
    settings = settings_from(ctx)
    with report_errors():
        resolved = resolve_period(
            name=period,
            first=first,
            last=last,
            as_of=day,
            tz=tz or settings.timezone,
            default_name=settings.report_period,
        )

    async def build() -> Report:
        store = await Store.open(settings.database_url)
        try:
            return await jobs.usage_report(store, resolved)
        finally:
            await store.close()

    with report_errors():
        report = asyncio.run(build())
    if not quiet:
        buckets = {
            "department": report.usage.by_department,
            "office": report.usage.by_office,
            "line": report.usage.by_line,
            "carrier": report.usage.by_carrier,
        }[group_by]
        for name, bucket in top(buckets, 8):
            console.print(f"  {name}: {bucket.minutes:,.0f} min in {bucket.calls:,} calls", highlight=False)
    with report_errors():
        written = asyncio.run(FolderTarget(out, chosen, per_period=False).deliver(report))
    emit(report, out, len(written.files), quiet)


def channel_of(settings: Settings) -> TeamsChannel | None:
    if settings.report_team_id and settings.report_channel_id:
        return TeamsChannel(settings.report_team_id, settings.report_channel_id)
    return None


@app.command("weekly")
def weekly(
    ctx: typer.Context,
    quiet: bool = typer.Option(True, "--quiet/--verbose", help="Timers want silence unless something fails."),
    post: bool = typer.Option(
        False, "--post", help="Also post it to the configured channel as the bot (its app id and secret)."
    ),
) -> None:
    """The scheduled job: sync, then the configured period's report into SWITCHBOARD_REPORT_OUT_DIR.

    Takes a database lock so that only one replica runs it.
    """
    settings = settings_from(ctx)
    out, channel = Path(settings.report_out_dir), channel_of(settings)
    poster = poster_opener(settings) if post else None

    async def work(graph: Graph, store: Store) -> WeeklyResult:
        async def job(with_poster: ChannelPoster | None) -> WeeklyResult:
            targets, pending = weekly_targets(out, channel, with_poster)
            return await jobs.weekly(
                graph,
                store,
                period_name=settings.report_period,
                tz=settings.timezone,
                targets=targets,
                pending=pending,
                now=dt.datetime.now(dt.UTC),
            )

        if poster is None:
            return await job(None)
        async with poster(store) as opened:
            return await job(opened)

    result: WeeklyResult = run(settings, work)
    if result.report is None:
        if not quiet:
            console.print("another replica is running the weekly report")
        return
    folder = result.delivered[0]
    if not quiet:
        for note in result.pending:
            console.print(note, highlight=False)
    emit(result.report, Path(folder.where), len(folder.files), quiet)


def poster_opener(settings: Settings) -> Callable[[Store], AbstractAsyncContextManager[ChannelPoster]]:
    """`--post`: the bot's poster, refused up front (exit 2) without a channel or the bot's app id."""
    from bot import BotConfigError, open_channel_poster  # lazy: only `--post` needs the bot
    from cli.bot import bot_config

    if channel_of(settings) is None:
        fail("--post: set SWITCHBOARD_REPORT_TEAM_ID and SWITCHBOARD_REPORT_CHANNEL_ID", code=EXIT_BAD_INPUT)
    try:
        config = bot_config(settings)
    except BotConfigError as exc:
        fail(f"--post: {exc}", code=EXIT_BAD_INPUT)
    if config.local_mode:
        fail("--post: SWITCHBOARD_BOT_APP_ID is empty; the report is posted as the bot", code=EXIT_BAD_INPUT)
    out = Path(settings.report_out_dir)
    return lambda store: open_channel_poster(config, store, out, settings.bot_public_url)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="report")
