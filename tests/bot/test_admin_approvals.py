"""Emergency activation from Teams with a second admin's approval, over real HTTP: nothing is applied until
a different admin approves, self-approval is refused and audited, an unapproved request expires."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.bot.admin_rig import ADMIN_GROUP, AdminRig, admin_rig
from tests.conftest import SandboxFactory


@pytest.fixture
async def rig(sandbox_factory: SandboxFactory, tmp_path: Path) -> AsyncIterator[AdminRig]:
    async with admin_rig(sandbox_factory, tmp_path, approval_required=True) as rig:
        yield rig


def heading(card: dict[str, Any]) -> str:
    return str(card["body"][0]["text"])


def approval_id(card: dict[str, Any]) -> str:
    (approve,) = [a for a in card["actions"] if a["verb"] == "approval_approve"]
    return str(approve["data"]["approval"])


async def test_confirmation_card_shows_exactly_what_changes(rig: AdminRig) -> None:
    ann = rig.members(ADMIN_GROUP)[0]
    card = await rig.execute(ann, "emergency_preview", mode="hurricane", message="Offices closed")
    assert heading(card) == "Activate hurricane? 2 changes"
    assert (
        "Main Line auto attendant: business-hours menu → hurricane closure greeting, transfer to EOC"
        in card["fallbackText"]
    )
    assert [a["title"] for a in card["actions"]] == ["Request approval", "Cancel"]
    assert rig.modes.activations == []  # a preview changes nothing


async def test_activation_waits_for_a_different_admin(rig: AdminRig) -> None:
    ann, bob, cy = rig.members(ADMIN_GROUP)[:3]
    pending = await rig.execute(ann, "emergency_activate", mode="hurricane", message="Offices closed")
    assert heading(pending) == "Waiting for approval: activate hurricane"
    assert rig.modes.activations == []  # requested, not applied
    request = approval_id(pending)

    own = await rig.execute(ann, "approval_approve", approval=request)
    assert heading(own) == "Not allowed"
    assert "a different admin must approve it" in own["fallbackText"]
    assert rig.modes.activations == []

    approved = await rig.execute(bob, "approval_approve", approval=request)
    assert heading(approved).startswith("hurricane is active")
    ((mode, message, actor),) = rig.modes.activations
    assert (mode, message) == ("hurricane", "Offices closed")
    assert actor.startswith(f"{bob.userPrincipalName} (aad {bob.id}) approving {ann.userPrincipalName}")

    again = await rig.execute(cy, "approval_approve", approval=request)
    assert "already approved" in again["fallbackText"]
    assert len(rig.modes.activations) == 1

    events = [(e.actor.split(" ")[0], e.action, e.result) for e in await rig.store.audit.list()]
    assert (ann.userPrincipalName, "bot.emergency.activate", "pending") in events
    assert (ann.userPrincipalName, "bot.emergency.approve", "refused") in events  # self-approval
    assert (bob.userPrincipalName, "bot.emergency.activate", "done") in events
    assert (cy.userPrincipalName, "bot.emergency.approve", "refused") in events


async def test_an_unapproved_request_expires(rig: AdminRig) -> None:
    ann, bob = rig.members(ADMIN_GROUP)[:2]
    request = approval_id(await rig.execute(ann, "emergency_activate", mode="hurricane"))
    listed = await rig.execute(bob, "approvals")
    assert [a["data"].get("approval") for a in listed["actions"]] == [request]

    rig.clock.advance(minutes=31)  # the policy gives 30 minutes

    late = await rig.execute(bob, "approval_approve", approval=request)
    assert "expired" in late["fallbackText"]
    assert rig.modes.activations == []
    stored = await rig.store.approvals.get(request)
    assert stored is not None and stored.state == "expired"
    empty = await rig.execute(bob, "approvals")
    assert "No requests are waiting" in empty["fallbackText"]


async def test_a_rejected_request_is_never_applied(rig: AdminRig) -> None:
    ann, bob = rig.members(ADMIN_GROUP)[:2]
    request = approval_id(await rig.execute(ann, "emergency_activate", mode="hurricane"))
    rejected = await rig.execute(bob, "approval_reject", approval=request)
    assert heading(rejected) == "Rejected: activate hurricane"
    late = await rig.execute(bob, "approval_approve", approval=request)
    assert "already rejected" in late["fallbackText"]
    assert rig.modes.activations == []


async def test_without_the_approval_policy_an_admin_activates_and_restores(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    async with admin_rig(sandbox_factory, tmp_path, approval_required=False) as rig:
        ann = rig.members(ADMIN_GROUP)[0]
        preview = await rig.execute(ann, "emergency_preview", mode="hurricane")
        assert preview["actions"][0]["title"] == "Activate hurricane now"
        active = await rig.execute(ann, "emergency_activate", mode="hurricane")
        assert heading(active) == f"hurricane is active (by {ann.userPrincipalName} (aad {ann.id}))"
        assert len(rig.modes.activations) == 1
        restored = await rig.execute(ann, "emergency_restore", mode="hurricane")
        assert "back exactly as it was" in restored["fallbackText"]
        assert rig.modes.active == {}
