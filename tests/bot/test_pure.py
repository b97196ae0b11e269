"""Card builders, the intent matcher and the retry arithmetic: pure functions, no I/O."""

from __future__ import annotations

import json

import pytest

from bot import cards
from bot.connector import retry_delay
from bot.intents import HELP, MY_MINUTES, MY_NUMBER, IntentMatcher
from bot.model import MinutesInfo, NumberInfo, PhoneInfo

PHONE = PhoneInfo(
    "Ann Lee",
    "ann@x",
    "Clerk",
    (NumberInfo("+15615551234", "operatorConnect", "activated", None),),
    enterprise_voice=False,
)
MINUTES = MinutesInfo("Nov 2026", 0.0, "Oct 2026", 90.0, None, None, 0)


def structure_ok(card: dict[str, object]) -> None:
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert len(json.dumps(card).encode()) < 28 * 1024
    for action in card["actions"]:  # type: ignore[attr-defined]
        assert action["type"] == "Action.Execute" and action["verb"]
        assert action["fallback"]["type"] == "Action.Submit"
        assert action["fallback"]["data"]["verb"] == action["verb"]


@pytest.mark.parametrize(
    "card",
    [cards.phone_card(PHONE), cards.minutes_card(MINUTES), cards.help_card(), cards.menu_card("x" * 500)],
)
def test_cards_are_teams_1_5(card: dict[str, object]) -> None:
    structure_ok(card)


def test_phone_card_shows_missing_location_and_voice_off() -> None:
    card = cards.phone_card(PHONE)
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts["Emergency location"] == "not set"
    assert facts["Enterprise Voice"] == "off"
    assert [a["verb"] for a in card["actions"]] == ["my_minutes", "my_queues", "ring_mobile", "help"]


def test_no_number_says_so() -> None:
    text = cards.phone_text(PhoneInfo("Bo", "bo@x", None, (), None))
    assert "No phone number is assigned" in text


def test_minutes_without_department_omits_the_median() -> None:
    assert "median" not in cards.minutes_text(MINUTES)
    with_dept = MinutesInfo("Nov 2026", 5.0, "Oct 2026", 90.0, "Tax Collector", 120.0, 12)
    assert "median in Tax Collector last month was 120 min (12 people)" in cards.minutes_text(with_dept)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("what's my phone number?", MY_NUMBER),
        ("my nunber", MY_NUMBER),
        ("is my voicemail on", MY_NUMBER),
        ("How many minuts did I use?", MY_MINUTES),
        ("how much time on calls this month", MY_MINUTES),
        ("what can you do for me", HELP),
        ("what is the weather", None),
        ("pizza", None),
        ("number minutes", None),  # both at once: too close to call, so the menu
    ],
)
def test_intents(text: str, intent: str | None) -> None:
    assert IntentMatcher().match(text).intent == intent


def test_retry_after_is_honoured_and_capped() -> None:
    assert retry_delay(1, "3", ceiling=20) == 3
    assert retry_delay(1, "300", ceiling=20) is None  # longer than we can wait: give up, do not retry early
    assert retry_delay(3, None, ceiling=20) == 2.0
    assert retry_delay(1, "soon", ceiling=20) == 0.5
