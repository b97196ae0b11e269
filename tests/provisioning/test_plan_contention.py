"""Two plans at once on one database (SQLite and PostgreSQL): both get disjoint `auto` numbers when enough
are free, and a pool emptied only by another plan's reservations says so instead of "no free number"."""

from __future__ import annotations

import asyncio

import pytest

from graph import GraphConfig, open_graph
from provisioning import PhoneService, PlanBlocked
from provisioning.allocation import candidates
from provisioning.onboarding import city_pools, onboarding_state, parse_staff_csv
from store import Store
from tests.conftest import SandboxFactory
from tests.provisioning.test_apply import staff_csv


async def test_two_plans_at_once_get_disjoint_numbers(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("city")
    rows, _ = parse_staff_csv(staff_csv(sb.state))
    first, second = rows[:60], rows[60:120]
    stores = [await Store.open(database_url), await Store.open(database_url)]  # two admins' processes
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph:
            current = await PhoneService(graph, stores[0], actor="a").read()
            pools = city_pools(None, current, None)
            desired = [onboarding_state(part, None, pools) for part in (first, second)]
            plans = await asyncio.gather(
                *(
                    PhoneService(graph, s, actor="x").plan(d, current)
                    for s, d in zip(stores, desired, strict=True)
                )
            )
    finally:
        for store in stores:
            await store.close()
    numbers = [{a.after.number for a in p.plan.actions if a.op == "assign_number"} for p in plans]  # type: ignore[union-attr]
    assert not plans[0].plan.problems and not plans[1].plan.problems
    assert len(numbers[0]) == 60 and len(numbers[1]) == 60
    assert not numbers[0] & numbers[1]


async def test_pool_held_by_another_plan_explains_contention(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("city")
    rows, _ = parse_staff_csv(staff_csv(sb.state))
    store = await Store.open(database_url)
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph:
            service = PhoneService(graph, store, actor="a")
            current = await service.read()
            city = rows[0].city.casefold()
            pool = city_pools(None, current, None)[city]
            free = candidates(pool, current, [])
            # A pool of three free numbers: the rest of the city's numbers are kept back.
            small = pool.model_copy(update={"reserved": free[3:]})
            same_city = [r for r in rows if r.city.casefold() == city]
            first = await service.plan(onboarding_state(same_city[:3], None, {city: small}), current)
            assert not first.plan.problems
            with pytest.raises(PlanBlocked) as raised:
                await service.plan(onboarding_state(same_city[3:5], None, {city: small}), current)
            # Truly exhausted (no reservation involved) still says so as a plan problem.
            none = pool.model_copy(update={"reserved": free})
            empty = await service.plan(onboarding_state(same_city[5:6], None, {city: none}), current)
    finally:
        await store.close()
    message = raised.value.message
    assert f"3 numbers of pool '{pool.name}' are held by another plan made at" in message
    assert "no free number" not in message
    assert [p for p in empty.plan.problems if "has no free number" in str(p)]


async def test_the_same_file_planned_twice_at_once_gets_the_same_numbers(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    """Two admins plan one file at the same moment: each person's reservation is theirs in both plans."""
    sb = await sandbox_factory("city")
    rows, _ = parse_staff_csv(staff_csv(sb.state))
    stores = [await Store.open(database_url), await Store.open(database_url)]
    try:
        async with open_graph(GraphConfig(base_url=sb.base_url)) as graph:
            current = await PhoneService(graph, stores[0], actor="a").read()
            desired = onboarding_state(rows[:40], None, city_pools(None, current, None))
            plans = await asyncio.gather(
                *(PhoneService(graph, s, actor="x").plan(desired, current) for s in stores)
            )
    finally:
        for store in stores:
            await store.close()
    assert not plans[0].plan.problems and not plans[1].plan.problems, plans[1].plan.problems[:2]
    assert plans[0].plan.actions == plans[1].plan.actions
