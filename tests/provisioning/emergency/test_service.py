"""Emergency modes on the county sandbox, with traces as the oracle: during the mode every affected number
reaches the EOC queue; after restore every trace equals the one before. Both database engines."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest

from provisioning import PlanBlocked
from provisioning.emergency import active_objects, reaches
from provisioning.errors import AlreadyActive, ModeConflict, NotActive
from provisioning.voiceapps import Target
from sandbox.server import RunningSandbox
from tests.provisioning.emergency.county import (
    CRISIS,
    EOC,
    MAIN,
    MOMENTS,
    county_file,
    number_of,
    opened,
    traces,
)

TO_EOC = Target("call_queue", EOC)


async def test_traces_reach_the_eoc_during_the_mode_and_equal_the_old_ones_after(
    sandbox: RunningSandbox, database_url: str
) -> None:
    async with opened(sandbox, database_url) as env:
        apps = await env.apps()
        entries = [number_of(apps, MAIN), number_of(apps, CRISIS), number_of(apps, "Building Permits")]
        before = traces(apps, entries)
        assert not any(reaches(t, TO_EOC) for t in before.values())  # the oracle can tell the difference

        activation = await env.service.activate(county_file(), "eoc")
        assert activation.ok and not activation.resumed and activation.changed == 2

        during = traces(await env.apps(), entries)
        for (entry, at), traced in during.items():
            if entry == number_of(apps, "Building Permits"):
                assert traced == before[entry, at]  # not one of the mode's lines: untouched
            else:
                assert reaches(traced, TO_EOC), (entry, at, traced.hops)
        main_greetings = [h.detail for h in during[number_of(apps, MAIN), MOMENTS[0]].hops]
        assert any("Emergency Operations Center is answering" in d for d in main_greetings)
        assert await active_objects(env.store) == {("auto_attendant", MAIN), ("call_queue", CRISIS)}

        restored = await env.service.restore("eoc")
        assert restored.exact and restored.differences == []
        assert traces(await env.apps(), entries) == before
        assert await env.service.status() == []
        assert await active_objects(env.store) == frozenset()
        assert "Switchboard emergency eoc" not in {s.name for s in await env.teams.schedules.list()}


async def test_activation_and_restore_are_audited_with_before_and_after(
    sandbox: RunningSandbox, database_url: str
) -> None:
    async with opened(sandbox, database_url, actor="alice@county.gov") as env:
        await env.service.activate(county_file(), "eoc")
        await env.service.restore("eoc")
        events = [e for e in await env.store.audit.list() if e.action.startswith("emergency.")]
    rows = {(e.action, e.target): e for e in events}
    assert {e.actor for e in events} == {"alice@county.gov"}
    activated = rows["emergency.activate", f"call_queue:{CRISIS}"]
    assert activated.before is not None and activated.before["OverflowThreshold"] == 15
    assert activated.after is not None and activated.after["OverflowThreshold"] == 0
    restored = rows["emergency.restore", f"call_queue:{CRISIS}"]
    assert restored.before is not None and restored.before["OverflowThreshold"] == 0
    assert restored.after is not None and restored.after["OverflowThreshold"] == 15
    assert rows["emergency.activate", "mode:eoc"].result == "ok"
    assert rows["emergency.restore", "mode:eoc"].result == "ok"


async def test_a_second_mode_over_the_same_line_is_refused_before_any_write(
    sandbox: RunningSandbox, database_url: str
) -> None:
    storm = """  storm:
    announcement: Storm line.
    lines: [211 Crisis Line, Building Permits]
    route_to: {external: "+13215559999"}
