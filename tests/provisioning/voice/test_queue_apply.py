"""A new call queue on a new resource account (the demo's Fire Services Fee), applied end to end on the
county sandbox: in dependency order, through injected Teams faults without creating anything twice, and
removed again by prune in reverse order (association, number, licence; the disabled account stays)."""

from __future__ import annotations

from dataclasses import replace

from provisioning import Applier, PhoneService, Plan, ServiceFailed
from sandbox.config import parse_faults
from sandbox.state import SKU_TEAMS_PHONE_RESOURCE_ACCOUNT
from tests.conftest import FAST, SandboxFactory
from tests.provisioning.voice.harness import (
    FEE_QUEUE,
    FEE_RA,
    accounts_named,
    fire_fee,
    queues_named,
    service_for,
)
from tests.sandbox.teams.helpers import get_json


async def converge(service: PhoneService, desired, runs: int = 8) -> tuple[Plan, int]:  # type: ignore[no-untyped-def]
    """An admin re-running apply until the plan is empty; returns the first plan and the runs it took."""
    first = None
    for run in range(1, runs + 1):
        try:
            await service.settle()
            planned = await service.plan(desired)
        except ServiceFailed:
            continue  # a read met faults every retry: nothing half-applied, run again
        first = first or planned.plan
        if planned.plan.empty:
            return first, run
        await Applier(service.graph, service.store, actor="test", teams=service.teams).apply(
            planned.plan, planned.current
        )
    raise AssertionError(f"not converged after {runs} runs")


async def test_queue_account_and_association_are_planned_in_dependency_order(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county", config=replace(FAST, teams_delay_s=0.3))
    async with service_for(sb, database_url) as service:
        desired = fire_fee(await service.export())
        plan = (await service.plan(desired)).plan
        assert not plan.problems, plan.problems
        kinds = [a.kind for a in plan.actions]
        assert kinds == [
            "resource_account",
            "ra_licence",
            "ra_licence",
            "ra_number",
            "call_queue",
            "association",
        ]
        queue, association = plan.actions[4], plan.actions[5]
        assert queue.key in association.needs and plan.actions[3].key in association.needs
        result = await Applier(service.graph, service.store, actor="test", teams=service.teams).apply(
            plan, (await service.plan(desired)).current
        )
        assert result.ok, result.failed
        assert (await service.plan(desired)).plan.empty
    (queue_id,) = [q["Identity"] for q in queues_named(sb, FEE_QUEUE)]
    (ra_id,) = accounts_named(sb, FEE_RA)
    assert sb.state.teams.associations[ra_id].configurationId == queue_id.lower()


async def test_teams_faults_during_apply_converge_without_duplicates(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    faults = parse_faults("teams:503@0.1,teams:lost@0.05")
    sb = await sandbox_factory("county", config=replace(FAST, teams_delay_s=0.3, faults=faults))
    async with service_for(sb, database_url) as service:
        desired = fire_fee(await service.export())
        first, _runs = await converge(service, desired)
    assert len(first.actions) == 6
    log = await get_json(sb, "/_sandbox/teams/log")
    assert any(entry["fault"] for entry in log), "no Teams fault was injected: the test proved nothing"
    assert len(queues_named(sb, FEE_QUEUE)) == 1 and len(accounts_named(sb, FEE_RA)) == 1
    creates = [e for e in log if "New-CsCallQueue" in e["cmdlets"] and e["applied"]]
    assert len(creates) == 1, creates  # a lost answer was read back, never re-sent


async def test_prune_retires_the_account_after_its_association_in_reverse_order(
    sandbox_factory: SandboxFactory, database_url: str
) -> None:
    sb = await sandbox_factory("county", config=replace(FAST, teams_delay_s=0.3))
    async with service_for(sb, database_url) as service:
        exported = await service.export()
        await converge(service, fire_fee(exported))
        pruned = exported.model_copy(update={"prune": True})
        plan = (await service.plan(pruned)).plan
        assert not plan.problems, plan.problems
        ops = [a.op for a in plan.actions if a.subject in (FEE_RA, FEE_QUEUE)]
        assert ops[0] == "dissociate_resource_account"
        assert ops.index("release_ra_number") < ops.index("release_ra_licence")
        removal = {a.op: a for a in plan.actions}
        queue_removal = next(a for a in plan.actions if a.kind == "call_queue")
        assert removal["dissociate_resource_account"].key in queue_removal.needs
        assert "stays in Entra" in removal["release_ra_licence"].reason
        await converge(service, pruned)
    (ra_id,) = accounts_named(sb, FEE_RA)
    user = sb.state.users[ra_id]
    assert ra_id not in sb.state.teams.associations and not queues_named(sb, FEE_QUEUE)
    assert SKU_TEAMS_PHONE_RESOURCE_ACCOUNT not in user.assignedSkuIds and user.accountEnabled is False
    assert not [n for n in sb.state.numbers.values() if n.assignmentTargetId == ra_id]
