"""Adaptive Cards 1.5 for Teams, as pure functions returning dicts, with a plain-text twin for each.

Buttons are `Action.Execute` (Universal Actions: the answer replaces the card for that person) with an
`Action.Submit` fallback for clients older than 1.4.
"""

from __future__ import annotations

from typing import Any

from bot.model import MinutesInfo, PhoneInfo

SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERB_NUMBER, VERB_MINUTES, VERB_HELP = "my_number", "my_minutes", "help"
MENU = (
    (VERB_NUMBER, "My number"),
    (VERB_MINUTES, "My minutes"),
    ("my_queues", "My queues"),
    ("ring_mobile", "Ring my mobile too"),
    (VERB_HELP, "Help"),
)


def button(verb: str, title: str) -> dict[str, Any]:
    data = {"verb": verb}
    return {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": data,
        "fallback": {"type": "Action.Submit", "title": title, "data": data},
    }


def card(body: list[dict[str, Any]], fallback_text: str, actions: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": "1.5",
        "fallbackText": fallback_text,
        "body": body,
        "actions": actions,
    }


def title(text: str) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "weight": "Bolder", "size": "Medium", "wrap": True}


def facts(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": k, "value": v} for k, v in pairs]}


def menu_actions(*skip: str) -> list[dict[str, Any]]:
    return [button(verb, label) for verb, label in MENU if verb not in skip]


def phone_text(info: PhoneInfo) -> str:
    lines = [f"{info.display_name}:"]
    if not info.numbers:
        lines.append("No phone number is assigned to you. Ask the IT service desk if you need one.")
    for n in info.numbers:
        location = n.emergency_location or "not set"
        lines.append(f"Number {n.number} ({n.number_type or 'unknown type'}), emergency location {location}")
    lines.append(f"Voicemail: {info.voicemail or 'not available to the bot'}")
    lines.append(f"Forwarding: {info.forwarding or 'not available to the bot'}")
    return "\n".join(lines)


def phone_card(info: PhoneInfo) -> dict[str, Any]:
    pairs: list[tuple[str, str]] = []
    for n in info.numbers:
        pairs.append(("Number", n.number))
        pairs.append(("Type", n.number_type or "unknown"))
        pairs.append(("Emergency location", n.emergency_location or "not set"))
    if not info.numbers:
        pairs.append(("Number", "none assigned"))
    ev = {True: "on", False: "off", None: "unknown"}[info.enterprise_voice]
    pairs += [
        ("Enterprise Voice", ev),
        ("Voicemail", info.voicemail or "not available to the bot"),
        ("Forwarding", info.forwarding or "not available to the bot"),
    ]
    return card([title("Your Teams phone"), facts(pairs)], phone_text(info), menu_actions(VERB_NUMBER))


def _minutes(value: float) -> str:
    return f"{value:,.0f} min"


def minutes_text(info: MinutesInfo) -> str:
    text = (
        f"Your PSTN call minutes: {_minutes(info.this_month)} so far this month ({info.this_month_label}), "
        f"{_minutes(info.last_month)} last month ({info.last_month_label})."
    )
    if info.department and info.department_median is not None:
        text += (
            f" The median in {info.department} last month was {_minutes(info.department_median)} "
            f"({info.department_size} people)."
        )
    return text


def minutes_card(info: MinutesInfo) -> dict[str, Any]:
    pairs = [
        (f"This month ({info.this_month_label})", _minutes(info.this_month)),
        (f"Last month ({info.last_month_label})", _minutes(info.last_month)),
    ]
    if info.department and info.department_median is not None:
        pairs.append((f"{info.department} median, last month", _minutes(info.department_median)))
    return card([title("Your call minutes"), facts(pairs)], minutes_text(info), menu_actions(VERB_MINUTES))


HELP_TEXT = (
    "I can tell you your phone number, voicemail and forwarding (ask 'what's my number?') and your call "
    "minutes this month and last, compared with your department (ask 'my minutes'), the call queues you "
    "answer, with a button to opt out until a time (ask 'my queues'), and I can ring your mobile along "
    "with Teams (ask 'ring my mobile too'; 'stop' undoes it)."
)


def help_card() -> dict[str, Any]:
    body = [title("Switchboard"), {"type": "TextBlock", "text": HELP_TEXT, "wrap": True}]
    return card(body, HELP_TEXT, menu_actions(VERB_HELP))


def menu_card(heard: str) -> dict[str, Any]:
    text = f"I'm not sure what you meant by \u201c{heard[:80]}\u201d. Pick one:"
    return card(
        [{"type": "TextBlock", "text": text, "wrap": True}],
        text + " my number, my minutes, my queues, ring my mobile too, help.",
        menu_actions(),
    )


def notice_card(text: str) -> dict[str, Any]:
    return card([{"type": "TextBlock", "text": text, "wrap": True}], text, menu_actions())
