"""`switchboard report sync|usage|weekly`: usage minutes, ready for cron or a systemd timer.

Quiet by default (one line per result), non-interactive. Exit codes: 0 success, 1 failure, 2 bad
arguments, 3 no calls in the period (usually: sync has not run since the period ended).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import typer

from cli.context import open_services
from cli.output import EXIT_BAD_INPUT, console, fail
from cli.runtime import graph_errors, settings_from
from cli.settings import Settings
from reports.build import Report, build_report
from reports.coverage import check_synced
from reports.headline import headline
from reports.periods import NAMED, Period, explicit_period, named_period
from reports.render import FORMATS, write_report
from reports.sync import SyncResult, sync_all
from store import Store

EXIT_NO_DATA = 3
app = typer.Typer(
    help="Usage-minutes reports: sync call logs beyond 90 days, then report.", no_args_is_help=True
)


def parse_date(option: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        fail(f"{option}: {text!r} is not a date in the form YYYY-MM-DD", code=EXIT_BAD_INPUT)


def parse_formats(text: str) -> tuple[str, ...]:
    formats = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        fail(
            f"--format: unknown {', '.join(unknown) or 'empty list'}; choose from {', '.join(FORMATS)}",
            code=EXIT_BAD_INPUT,
        )
    return formats


def resolve_period(
    settings: Settings,
    period: str | None,
    start: str | None,
    end: str | None,
    as_of: str | None,
    tz: str | None,
) -> Period:
    zone = tz or settings.timezone
    try:
        from zoneinfo import ZoneInfo

        ZoneInfo(zone)
    except (KeyError, ValueError):
        fail(f"--tz: unknown time zone {zone!r}", code=EXIT_BAD_INPUT)
    first, last = parse_date("--from", start), parse_date("--to", end)
    try:
        if first or last:
            if period or not (first and last):
                fail("give --from and --to together, or --period alone", code=EXIT_BAD_INPUT)
            return explicit_period(first, last, zone)  # type: ignore[arg-type]
        today = parse_date("--as-of", as_of) or dt.date.today()
        return named_period(period or settings.report_period, today, zone)
    except ValueError as exc:
        fail(str(exc), code=EXIT_BAD_INPUT)


async def run_sync(settings: Settings, since: dt.date | None) -> SyncResult:
    async with open_services(settings) as services:
        return await sync_all(services.graph, services.store, since=since)


async def run_usage(settings: Settings, period: Period) -> Report:
    store = await Store.open(settings.database_url)
    try:
        await check_synced(store, period)  # before any work: what is missing and how to fetch it
        return await build_report(store, period)
    finally:
        await store.close()


@app.command("sync")
def sync(
    ctx: typer.Context,
    since: str | None = typer.Option(
        None, "--since", help="YYYY-MM-DD: re-read from this day (default: incremental)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing unless something fails."),
) -> None:
    """Pull PSTN and Direct Routing call logs, the activity report and a directory snapshot into the store."""
    day = parse_date("--since", since)
    settings = settings_from(ctx)
    with graph_errors():
        result = asyncio.run(run_sync(settings, day))
    if not quiet:
        console.print(
            f"synced {result.pstn_rows} PSTN and {result.direct_routing_rows} Direct Routing rows "
            f"({result.start:%Y-%m-%d %H:%M} → {result.end:%Y-%m-%d %H:%M} UTC), {result.activity_rows} "
            f"activity rows, {result.users} users, {result.numbers} numbers"
        )


def emit(report: Report, out: Path, formats: tuple[str, ...], quiet: bool) -> None:
    paths = write_report(report, out, formats)
    if not quiet:
        console.print(headline(report.summary), highlight=False)
        console.print(
            f"{report.period.label()} ({report.period.tz}) · {len(paths)} file(s) in {out}/", highlight=False
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
        None, "--as-of", help="Day the named period ends before (default today)."
    ),
    group_by: str = typer.Option(
        "department", "--group-by", help="department | office | line | carrier (first table)."
    ),
    formats: str = typer.Option("csv,xlsx,html,png", "--format", help="Any of csv, xlsx, html, png."),
    out: Path = typer.Option(Path("out"), "--out", help="Folder for the files."),
    tz: str | None = typer.Option(None, "--tz", help="IANA time zone (default SWITCHBOARD_TIMEZONE)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print nothing unless something fails."),
) -> None:
    """Write the usage report for a period from the store (run `report sync` first)."""
    if group_by not in {"department", "office", "line", "carrier"}:
        fail(f"--group-by: {group_by!r} is not department, office, line or carrier", code=EXIT_BAD_INPUT)
    chosen = parse_formats(formats)
    settings = settings_from(ctx)
    resolved = resolve_period(settings, period, start, end, as_of, tz)
    report = asyncio.run(run_usage(settings, resolved))
    if not quiet:
        from reports.aggregate import top

        buckets = {
            "department": report.usage.by_department,
            "office": report.usage.by_office,
            "line": report.usage.by_line,
            "carrier": report.usage.by_carrier,
        }[group_by]
        for name, bucket in top(buckets, 8):
            console.print(f"  {name}: {bucket.minutes:,.0f} min in {bucket.calls:,} calls", highlight=False)
    emit(report, out, chosen, quiet)


@app.command("weekly")
def weekly(
    ctx: typer.Context,
    quiet: bool = typer.Option(True, "--quiet/--verbose", help="Timers want silence unless something fails."),
) -> None:
    """The scheduled job: sync, then the configured period's report into SWITCHBOARD_REPORT_OUT_DIR.

    Takes a database lock so that only one replica runs it.
    """
    settings = settings_from(ctx)

    async def run() -> Report | None:
        async with open_services(settings) as services:
            async with services.store.locks.hold("weekly-report") as mine:
                if not mine:
                    return None
                await sync_all(services.graph, services.store)
                period = named_period(settings.report_period, dt.date.today(), settings.timezone)
                return await build_report(services.store, period)

    with graph_errors():
        report = asyncio.run(run())
    if report is None:
        if not quiet:
            console.print("another replica is running the weekly report")
        return
    emit(report, Path(settings.report_out_dir) / f"{report.period.first:%Y-%m-%d}", FORMATS, quiet)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="report")
