"""A pop-up line opened and closed end to end on the county sandbox (real HTTP, stand-in Teams workers,
both database engines), with the call tracer over the voice apps read back as the oracle: the number
reaches the queue's agents (during hours; outside them the after-hours action); `expire` warns on the
last day and closes the day after; after close the queue, AA and schedule are gone, the RA is retired,
the number is free in the pool again and nobody else's number was touched."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from graph import GraphConfig, open_graph
from graph.teams_admin import open_teams_admin, teams_admin_config
from provisioning.popup import PopupRequest
from provisioning.voiceapps import VoiceApps, read_voice_apps, teams_admin_source, trace
from sandbox.server import RunningSandbox
from store import Store
from tests.conftest import FAST, SandboxFactory
from tests.provisioning.popup.test_service import department_with_people, popups


def held_by_people(sb: RunningSandbox) -> dict[str, str | None]:
    """Every number assigned to a person, and to whom (a line must never touch these)."""
    return {
        n: a.assignmentTargetId for n, a in sb.state.numbers.items() if a.assignmentStatus == "userAssigned"
    }


async def read_apps(sb: RunningSandbox) -> VoiceApps:
    """The tenant's voice apps read back through the product's own path (workers + Graph)."""
    config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=1, request_timeout_s=20)
    async with open_graph(GraphConfig(base_url=sb.base_url)) as graph, open_teams_admin(config) as admin:
        return await read_voice_apps(teams_admin_source(admin), graph)


async def test_open_trace_and_expire(sandbox_factory: SandboxFactory, database_url: str) -> None:
    sb = await sandbox_factory("county", config=replace(FAST, teams_delay_s=0.3))
    store = await Store.open(database_url)
    try:
        department, people = department_with_people(sb)
        request = PopupRequest(
            "Fire Services Fee",
            (f"department:{department}",),
            until=dt.date(2026, 12, 31),
            owner=people[0],
        )
        people_numbers = held_by_people(sb)
        async with popups(sb, store) as service:
            opened = await service.open(request)
            number = opened.number
            assert number is not None
            assert sb.state.numbers[number].assignmentStatus == "voiceApplicationAssigned"
            assert opened.trace is not None
            assert (opened.trace.final.kind, opened.trace.final.ref) == ("agents", "Fire Services Fee")
            for upn in people:  # every member of the department is rung, as the tracer reads it back
                assert upn in opened.trace.final.detail
            assert opened.line.state == "open"
            again = await service.open(request)  # the same command again: nothing left to do
            assert (again.number, again.plan.actions) == (number, ())
            extra = next(
                u.userPrincipalName.lower()
                for u in sorted(sb.state.users.values(), key=lambda u: u.userPrincipalName)
                if u.accountType == "user" and u.department != department and u.accountEnabled is not False
            )
            grown = await service.add_agents("Fire Services Fee", (extra,))
            assert grown.agents == (*people, extra)
            queue = (await read_apps(sb)).call_queue("Fire Services Fee")
            assert queue is not None and queue.users == (*people, extra)
            shrunk = await service.remove_agents("Fire Services Fee", (extra, people[0]))
            assert shrunk.agents == tuple(people[1:])
            queue = (await read_apps(sb)).call_queue("Fire Services Fee")
            assert queue is not None and queue.users == tuple(people[1:])
            on_last_day = await service.expire(now=dt.datetime(2026, 12, 31, 20, 0, tzinfo=dt.UTC))
            assert on_last_day.closed == [] and on_last_day.failed == []
            assert [w.owner_upn for w in on_last_day.warnings] == [people[0]]
            expired = await service.expire(now=dt.datetime(2027, 1, 1, 6, 0, tzinfo=dt.UTC))
            assert expired.failed == []
            (closed,) = expired.closed
            assert (closed.line.name, closed.line.state) == ("Fire Services Fee", "closed")
            assert {(a.kind, a.op) for a in closed.plan.actions} >= {
                ("call_queue", "remove_call_queue"),
                ("ra_number", "release_ra_number"),
            }
            assert await service.list() == []
        assert sb.state.numbers[number].assignmentStatus == "unassigned"
        apps = await read_apps(sb)
        assert apps.call_queue("Fire Services Fee") is None
        assert apps.resource_account(number) is None
        assert await store.reservations.reserved_numbers() == {}
        assert held_by_people(sb) == people_numbers  # nobody else's number was touched
        actions = [e.action for e in await store.audit.list() if e.action.startswith("popup.")]
        # the re-run of open that found nothing to do is not an event
        assert actions == ["popup.open", "popup.add_agents", "popup.remove_agents", "popup.close"]
    finally:
        await store.close()


TUESDAY_10_EST = dt.datetime(2026, 11, 3, 15, 0, tzinfo=dt.UTC)  # 10:00 in Eastern Standard Time
TUESDAY_19_EST = dt.datetime(2026, 11, 4, 0, 0, tzinfo=dt.UTC)  # 19:00 the same day
SATURDAY_10_EST = dt.datetime(2026, 11, 7, 15, 0, tzinfo=dt.UTC)


async def test_hours_greeting_and_an_option_on_the_main_line(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county", config=replace(FAST, teams_delay_s=0.3))
    store = await Store.open(database_url)
    try:
        department, _ = department_with_people(sb)
        before = await read_apps(sb)
        main = next(aa for aa in before.auto_attendants if aa.resource_accounts)
        free_key = next(k for k in "987654321" if main.default_flow.menu.option(k) is None)
        request = PopupRequest(
            "Fire Services Fee",
            (f"department:{department}",),
            hours="Mon-Fri 08:00-17:00",
            after_hours="+13215550777",
            greeting="Welcome to the fire services fee line.",
            from_aa=main.name,
            key=free_key,
        )
        async with popups(sb, store) as service:
            opened = await service.open(request)
            apps = await read_apps(sb)
            number = opened.number
            assert number is not None
            during = trace(apps, number, TUESDAY_10_EST)
            assert (during.final.kind, during.final.ref) == ("agents", "Fire Services Fee")
            assert any("Welcome to the fire services fee line." in hop.detail for hop in during.hops)
            for outside in (TUESDAY_19_EST, SATURDAY_10_EST):
                final = trace(apps, number, outside).final
                assert (final.kind, final.ref) == ("external", "+13215550777")
            assert (await service.open(request)).plan.actions == ()  # what was written reads back as wanted
            (entry,) = main.resource_accounts
            pressed = trace(apps, entry, TUESDAY_10_EST, presses=[free_key]).final
            assert (pressed.kind, pressed.ref) == ("agents", "Fire Services Fee")
            await service.close("Fire Services Fee")
        after = await read_apps(sb)
        assert after.auto_attendant(main.name) == before.auto_attendant(main.name)  # option gone, rest kept
        assert after.auto_attendant("Fire Services Fee AA") is None
        assert after.schedule("Fire Services Fee hours") is None
        assert sb.state.numbers[number].assignmentStatus == "unassigned"
    finally:
        await store.close()