"""
    system = county_file(more=storm)
    async with opened(sandbox, database_url) as env:
        await env.service.activate(system, "eoc")
        permits = (await env.teams.call_queues.find_by_name("Building Permits")).raw  # type: ignore[union-attr]
        with pytest.raises(ModeConflict, match="211 Crisis Line is in emergency mode eoc"):
            await env.service.activate(system, "storm")
        assert (await env.teams.call_queues.find_by_name("Building Permits")).raw == permits  # type: ignore[union-attr]
        assert [m.mode for m in await env.service.status()] == ["eoc"]


async def test_two_admins_activating_at_once_one_wins_and_the_other_is_told(
    sandbox: RunningSandbox, database_url: str
) -> None:
    async with opened(sandbox, database_url, "alice") as alice, opened(sandbox, database_url, "bob") as bob:
        outcomes = await asyncio.gather(
            alice.service.activate(county_file(), "eoc"),
            bob.service.activate(county_file(), "eoc"),
            return_exceptions=True,
        )
        refused = [o for o in outcomes if isinstance(o, AlreadyActive)]
        won = [o for o in outcomes if not isinstance(o, BaseException)]
        assert len(refused) == 1 and len(won) == 1, outcomes
        assert "emergency mode eoc is activating by" in refused[0].message
        main = await alice.teams.auto_attendants.find_by_name(MAIN)
        assert main is not None
        holidays = [a for a in main.call_handling_associations if a.type == "Holiday"]
        ours = [s for s in await alice.teams.schedules.list() if s.name == "Switchboard emergency eoc"]
        assert len(ours) == 1 and [a.schedule_id for a in holidays].count(ours[0].id) == 1
        assert holidays[0].schedule_id == ours[0].id  # first: it beats the county's own holidays
        assert (await alice.service.restore("eoc")).exact


async def set_faults(sandbox: RunningSandbox, faults: str) -> None:
    async with aiohttp.ClientSession() as http:
        answer = await http.post(f"{sandbox.root_url}/_sandbox/faults", json={"faults": faults})
        assert answer.status == 200, await answer.text()


async def test_restore_is_exact_after_teams_faults(sandbox: RunningSandbox, database_url: str) -> None:
    async with opened(sandbox, database_url) as env:
        apps = await env.apps()
        entries = [number_of(apps, MAIN), number_of(apps, CRISIS)]
        before = traces(apps, entries)
        await set_faults(sandbox, "teams:503@0.15,teams:lost@0.1,teams:die@0.05")
        activation = await env.service.activate(county_file(), "eoc")
        if not activation.ok:  # every attempt of one write failed: the re-run finishes it
            activation = await env.service.activate(county_file(), "eoc")
        assert activation.ok, activation.failures
        restored = await env.service.restore("eoc")
        if not restored.exact:
            restored = await env.service.restore("eoc")
        await set_faults(sandbox, "")
        assert env.teams.client.pool.replaced > 0  # workers really died or lost answers on the way
        assert restored.exact, restored.differences
        assert traces(await env.apps(), entries) == before


def crisis_queue(sandbox: RunningSandbox) -> dict[str, Any]:
    """The queue as the sandbox holds it now (each Set-CsCallQueue stores a new object)."""
    return next(q for q in sandbox.state.teams.callQueues.values() if q["Name"] == CRISIS)


async def test_what_restore_cannot_put_back_is_printed_and_the_mode_stays(
    sandbox: RunningSandbox, database_url: str
) -> None:
    async with opened(sandbox, database_url) as env:
        await env.service.activate(county_file(), "eoc")
        crisis_queue(sandbox)["Agents"][0]["OptIn"] = (
            False  # an agent opted out: no Set-CsCallQueue undoes it
        )
        first = await env.service.restore("eoc")
        assert not first.exact
        assert first.differences == [f"{CRISIS}: Agents[0].OptIn: was true, now false"]
        assert [(m.mode, m.state) for m in await env.service.status()] == [("eoc", "restoring")]
        crisis_queue(sandbox)["Agents"][0]["OptIn"] = True  # the agent opts back in
        assert (await env.service.restore("eoc")).exact
        assert await env.service.status() == []
        with pytest.raises(NotActive):
            await env.service.restore("eoc")


async def test_an_unknown_line_is_a_problem_at_its_file_line_and_nothing_is_stored(
    sandbox: RunningSandbox, database_url: str
) -> None:
    system = county_file(extra_lines=', Nope Line, "+13215550000"')
    async with opened(sandbox, database_url) as env:
        plan = await env.service.preview(system, "eoc")
        assert plan.problems == (
            "phone-system.yaml:6: emergency_modes.eoc.lines[2]: no auto attendant, call queue or number "
            "'Nope Line' in the tenant",
            "phone-system.yaml:6: emergency_modes.eoc.lines[3]: no resource account holds +13215550000",
        )
        with pytest.raises(PlanBlocked, match="Nope Line"):
            await env.service.activate(system, "eoc")
        assert await env.store.emergency.list() == []


async def test_a_message_replaces_the_announcement_callers_hear(
    sandbox: RunningSandbox, database_url: str
) -> None:
    async with opened(sandbox, database_url) as env:
        apps = await env.apps()
        main = number_of(apps, MAIN)
        await env.service.activate(county_file(), "eoc", message="Shelters are open at all county schools.")
        heard = [
            h.detail for h in traces(await env.apps(), [main])[main, MOMENTS[0]].hops if h.kind == "greeting"
        ]
        assert heard == ["plays: Shelters are open at all county schools."]
        crisis = next(q for q in sandbox.state.teams.callQueues.values() if q["Name"] == CRISIS)
        assert (
            crisis["OverflowRedirectVoiceAppTextToSpeechPrompt"] == "Shelters are open at all county schools."
        )
        assert (await env.service.restore("eoc")).exact
