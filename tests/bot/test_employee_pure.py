"""The employee intents (a table of natural phrasings, typos and near-misses) and their cards: pure."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest

from bot import employee_cards as ec
from bot.employee import parse_until
from bot.intents import MY_MINUTES, MY_NUMBER, MY_QUEUES, RING_MOBILE, RING_STOP, IntentMatcher
from provisioning import AgentSeat, CallHandling, InvalidInput
from tests.bot.test_pure import structure_ok

TZ = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 2, 10, 20, tzinfo=TZ)  # a Monday morning
DIRECT = AgentSeat("q1", "Building Permits", True, True, False, True, None)
PAUSED = AgentSeat(
    "q2", "Tax Collector", False, True, False, True, dt.datetime(2026, 11, 2, 20, 0, tzinfo=dt.UTC)
)
GROUP = AgentSeat("q3", "Clerk of Courts", True, False, True, False, None)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("my queues", MY_QUEUES),
        ("which queues am I on?", MY_QUEUES),
        ("opt me out of the permits queue for an hour", MY_QUEUES),
        ("put me back on the queue", MY_QUEUES),
        ("queus", MY_QUEUES),  # typo
        ("ring my mobile too", RING_MOBILE),
        ("ring my cell too", RING_MOBILE),
        ("also ring my cellphone", RING_MOBILE),
        ("ring me on my mobile too", RING_MOBILE),
        ("stop", RING_STOP),
        ("STOP!", RING_STOP),
        ("please stop", RING_STOP),
        ("stop ringing my mobile", RING_STOP),
        ("what's my number", MY_NUMBER),
        ("how many minutes", MY_MINUTES),
        # near-misses: the menu, never a change
        ("stop the world", None),
        ("stop calling me", None),
        ("turn off my phone", None),
        ("forward my calls to my cell", None),
        ("ring my wife's phone", None),
        ("number of queues in the county", None),
        ("unsubscribe", None),
        ("stpo", None),
    ],
)
def test_employee_intents(text: str, intent: str | None) -> None:
    assert IntentMatcher().match(text).intent == intent


def test_pause_choices_from_a_morning() -> None:
    labels = [label for label, _ in ec.pause_choices(NOW)]
    assert labels == ["for 1 hour", "for 2 hours", "until 5 PM today", "until 8 AM Tuesday"]
    values = [dt.datetime.fromisoformat(v) for _, v in ec.pause_choices(NOW)]
    assert values[0] == dt.datetime(2026, 11, 2, 11, 20, tzinfo=TZ)
    assert values[3] == dt.datetime(2026, 11, 3, 8, 0, tzinfo=TZ)


def test_late_afternoon_has_no_five_pm_choice() -> None:
    labels = [label for label, _ in ec.pause_choices(NOW.replace(hour=15))]
    assert "until 5 PM today" not in labels


def test_queue_card_buttons_and_honesty() -> None:
    card = ec.queues_card([DIRECT, PAUSED, GROUP], NOW)
    structure_ok(card)
    assert len(json.dumps(card).encode()) < 28 * 1024
    buttons = [a for b in card["body"] if b["type"] == "ActionSet" for a in b["actions"]]
    assert [(a["verb"], a["data"]["queue"]) for a in buttons] == [
        ("queue_opt_out", "q1"),
        ("queue_opt_in", "q2"),
    ]
    assert all(a["fallback"]["data"] == a["data"] for a in buttons)
    (choice,) = [b for b in card["body"] if b["type"] == "Input.ChoiceSet"]
    assert choice["id"] == "until" and len(choice["choices"]) == 4
    text = json.dumps(card)
    assert "Teams does not let admins flip an agent's own opt-in switch" in text
    status = {f["title"]: f["value"] for b in card["body"] if b["type"] == "FactSet" for f in b["facts"]}
    assert status["Tax Collector"] == "opted out by Switchboard, back Mon 3:00 PM"
    assert status["Clerk of Courts"] == "opted in, through a group: to opt out use your supervisor"


def test_ring_card_asks_for_the_number_then_offers_stop() -> None:
    off = ec.ring_card(CallHandling("on", "off", None))
    structure_ok(off)
    assert [b["id"] for b in off["body"] if b["type"] == "Input.Text"] == ["mobile"]
    assert off["actions"][0]["verb"] == "ring_mobile_on"
    on = ec.ring_card(CallHandling("on", "off (your calls also ring +15615550134)", "+15615550134"))
    assert on["actions"][0]["verb"] == "ring_stop"
    assert "+15615550134" in on["fallbackText"]


def test_until_is_read_in_the_tenant_zone() -> None:
    assert parse_until("2026-11-02T15:00", TZ) == dt.datetime(2026, 11, 2, 15, 0, tzinfo=TZ)
    with pytest.raises(InvalidInput, match="not a time"):
        parse_until("teatime", TZ)
    with pytest.raises(InvalidInput, match="pick until when"):
        parse_until(None, TZ)
