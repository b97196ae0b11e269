"""The employee conversation over signed activities: my queues (+ the opt-out button), ring my mobile too,
stop; and near-misses that must get the menu and change nothing."""

from __future__ import annotations

import datetime as dt

from provisioning import AgentSeat, CallHandling
from tests.bot.conftest import BotRig
from tests.bot.test_conversation import card_of

SEATS = [
    AgentSeat("q-permits", "Building Permits", True, True, False, True, None),
    AgentSeat("q-clerk", "Clerk of Courts", True, False, True, True, None),
]


def execute(rig: BotRig, verb: str, **data: str) -> dict[str, object]:
    return rig.activity(
        type="invoke",
        name="adaptiveCard/action",
        text=None,
        value={
            "action": {"type": "Action.Execute", "verb": verb, "data": {"verb": verb, **data}},
            "trigger": "manual",
        },
    )


async def test_my_queues_then_opt_out_from_the_card(rig: BotRig) -> None:
    rig.services.seats = SEATS
    await rig.post(rig.activity("which queues am I in?"))
    (sent,) = rig.sent()
    card = card_of(sent.body)
    (button,) = [a for b in card["body"] if b["type"] == "ActionSet" for a in b["actions"]]
    (choice,) = [b for b in card["body"] if b["type"] == "Input.ChoiceSet"]
    until = choice["choices"][1]["value"]  # "for 2 hours"
    # Teams merges the card's inputs into the action's data
    response = await rig.post(execute(rig, button["verb"], queue=button["data"]["queue"], until=until))
    assert response.status == 200
    answer = await response.json()
    assert answer["statusCode"] == 200
    assert "Done: you are off Building Permits until" in answer["value"]["fallbackText"]
    assert (
        "opt_out",
        f"aad-ann q-permits {dt.datetime.fromisoformat(until).isoformat()}",
    ) in rig.services.calls
    status = {
        f["title"]: f["value"] for b in answer["value"]["body"] if b["type"] == "FactSet" for f in b["facts"]
    }
    assert status["Building Permits"].startswith("opted out by Switchboard, back ")
    assert status["Clerk of Courts"].startswith("opted in, through a group")
    # the card shown a moment ago is updated in place: the queues are not listed again within the invoke
    assert [c for c in rig.services.calls if c[0] == "queues"] == [("queues", "aad-ann")]


async def test_opt_out_without_a_time_is_told_to_pick_one(rig: BotRig) -> None:
    rig.services.seats = SEATS
    answer = await (await rig.post(execute(rig, "queue_opt_out", queue="q-permits"))).json()
    assert "pick until when" in answer["value"]["fallbackText"]
    assert not [c for c in rig.services.calls if c[0] == "opt_out"]


async def test_ring_my_mobile_too_asks_then_sets(rig: BotRig) -> None:
    rig.services.handling = CallHandling("on", "off", None)
    await rig.post(rig.activity("ring my cell too"))
    (sent,) = rig.sent()
    assert [b["id"] for b in card_of(sent.body)["body"] if b["type"] == "Input.Text"] == ["mobile"]
    answer = await (await rig.post(execute(rig, "ring_mobile_on", mobile="561 555 0134"))).json()
    assert "also ring 561 555 0134" in answer["value"]["fallbackText"]
    assert ("ring_also", "aad-ann 561 555 0134") in rig.services.calls


async def test_stop_turns_it_off(rig: BotRig) -> None:
    await rig.post(rig.activity("stop"))
    assert rig.services.calls == [("stop_ring", "aad-ann")]
    assert "ring only in Teams" in card_of(rig.sent()[0].body)["fallbackText"]


async def test_near_misses_get_the_menu_and_change_nothing(rig: BotRig) -> None:
    for text in ("stop the world", "turn off my phone", "forward my calls to my cell"):
        await rig.post(rig.activity(text))
    assert rig.services.calls == []
    assert all(card_of(s.body)["fallbackText"].startswith("I'm not sure what you meant") for s in rig.sent())
