"""Adaptive Cards 1.5 for an employee's own call handling: their queues (opt out until a time, back in) and
"ring my mobile too". Pure functions returning dicts, each with its plain-text twin.

The queue card says how Switchboard opts someone out, because it is not the switch people know: admins
cannot flip an agent's own opt-in, so Switchboard takes them off the agent list and puts them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from bot.cards import button, card, facts, menu_actions, title
from provisioning import AgentSeat, CallHandling

VERB_QUEUES, VERB_OPT_OUT, VERB_OPT_IN = "my_queues", "queue_opt_out", "queue_opt_in"
VERB_RING, VERB_RING_ON, VERB_RING_STOP = "ring_mobile", "ring_mobile_on", "ring_stop"
UNTIL_INPUT, MOBILE_INPUT = "until", "mobile"
HOW = (
    "How Switchboard opts you out: Teams does not let admins flip an agent's own opt-in switch, so "
    "Switchboard takes you off the queue's agent list and puts you back, in the same place in the ring "
    "order, at the time you pick, even if you are away."
)


def text_block(text: str, **extra: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def action_button(verb: str, label: str, **data: str) -> dict[str, Any]:
    """`button` with extra data (which queue); Teams adds the card's inputs to `data` on Execute."""
    action = button(verb, label)
    action["data"] = {**action["data"], **data}
    action["fallback"]["data"] = action["data"]
    return action


def clock(at: dt.datetime, tz: dt.tzinfo) -> str:
    local = at.astimezone(tz)
    return f"{local:%a} {local:%I:%M %p}".replace(" 0", " ")


def pause_choices(now: dt.datetime) -> list[tuple[str, str]]:
    """Pure: the times one can opt out until, as (label, ISO time with offset), from local `now`."""
    choices = [("for 1 hour", now + dt.timedelta(hours=1)), ("for 2 hours", now + dt.timedelta(hours=2))]
    five = now.replace(hour=17, minute=0, second=0, microsecond=0)
    if five - now >= dt.timedelta(hours=2, minutes=30):
        choices.append(("until 5 PM today", five))
    morning = (now + dt.timedelta(days=1)).replace(hour=8, minute=0, second=0, microsecond=0)
    choices.append((f"until 8 AM {morning:%A}", morning))
    return [(label, at.isoformat(timespec="minutes")) for label, at in choices]


def seat_status(seat: AgentSeat, tz: dt.tzinfo) -> str:
    if seat.paused_until is not None:
        return f"opted out by Switchboard, back {clock(seat.paused_until, tz)}"
    if seat.via_group:
        switch = "Teams › Settings › Calls › Call queues" if seat.allow_opt_out else "your supervisor"
        state = "opted in" if seat.opted_in else "opted out"
        return f"{state}, through a group: to opt out use {switch}"
    return "opted in" if seat.opted_in else "opted out (your own switch in Teams)"


def queues_text(seats: Sequence[AgentSeat], tz: dt.tzinfo) -> str:
    if not seats:
        return "You are not an agent of any call queue."
    lines = [f"{s.queue_name}: {seat_status(s, tz)}" for s in seats]
    return "Your call queues:\n" + "\n".join(lines)


def _seat_actions(seat: AgentSeat) -> list[dict[str, Any]]:
    if seat.paused_until is not None:
        return [action_button(VERB_OPT_IN, f"Opt back in to {seat.queue_name} now", queue=seat.queue_id)]
    if seat.direct and seat.opted_in:
        return [action_button(VERB_OPT_OUT, f"Opt out of {seat.queue_name}", queue=seat.queue_id)]
    return []


def queues_card(seats: Sequence[AgentSeat], now: dt.datetime) -> dict[str, Any]:
    """One line per queue with its button; one shared "until" choice for the opt-out buttons."""
    tz = now.tzinfo or dt.UTC
    body: list[dict[str, Any]] = [title("Your call queues")]
    if not seats:
        body.append(text_block("You are not an agent of any call queue."))
    for seat in seats:
        body.append(facts([(seat.queue_name, seat_status(seat, tz))]))
        if actions := _seat_actions(seat):
            body.append({"type": "ActionSet", "actions": actions})
    if any(s.direct and s.opted_in and s.paused_until is None for s in seats):
        choices = pause_choices(now)
        body.append(
            {
                "type": "Input.ChoiceSet",
                "id": UNTIL_INPUT,
                "label": "Opt out until",
                "style": "compact",
                "value": choices[0][1],
                "choices": [{"title": label, "value": value} for label, value in choices],
            }
        )
    if any(s.direct for s in seats):
        body.append(text_block(HOW, isSubtle=True, size="Small"))
    return card(body, queues_text(seats, tz), menu_actions(VERB_QUEUES))


def opted_text(seat: AgentSeat, tz: dt.tzinfo, changed: bool) -> str:
    if seat.paused_until is not None:
        return (
            f"Done: you are off {seat.queue_name} until {clock(seat.paused_until, tz)}. Switchboard took you "
            "off its agent list (admins cannot flip your own opt-in switch) and will put you back then."
        )
    if not changed:
        return f"You are already on {seat.queue_name}'s agent list."
    return f"Done: you are back on {seat.queue_name}, in your old place in the ring order."


def ring_text(handling: CallHandling) -> str:
    if handling.also_ring:
        return f"Your calls also ring {handling.also_ring}. Say 'stop' to ring only Teams."
    return f"Your calls ring only in Teams (forwarding: {handling.forwarding})."


def ring_card(handling: CallHandling) -> dict[str, Any]:
    body: list[dict[str, Any]] = [
        title("Ring my mobile too"),
        facts([("Also rings", handling.also_ring or "nothing else"), ("Forwarding", handling.forwarding)]),
    ]
    actions = []
    if handling.also_ring:
        actions.append(action_button(VERB_RING_STOP, "Stop ringing it"))
    else:
        body.append(
            {
                "type": "Input.Text",
                "id": MOBILE_INPUT,
                "label": "Your mobile number",
                "style": "Tel",
                "placeholder": "+1 561 555 0134",
                "isRequired": True,
                "errorMessage": "Type the number to ring with your Teams calls",
            }
        )
        actions.append(action_button(VERB_RING_ON, "Ring this number too"))
    return card(body, ring_text(handling), actions + menu_actions(VERB_RING))
