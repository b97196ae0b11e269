"""PopupService against the county sandbox (Graph and the stand-in Teams workers over real HTTP, both
database engines): bad input stores nothing, a preview resolves a department and plans the line's
resource account with a pool number it reserves, and the line's life in the store (show, extend, owner
warnings, list) as the bot and the scheduler see it."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace

import pytest

from graph import GraphConfig, open_graph
from graph.teams_admin import open_teams_admin, teams_admin_config
from provisioning.errors import InvalidInput, Missing
from provisioning.popup import PopupRequest, PopupService, expiry_warnings, sources
from sandbox.server import RunningSandbox
from store import PopupRecord, Store, line_key
from tests.conftest import FAST, SandboxFactory
from tests.provisioning.voice.harness import no_wait

NOW = dt.datetime(2026, 11, 2, 14, 0, tzinfo=dt.UTC)


@asynccontextmanager
async def popups(sb: RunningSandbox, store: Store) -> AsyncIterator[PopupService]:
    config = teams_admin_config(GraphConfig(base_url=sb.base_url), pool_size=2, request_timeout_s=20)
    async with (
        open_graph(GraphConfig(base_url=sb.base_url, poll_interval_s=0.05)) as graph,
        open_teams_admin(config, sleep=no_wait) as admin,
    ):
        yield PopupService(graph, store, admin, actor="admin@county.test", now=NOW)


def department_with_people(sb: RunningSandbox) -> tuple[str, list[str]]:
    """A small county department (2–20 licensed people), worked out from the seed."""
    by_department: dict[str, list[str]] = {}
    for user in sb.state.users.values():
        if user.department and user.accountEnabled is not False:
            by_department.setdefault(user.department, []).append(user.userPrincipalName.lower())
    name, people = min(
        ((d, p) for d, p in by_department.items() if 2 <= len(p) <= 20),
        key=lambda item: (len(item[1]), item[0]),
    )
    return name, sorted(people)


async def test_bad_agents_store_nothing_and_a_preview_plans_the_line(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county", config=replace(FAST, teams_delay_s=0.3))
    store = await Store.open(database_url)
    try:
        async with popups(sb, store) as service:
            with pytest.raises(InvalidInput, match=r"nobody@nowhere\.example: no such user"):
                await service.open(PopupRequest("Fire Services Fee", ("nobody@nowhere.example",)))
            assert await store.popups.list(include_closed=True) == []
            department, people = department_with_people(sb)
            plan = await service.preview(PopupRequest("Fire Services Fee", (f"department:{department}",)))
        (held,) = [
            n for n, upn in (await store.reservations.reserved_numbers()).items() if upn.startswith("popup-")
        ]
        number = sb.state.numbers[held]
        assert number.assignmentStatus == "unassigned"
        assert "voiceApplicationAssignment" in number.capabilities
        ra_steps = [a for a in plan.actions if a.subject.startswith("popup-fire-services-fee@")]
        assert ("resource_account", "create_resource_account") in {(a.kind, a.op) for a in ra_steps}
        assert ("ra_number", "assign_ra_number") in {(a.kind, a.op) for a in ra_steps}
        assert people  # the department really has people the queue would ring
    finally:
        await store.close()


def opened(name: str, until: dt.date, owner: str | None = "owner@county.test") -> PopupRecord:
    return PopupRecord(
        key=line_key(name),
        name=name,
        state="open",
        request={"name": name, "agents": ["ana@county.test"], "until": until.isoformat(), "owner": owner},
        desired=None,
        number="+13215550199",
        owner=owner,
        until=until,
        opened_by="admin@county.test",
        created_at=NOW,
    )


async def test_owners_are_warned_only_about_lines_ending_within_the_window(database_url: str) -> None:
    store = await Store.open(database_url)
    try:
        await store.popups.claim(opened("Flu Clinic", NOW.date() + dt.timedelta(days=2)))
        await store.popups.claim(opened("Storm Debris", NOW.date() + dt.timedelta(days=10)))
        await store.popups.claim(opened("Ownerless", NOW.date(), owner=None))
        await store.popups.claim(opened("Expired", NOW.date() - dt.timedelta(days=1)))
        warnings = await expiry_warnings(store, dt.timedelta(days=3), NOW)
        assert [(w.owner_upn, w.title) for w in warnings] == [
            ("owner@county.test", "Pop-up line Flu Clinic closes in 2 days")
        ]
        assert ("Last day", "2026-11-04") in warnings[0].facts
        assert "popup extend 'Flu Clinic'" in warnings[0].text
        later = await expiry_warnings(store, dt.timedelta(days=10), NOW)
        assert sorted(w.title for w in later) == [
            "Pop-up line Flu Clinic closes in 2 days",
            "Pop-up line Storm Debris closes in 10 days",
        ]
        assert (await sources(store)).protected == frozenset()  # no line got as far as planning objects
    finally:
        await store.close()


async def test_extend_moves_the_last_day_and_is_audited(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county")
    store = await Store.open(database_url)
    try:
        await store.popups.claim(opened("Flu Clinic", NOW.date() + dt.timedelta(days=2)))
        async with popups(sb, store) as service:
            line = await service.extend("flu clinic", dt.date(2026, 12, 31))
            assert (line.until, line.request.until) == (dt.date(2026, 12, 31), dt.date(2026, 12, 31))
            assert [ln.name for ln in await service.list()] == ["Flu Clinic"]
            with pytest.raises(InvalidInput, match="in the past"):
                await service.extend("Flu Clinic", dt.date(2026, 11, 1))
            with pytest.raises(Missing, match="no open pop-up line named 'Fire Fee'"):
                await service.show("Fire Fee")
        (event,) = [e for e in await store.audit.list() if e.action == "popup.extend"]
        assert (event.actor, event.before, event.after) == (
            "admin@county.test",
            {"until": "2026-11-04"},
            {"until": "2026-12-31"},
        )
    finally:
        await store.close()
