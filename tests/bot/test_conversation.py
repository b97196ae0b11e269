"""Signed activities over real HTTP to the bot; assertions on what the sandbox's Bot Connector recorded."""

from __future__ import annotations

from typing import Any

from sandbox.config import parse_faults
from sandbox.faults import FaultDice
from sandbox.middleware import DICE
from tests.bot.conftest import APP_ID, BotRig

CARD = "application/vnd.microsoft.card.adaptive"


def card_of(body: dict[str, Any]) -> dict[str, Any]:
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == CARD
    card: dict[str, Any] = attachment["content"]
    return card


def facts(card: dict[str, Any]) -> dict[str, str]:
    return {
        f["title"]: f["value"] for block in card["body"] if block["type"] == "FactSet" for f in block["facts"]
    }


async def test_my_number_is_a_threaded_reply_with_the_phone_card(rig: BotRig) -> None:
    inbound = rig.activity("what's my phone number?")
    response = await rig.post(inbound)
    assert response.status == 201
    (sent,) = rig.sent()
    assert sent.operation == "reply"
    assert sent.reply_to_id == inbound["id"]
    assert sent.conversation_id == "a:personal-ann"
    assert sent.app_id == APP_ID  # the outbound token came from the sandbox's token endpoint for our app
    assert sent.path.startswith("/botframework/connector/amer/v3/conversations/")
    assert sent.body["recipient"]["id"] == "29:ann"
    card = card_of(sent.body)
    assert card["version"] == "1.5"
    assert facts(card)["Number"] == "+15615551234"
    assert facts(card)["Emergency location"] == "loc-courthouse"
    assert "+15615551234" in card["fallbackText"]
    assert rig.services.calls == [("phone", "aad-ann")]  # mapped by aadObjectId


async def test_my_minutes_natural_phrasing(rig: BotRig) -> None:
    await rig.post(rig.activity("how many minutes did I use last month?"))
    (sent,) = rig.sent()
    card = card_of(sent.body)
    assert facts(card) == {
        "This month (Nov 2026)": "12 min",
        "Last month (Oct 2026)": "340 min",
        "Clerk of Courts median, last month": "216 min",
    }
    assert rig.services.calls == [("minutes", "aad-ann")]


async def test_unsure_gets_the_menu_and_asks_nothing(rig: BotRig) -> None:
    await rig.post(rig.activity("what's the weather like in Tallahassee"))
    (sent,) = rig.sent()
    card = card_of(sent.body)
    assert [a["verb"] for a in card["actions"]] == [
        "my_number",
        "my_minutes",
        "my_queues",
        "ring_mobile",
        "help",
    ]
    assert rig.services.calls == []


async def test_unknown_person_is_told_so(rig: BotRig) -> None:
    rig.services.phone_info = None
    await rig.post(rig.activity("my number"))
    (sent,) = rig.sent()
    assert "can't find your account" in card_of(sent.body)["fallbackText"]


async def test_action_execute_invoke_gets_its_card_not_500(rig: BotRig) -> None:
    body = rig.activity(
        type="invoke",
        name="adaptiveCard/action",
        text=None,
        value={
            "action": {"type": "Action.Execute", "verb": "my_minutes", "data": {"verb": "my_minutes"}},
            "trigger": "manual",
        },
    )
    response = await rig.post(body)
    assert response.status == 200
    answer = await response.json()
    assert answer["statusCode"] == 200
    assert answer["type"] == CARD
    assert facts(answer["value"])["Last month (Oct 2026)"] == "340 min"
    assert rig.sent() == []  # the card travels in the HTTP answer, not through the connector


async def test_action_submit_invoke_gets_an_error_envelope(rig: BotRig) -> None:
    body = rig.activity(
        type="invoke",
        name="adaptiveCard/action",
        text=None,
        value={"action": {"type": "Action.Submit", "data": {}}},
    )
    response = await rig.post(body)
    assert response.status == 200
    answer = await response.json()
    assert answer["statusCode"] == 400
    assert answer["type"] == "application/vnd.microsoft.error"


async def test_unhandled_invoke_is_501(rig: BotRig) -> None:
    response = await rig.post(rig.activity(type="invoke", name="composeExtension/query", text=None))
    assert response.status == 501


async def test_action_submit_message_from_an_old_client(rig: BotRig) -> None:
    await rig.post(rig.activity(text=None, value={"verb": "my_number"}))
    (sent,) = rig.sent()
    assert facts(card_of(sent.body))["Number"] == "+15615551234"


async def test_install_sends_a_welcome(rig: BotRig) -> None:
    body = rig.activity(type="installationUpdate", action="add", text=None)
    del body["id"]
    response = await rig.post(body)
    assert response.status == 201
    (sent,) = rig.sent()
    assert sent.operation == "send"
    assert "phone number" in card_of(sent.body)["fallbackText"]


async def test_connector_throttling_is_retried(rig: BotRig) -> None:
    rig.sandbox.app[DICE] = FaultDice(parse_faults("connector:429@0.6"), seed=3)
    statuses: list[int] = []
    for _ in range(4):
        assert (await rig.post(rig.activity("my number"))).status == 201
    statuses = [e.status for e in rig.sandbox.requests.entries if e.group == "connector"]
    assert 429 in statuses  # the fault happened …
    assert len(rig.sent()) == 4  # … and every reply still arrived


async def test_body_that_is_not_an_activity_is_400(rig: BotRig) -> None:
    response = await rig.post({"hello": "world"})
    assert response.status == 400


async def test_health_and_ready(rig: BotRig) -> None:
    async with rig.session.get(f"{rig.url}/healthz") as response:
        assert response.status == 200
    async with rig.session.get(f"{rig.url}/readyz") as response:
        assert response.status == 200
        assert (await response.json())["status"] == "ready"
