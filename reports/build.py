"""A usage report from the store: stream the period's rows (and the previous period's) through the
aggregator, add the directory's view of people and lines, and Teams audio per day from the activity report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from reports.activity import audio_by_day
from reports.aggregate import ROW_COLUMNS, Aggregator, Directory, Person, Summary, Usage, summarise
from reports.coverage import check_synced
from reports.lines import line_label
from reports.periods import Period
from store import Store


@dataclass(frozen=True)
class Report:
    period: Period
    usage: Usage
    previous: Usage
    summary: Summary
    directory: Directory
    notes: list[str] = field(default_factory=list)


async def load_directory(store: Store) -> Directory:
    people = {
        u["id"]: Person(
            u["user_principal_name"],
            u["display_name"],
            u["department"],
            u["city"] or u["office_location"],
            bool(u["has_teams_phone"]) and (u["account_type"] or "user") == "user",
        )
        for u in await store.directory.users()
    }
    lines = {
        n["telephone_number"]: n["target_name"] or n["telephone_number"]
        for n in await store.directory.numbers()
        if n["target_kind"] == "voiceApplicationAssigned"
    }
    # The owning voice app's name, as last seen at a sync (kept after the app is removed), wins over the
    # resource account's display name.
    lines.update({line.telephone_number: line_label(line) for line in await store.line_names.all()})
    return Directory(people, lines)


NO_ACTIVITY = (
    "No Teams activity report covers this period, so the headline counts PSTN minutes only: has "
    "`switchboard report sync` run, and may the app read reports (Reports.Read.All)?"
)


# Direct Routing rows read as aggregator rows: the trunk stands where an Operator Connect carrier would.
DR_COLUMNS = (*ROW_COLUMNS[: ROW_COLUMNS.index("operator")], "trunk_fqdn")
_NO_CHARGES = (None,) * (len(ROW_COLUMNS) - len(DR_COLUMNS))  # charge, connection_charge, currency


def direct_routing_rows(chunk: Iterable[Sequence[Any]]) -> Iterator[tuple[Any, ...]]:
    """DR_COLUMNS rows → ROW_COLUMNS rows; Direct Routing logs carry no charges."""
    for *fields, trunk in chunk:
        yield (*fields, f"Direct Routing ({trunk or 'unknown trunk'})", *_NO_CHARGES)


async def usage_for(store: Store, period: Period, directory: Directory) -> Usage:
    """PSTN call logs (Calling Plan and Operator Connect) and successful Direct Routing calls."""
    aggregator = Aggregator(period, directory)
    start, end = period.utc_bounds()
    async for chunk in store.calls.iter_pstn_rows(start, end, ROW_COLUMNS):
        aggregator.add_rows(chunk)
    async for chunk in store.calls.iter_direct_routing_rows(start, end, DR_COLUMNS):
        aggregator.add_rows(direct_routing_rows(chunk))
    return aggregator.usage


async def previous_totals(store: Store, period: Period) -> Usage:
    """The previous period only feeds "change vs previous": its totals, summed by the database."""
    previous = Usage(period.previous())
    bounds = previous.period.utc_bounds()
    pstn_calls, pstn_seconds = await store.calls.pstn_totals(*bounds)
    dr_calls, dr_seconds, _failed = await store.calls.direct_routing_totals(*bounds)
    previous.total.calls, previous.total.seconds = pstn_calls + dr_calls, pstn_seconds + dr_seconds
    return previous


async def direct_routing_note(store: Store, period: Period) -> str | None:
    calls, seconds, failed = await store.calls.direct_routing_totals(*period.utc_bounds())
    if not calls and not failed:
        return None
    return (
        f"Includes {calls:,} Direct Routing calls ({seconds / 60:,.0f} minutes) from the tenant's own SBC "
        f"trunks, shown by trunk under carrier; {failed:,} failed Direct Routing attempts carry no minutes "
        "and are not counted."
    )


async def build_report(store: Store, period: Period) -> Report:
    await check_synced(store, period)  # refuse a period the store cannot answer for (reports/coverage.py)
    directory = await load_directory(store)
    usage = await usage_for(store, period, directory)
    previous = await previous_totals(store, period)
    audio = await audio_by_day(store, period.first, period.last)
    summary = summarise(usage, directory, previous, audio)
    notes = [summary.calling.definition] if summary.calling else [NO_ACTIVITY]
    notes.append(summary.staff_definition)
    if dr_note := await direct_routing_note(store, period):
        notes.append(dr_note)
    if usage.concealed_rows:
        notes.append(
            f"{usage.concealed_rows} calls carry concealed (hashed) user names — the tenant's report "
            "setting displayConcealedNames is on — so they count in totals but not per person or "
            "department; an admin can turn it off in the Microsoft 365 admin center (Reports settings)."
        )
    if not usage.total.calls:
        notes.append("No calls in this period: has `switchboard report sync` run since the period ended?")
    return Report(period, usage, previous, summary, directory, notes)
