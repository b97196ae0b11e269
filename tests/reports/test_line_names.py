"""Public lines named by the voice app owning their number, read through the Teams admin worker pool at
sync time (the sandbox's stand-in speaks the worker protocol): names from the county seed, a removed
app's line keeps its last name, a number moved to another queue takes the new name at the next sync."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest

from graph import GraphConfig, TeamsAdmin, open_graph, open_teams_admin, teams_admin_config
from graph.teams_admin import Call
from reports import Period, build_report, load_directory, sync_all
from sandbox.config import SandboxConfig
from sandbox.server import RunningSandbox
from store import Store
from tests.conftest import SandboxFactory

NOW = dt.datetime(2026, 11, 2, 6, tzinfo=dt.UTC)
LATER = NOW + dt.timedelta(days=1)
NY = ZoneInfo("America/New_York")
WEEK = Period(dt.date(2026, 10, 19), dt.date(2026, 10, 25), "America/New_York")


def seeded_lines(sb: RunningSandbox) -> dict[str, str]:
    """number → "<app name> queue|auto attendant", from the seed: RA numbers and their associations."""
    teams = sb.state.teams
    numbers = {
        n.assignmentTargetId: n.telephoneNumber for n in sb.state.numbers.values() if n.assignmentTargetId
    }
    names = {
        **{key: f"{q['Name']} queue" for key, q in teams.callQueues.items()},
        **{key: f"{a['Name']} auto attendant" for key, a in teams.autoAttendants.items()},
    }
    return {numbers[ra]: names[a.configurationId] for ra, a in teams.associations.items() if ra in numbers}


def ra_of(sb: RunningSandbox, number: str) -> str:
    return next(n.assignmentTargetId for n in sb.state.numbers.values() if n.telephoneNumber == number)


def queue_id(sb: RunningSandbox, name: str) -> str:
    return next(key for key, q in sb.state.teams.callQueues.items() if q["Name"] == name)


def ucap_minutes(sb: RunningSandbox, number: str) -> float:
    seconds = sum(
        r.duration
        for r in sb.state.pstnCalls
        if r.callType == "ucap_in"
        and r.calleeNumber == number
        and WEEK.first <= r.startDateTime.astimezone(NY).date() <= WEEK.last
    )
    return seconds / 60


@pytest.fixture
async def admin(sandbox_factory: SandboxFactory) -> AsyncIterator[tuple[RunningSandbox, TeamsAdmin]]:
    sb = await sandbox_factory("county", config=SandboxConfig(operation_delay_s=0.05, calllog_limit=100_000))
    config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=2, request_timeout_s=20)
    async with open_teams_admin(config) as opened:
        yield sb, opened


async def run(admin: TeamsAdmin, *calls: Call) -> None:
    for call in calls:
        await admin.client.one(call)


async def test_lines_read_by_their_app_and_keep_or_change_their_name(
    admin: tuple[RunningSandbox, TeamsAdmin], database_url: str
) -> None:
    sb, teams = admin
    expected = seeded_lines(sb)
    permits, fire_fees, elections = "+13215550104", "+16895550100", "+14075550100"
    assert expected[permits] == "Building Permits queue"  # its resource account is called "Permits Help"
    store = await Store.open(database_url)
    try:
        async with open_graph(
            GraphConfig(base_url=sb.base_url, calllog_requests_per_minute=100_000)
        ) as graph:
            result = await sync_all(
                graph, store, since=dt.date(2026, 10, 12), now=NOW, activity=False, admin=teams
            )
            assert result.lines == len(expected) and result.notes == ()
            report = await build_report(store, WEEK)
            # Fire Fee Questions goes (association first, as the module insists); Elections' number moves.
            fire_ra, elections_ra = ra_of(sb, fire_fees), ra_of(sb, elections)
            await run(
                teams,
                Call("Remove-CsOnlineApplicationInstanceAssociation", {"Identities": [fire_ra]}),
                Call("Remove-CsCallQueue", {"Identity": queue_id(sb, "Fire Fee Questions")}),
                Call("Remove-CsOnlineApplicationInstanceAssociation", {"Identities": [elections_ra]}),
                Call(
                    "New-CsOnlineApplicationInstanceAssociation",
                    {
                        "Identities": [elections_ra],
                        "ConfigurationId": queue_id(sb, "211 Crisis Line"),
                        "ConfigurationType": "CallQueue",
                    },
                ),
            )
            assert "Fire Fee Questions" not in {q["Name"] for q in sb.state.teams.callQueues.values()}
            await sync_all(graph, store, now=LATER, activity=False, admin=teams)
            lines = {line.telephone_number: line for line in await store.line_names.all()}
            directory = await load_directory(store)
            after = await build_report(store, WEEK)
    finally:
        await store.close()
    first_lines = {number: name for number, name in report.directory.lines.items() if number in expected}
    assert first_lines == expected
    permits_minutes = ucap_minutes(sb, permits)
    assert permits_minutes > 0
    assert report.usage.by_line["Building Permits queue"].minutes == pytest.approx(permits_minutes)
    assert "Permits Help" not in report.usage.by_line
    # The removed app's line keeps its last name, marked gone and last seen at the first sync.
    assert lines[fire_fees].app_name == "Fire Fee Questions" and not lines[fire_fees].present
    assert lines[fire_fees].last_seen_at == NOW
    assert directory.lines[fire_fees] == "Fire Fee Questions queue"
    assert after.usage.by_line["Fire Fee Questions queue"].minutes == pytest.approx(
        ucap_minutes(sb, fire_fees)
    )
    # The moved number reads by its new queue from the next sync on.
    assert lines[elections].app_name == "211 Crisis Line" and lines[elections].present
    assert directory.lines[elections] == "211 Crisis Line queue"
    assert lines[permits].present and lines[permits].last_seen_at == LATER
