"""Admins in Teams, over real HTTP: signed activities and Action.Execute invokes to the bot, admin groups
read from the sandbox's Graph, pop-up lines opened through the Teams admin stand-in, the audit in the store.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.bot.admin_rig import ADMIN_GROUP, AGENCY_GROUP, AdminRig, admin_rig
from tests.conftest import SandboxFactory

FIRE_FEE = {
    "name": "Fire Services Fee",
    "agents": "group:Fire Fee Line Agents",
    "number": "auto",
    "until": "2026-12-31",
    "hours": "",
    "owner": "",
}


@pytest.fixture
async def rig(sandbox_factory: SandboxFactory, tmp_path: Path) -> AsyncIterator[AdminRig]:
    async with admin_rig(sandbox_factory, tmp_path) as rig:
        yield rig


def texts(card: dict[str, Any]) -> list[str]:
    return [str(b.get("text")) for b in card["body"] if b["type"] == "TextBlock"]


def inputs(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {b["id"]: b for b in card["body"] if b["type"].startswith("Input.")}


async def test_admin_opens_the_fire_fee_line_from_its_card(rig: AdminRig) -> None:
    admin = rig.members(ADMIN_GROUP)[0]
    form = await rig.say(admin, "open a pop-up line")
    assert set(inputs(form)) >= {"name", "agents", "number", "until"}
    assert form["actions"][0]["verb"] == "popup_open"

    card = await rig.execute(admin, "popup_open", **FIRE_FEE)

    assert texts(card)[0] == "Opened Fire Services Fee", card["fallbackText"]
    assert "Fire Services Fee" in rig.queues()  # the sandbox's Teams side has the queue
    fire_fee_agents = {u.userPrincipalName.lower() for u in rig.members("Fire Fee Line Agents")}
    shown = {f["title"]: f["value"] for b in card["body"] if b["type"] == "FactSet" for f in b["facts"]}
    assert set(shown["Answered by"].split(", ")) == fire_fee_agents
    assert shown["Number"].startswith("+1")  # an `auto` number from the voice-app pool
    (event,) = await rig.audit("bot.popup.open")
    assert event.result == "done"
    assert event.actor == f"{admin.userPrincipalName} (aad {admin.id})"


async def test_form_mistakes_come_back_in_the_card_and_nothing_opens(rig: AdminRig) -> None:
    admin = rig.members(ADMIN_GROUP)[0]
    queues = rig.queues()
    card = await rig.execute(
        admin, "popup_open", **{**FIRE_FEE, "number": "561-555", "until": "2026-10-01", "agents": "bob"}
    )
    shown = texts(card)
    assert "Nothing was opened. Fix the fields marked below." in shown
    assert any("561-555" in t and "E.164" in t for t in shown)
    assert any("is not in the future" in t for t in shown)
    assert any("“bob” is not a UPN" in t for t in shown)
    assert inputs(card)["name"]["value"] == "Fire Services Fee"  # what was typed is kept
    assert rig.queues() == queues
    (event,) = await rig.audit("bot.popup.open")
    assert event.result == "invalid"


async def test_non_admin_is_refused_and_audited(rig: AdminRig) -> None:
    clerk = rig.outsider()
    card = await rig.execute(clerk, "popup_open", **FIRE_FEE)
    assert texts(card)[0] == "Not allowed"
    assert "Fire Services Fee" not in rig.queues()
    (event,) = await rig.audit("bot.popup.open")
    assert event.result == "refused" and event.detail == "not an admin"
    assert event.actor == f"{clerk.userPrincipalName} (aad {clerk.id})"  # UPN looked up in Graph
    assert event.target == "Fire Services Fee"


async def test_non_admin_asking_in_words_is_refused_too(rig: AdminRig) -> None:
    clerk = rig.outsider()
    card = await rig.say(clerk, "activate emergency mode")
    assert "Only Teams Phone admins" in card["fallbackText"]
    (event,) = await rig.audit("bot.emergency.modes")
    assert event.result == "refused"
    assert rig.modes.activations == []


async def test_agency_admin_cannot_open_another_agencys_line(rig: AdminRig) -> None:
    (librarian,) = rig.members(AGENCY_GROUP)
    card = await rig.execute(librarian, "popup_open", **{**FIRE_FEE, "agents": "department:Fire Rescue"})
    assert texts(card)[0] == "Not allowed"
    assert "Fire Rescue" in card["fallbackText"] and "Libraries" in card["fallbackText"]
    assert "Fire Services Fee" not in rig.queues()
    (event,) = await rig.audit("bot.popup.open")
    assert event.result == "refused"
    assert event.actor.startswith(librarian.userPrincipalName)


async def test_agency_admin_cannot_close_a_county_line_but_a_county_admin_can(rig: AdminRig) -> None:
    admin = rig.members(ADMIN_GROUP)[0]
    (librarian,) = rig.members(AGENCY_GROUP)
    await rig.execute(admin, "popup_open", **FIRE_FEE)  # Fire Fee agents include Tax Collector staff

    refused = await rig.execute(librarian, "popup_close_confirmed", name="Fire Services Fee")

    assert texts(refused)[0] == "Not allowed"
    assert "Fire Services Fee" in rig.queues()
    (event,) = await rig.audit("bot.popup.close")
    assert event.result == "refused" and "outside your agency" in (event.detail or "")
    closed = await rig.execute(admin, "popup_close_confirmed", name="Fire Services Fee")
    assert texts(closed)[0] == "Closed Fire Services Fee"
    assert "Fire Services Fee" not in rig.queues()


async def test_agency_admin_may_open_a_line_for_their_own_staff(rig: AdminRig) -> None:
    (librarian,) = rig.members(AGENCY_GROUP)
    staff = [u.userPrincipalName for u in rig.sandbox.state.users.values() if u.department == "Libraries"]
    card = await rig.execute(
        librarian,
        "popup_open",
        **{**FIRE_FEE, "name": "Library Card Renewals", "agents": ", ".join(staff[:3])},
    )
    assert texts(card)[0] == "Opened Library Card Renewals", card["fallbackText"]
    assert "Library Card Renewals" in rig.queues()


async def test_agency_admin_is_refused_emergency_modes(rig: AdminRig) -> None:
    (librarian,) = rig.members(AGENCY_GROUP)
    card = await rig.execute(librarian, "emergency_activate", mode="hurricane")
    assert texts(card)[0] == "Not allowed"
    assert rig.modes.activations == []
    (event,) = await rig.audit("bot.emergency.activate")
    assert event.result == "refused"


async def test_admin_extends_a_line_from_its_card(rig: AdminRig) -> None:
    admin = rig.members(ADMIN_GROUP)[0]
    await rig.execute(admin, "popup_open", **FIRE_FEE)
    refused = await rig.execute(admin, "popup_extend", name="Fire Services Fee", until="2026-10-30")
    assert "Not extended: Oct 30, 2026 is not in the future." in refused["fallbackText"]
    card = await rig.execute(admin, "popup_extend", name="Fire Services Fee", until="2027-01-31")
    assert texts(card)[0] == "Extended Fire Services Fee"
    line = await rig.store.popups.get("Fire Services Fee")
    assert line is not None and str(line.until) == "2027-01-31"
    assert [e.result for e in await rig.audit("bot.popup.extend")] == ["invalid", "done"]
