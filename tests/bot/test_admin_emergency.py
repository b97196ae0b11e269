"""Emergency modes from Teams on the real EmergencyService and the county sandbox: the confirmation card
lists what the mode changes, a second admin's approval applies it (not before), restore is exact."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.emergency_modes import TenantEmergencyModes
from graph import Graph, TeamsAdmin
from store import Store
from tests.bot.admin_rig import ADMIN_GROUP, AdminRig, admin_rig
from tests.conftest import SandboxFactory
from tests.provisioning.emergency.county import ACTIVATED_AT, CRISIS, EOC, MAIN, county_file


def real_modes(graph: Graph, store: Store, teams: TeamsAdmin) -> TenantEmergencyModes:
    return TenantEmergencyModes(graph, store, teams, county_file, now=lambda: ACTIVATED_AT)


@pytest.fixture
async def rig(sandbox_factory: SandboxFactory, tmp_path: Path) -> AsyncIterator[AdminRig]:
    async with admin_rig(sandbox_factory, tmp_path, approval_required=True, emergency=real_modes) as rig:
        yield rig


def aa_of(rig: AdminRig, name: str) -> dict[str, object]:
    return next(a for a in rig.sandbox.state.teams.autoAttendants.values() if a.get("Name") == name)


async def test_eoc_mode_needs_a_second_admin_then_restores_exactly(rig: AdminRig) -> None:
    ann, bob = rig.members(ADMIN_GROUP)[:2]
    before = repr(aa_of(rig, MAIN))

    preview = await rig.execute(ann, "emergency_preview", mode="eoc")
    assert preview["body"][0]["text"] == "Activate eoc? 2 changes"
    rows = preview["fallbackText"].splitlines()[1:]
    assert [row.split(":")[0] for row in rows] == [f"auto attendant {MAIN}", f"call queue {CRISIS}"]
    assert all(row.endswith(f"then call queue {EOC}") for row in rows)  # where each goes after

    pending = await rig.execute(ann, "emergency_activate", mode="eoc")
    (approve,) = [a for a in pending["actions"] if a["verb"] == "approval_approve"]
    assert await rig.store.emergency.get("eoc") is None  # requested, nothing applied
    assert repr(aa_of(rig, MAIN)) == before

    active = await rig.execute(bob, "approval_approve", approval=approve["data"]["approval"])
    assert active["body"][0]["text"].startswith("eoc is active (requested by")
    record = await rig.store.emergency.get("eoc")
    assert record is not None and record.state == "active"
    assert repr(aa_of(rig, MAIN)) != before  # the main line now goes to the EOC
    modes = await rig.execute(bob, "emergency_modes")
    assert "eoc: ACTIVE" in modes["fallbackText"]

    restored = await rig.execute(ann, "emergency_restore", mode="eoc")
    assert "back exactly as it was" in restored["fallbackText"], restored["fallbackText"]
    assert await rig.store.emergency.get("eoc") is None
