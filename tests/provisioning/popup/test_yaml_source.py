"""An open pop-up line seen from the YAML plan (county sandbox, real HTTP, both engines): a file exported
before the line was opened, with `prune: true`, would remove the line's queue, AA and account; with the
line's store as the plan's extra source (as the CLI wires PhoneService) it plans nothing for them."""

from __future__ import annotations

from dataclasses import replace

from provisioning import PhoneService
from provisioning.popup import PopupRequest, voice_extra
from store import Store
from tests.conftest import FAST, SandboxFactory
from tests.provisioning.popup.test_service import department_with_people, popups
from tests.provisioning.voice.harness import edited, service_for

LINE_OBJECTS = {"Fire Services Fee", "Fire Services Fee AA", "Fire Services Fee hours"}


async def test_prune_leaves_open_lines_alone(sandbox_factory: SandboxFactory, database_url: str) -> None:
    sb = await sandbox_factory("county", config=replace(FAST, teams_delay_s=0.3))
    async with service_for(sb, database_url) as phone:
        exported = (await phone.export_noting()).system
        pruned = edited(exported).model_copy(update={"prune": True})
        store = phone.store
        department, _ = department_with_people(sb)
        request = PopupRequest(
            "Fire Services Fee",
            (f"department:{department}",),
            hours="Mon-Fri 08:00-17:00",
            after_hours="disconnect",
        )
        async with popups(sb, store) as service:
            opened = await service.open(request)
        ra = next(a.subject for a in opened.plan.actions if a.kind == "resource_account")
        mine = LINE_OBJECTS | {ra}
        blind = (await phone.plan(pruned)).plan
        assert {a.subject for a in blind.actions} & mine == mine  # without the source: all of it removed
        seeing = PhoneService(
            phone.graph, store, actor="test", teams=phone.teams, extra=lambda: voice_extra(store)
        )
        plan = (await seeing.plan(pruned)).plan
        assert not plan.problems, plan.problems
        assert {a.subject for a in plan.actions} & mine == set()
        assert plan.empty, plan.actions[:5]


async def test_the_cli_wires_the_source(database_url: str) -> None:
    from typing import Any, cast

    from cli.context import Services
    from cli.settings import Settings

    store = await Store.open(database_url)
    try:
        services = Services(Settings(), cast(Any, object()), store)
        assert services.phone.extra is not None
        assert (await services.phone.extra()).protected == frozenset()  # no open line yet
    finally:
        await store.close()
