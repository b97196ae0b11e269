"""Adaptive Cards 1.5 for admins: the admin menu and the pop-up line cards (form, result, list, close
confirmation), as pure functions returning dicts, each with its plain-text fallback.

Every button is Action.Execute: Teams sends an `adaptiveCard/action` invoke and shows the card the bot
answers with in place of this one (bot.md §5), so a form with a mistake comes back with the mistake shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.admin_model import LineInfo
from bot.cards import button, card, facts, title
from bot.employee_cards import text_block

# Admin verbs (Action.Execute `verb`), routed by bot/admin.py.
ADMIN_MENU, POPUP_FORM, POPUP_OPEN, POPUP_LIST = "admin", "popup_form", "popup_open", "popup_list"
POPUP_SHOW, POPUP_EXTEND, POPUP_CLOSE, POPUP_CLOSE_CONFIRMED = (
    "popup_show",
    "popup_extend",
    "popup_close",
    "popup_close_confirmed",
)
FORM_FIELDS = ("name", "agents", "number", "until", "hours", "after_hours", "owner")


def execute(verb: str, label: str, data: Mapping[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    """`button` carrying `data` too (which line, which mode); Teams merges the card's inputs into it."""
    action = button(verb, label)
    action["data"] = {**action["data"], **(data or {})}
    action["fallback"]["data"] = action["data"]
    return {**action, **extra}


paragraph = text_block


def attention(text: str) -> dict[str, Any]:
    return paragraph(text, color="Attention", size="Small")


def admin_menu_card(who: str, scope: str) -> dict[str, Any]:
    text = f"Admin actions for {who} ({scope})."
    actions = [
        execute(POPUP_FORM, "Open a pop-up line"),
        execute(POPUP_LIST, "Pop-up lines"),
        execute("emergency_modes", "Emergency modes"),
        execute("approvals", "Pending approvals"),
        execute("report", "Usage report"),
        execute("voiceapps_check", "Check voice apps"),
    ]
    return card([title("Switchboard admin"), paragraph(text)], text, actions)


def _input(
    field: str, label: str, values: Mapping[str, str], errors: Mapping[str, str], **more: Any
) -> list[dict[str, Any]]:
    block = {"type": "Input.Text", "id": field, "label": label, "value": values.get(field, ""), **more}
    return [block, attention(errors[field])] if field in errors else [block]


def line_form_card(
    values: Mapping[str, str], errors: Mapping[str, str], scope: str | None = None
) -> dict[str, Any]:
    """The pop-up form, refilled with what was typed and each problem under its input."""
    body: list[dict[str, Any]] = [title("Open a pop-up line")]
    if scope:
        body.append(paragraph(scope, size="Small", isSubtle=True))
    if errors:
        body.append(attention("Nothing was opened. Fix the fields marked below."))
    body += _input("name", "Line name", values, errors, isRequired=True, maxLength=50)
    body += _input(
        "agents",
        "Who answers (UPNs, group:Name, department:Name; comma-separated)",
        values,
        errors,
        isRequired=True,
        isMultiline=True,
    )
    body += _input("number", "Number (auto, none, or +E.164)", values, errors, placeholder="auto")
    until = {"type": "Input.Date", "id": "until", "label": "Open until", "value": values.get("until", "")}
    body += [until, attention(errors["until"])] if "until" in errors else [until]
    body += _input("hours", "Hours (e.g. Mon-Fri 08:00-17:00; empty = always)", values, errors)
    body += _input(
        "after_hours",
        "After hours: disconnect, a +E.164 number to forward to, or voicemail:Group name",
        values,
        errors,
        placeholder="disconnect",
    )
    body += _input("owner", "Owner warned before expiry (UPN)", values, errors)
    fallback = "Open a pop-up line: " + (
        "; ".join(f"{k}: {v}" for k, v in errors.items()) if errors else "fill in the form."
    )
    return card(body, fallback, [execute(POPUP_OPEN, "Open the line"), execute(ADMIN_MENU, "Back")])


def line_text(line: LineInfo) -> str:
    until = f"until {line.until:%b %d, %Y}" if line.until else "with no end date"
    number = line.number or "no number (reached from an auto attendant)"
    return f"{line.name}: {line.state}, {number}, {until}; answered by {', '.join(line.agents)}."


def _line_facts(line: LineInfo) -> dict[str, Any]:
    return facts(
        [
            ("Number", line.number or "none (from an auto attendant)"),
            ("State", line.state),
            ("Open until", f"{line.until:%b %d, %Y}" if line.until else "no end date"),
            ("Answered by", ", ".join(line.agents)),
        ]
    )


def line_actions(line: LineInfo) -> list[dict[str, Any]]:
    return [
        execute(POPUP_EXTEND, "Extend", {"name": line.name}),
        execute(POPUP_CLOSE, "Close the line", {"name": line.name}, style="destructive"),
        execute(POPUP_LIST, "All pop-up lines"),
    ]


def line_card(line: LineInfo, heading: str, note: str | None = None) -> dict[str, Any]:
    """One line's facts, an extend date and the close button (the card after open and extend)."""
    body = [title(heading), _line_facts(line)]
    if note:
        body.append(attention(note))
    body.append({"type": "Input.Date", "id": "until", "label": "Extend until"})
    text = f"{heading}. {line_text(line)}" + (f" {note}" if note else "")
    return card(body, text, line_actions(line))


def lines_card(lines: list[LineInfo]) -> dict[str, Any]:
    if not lines:
        text = "No pop-up lines are open."
        return card(
            [title("Pop-up lines"), paragraph(text)], text, [execute(POPUP_FORM, "Open a pop-up line")]
        )
    body: list[dict[str, Any]] = [title("Pop-up lines")]
    body += [paragraph(line_text(line)) for line in lines]
    actions = [execute(POPUP_SHOW, f"Manage {line.name}", {"name": line.name}) for line in lines[:5]]
    actions.append(execute(POPUP_FORM, "Open a pop-up line"))
    return card(body, "\n".join(line_text(line) for line in lines), actions)


def close_confirm_card(line: LineInfo) -> dict[str, Any]:
    text = (
        f"Close {line.name}? Callers to {line.number or 'its auto-attendant option'} will no longer reach "
        "anyone; its queue, auto attendant and resource account are removed and the number goes back to "
        "the pool."
    )
    actions = [
        execute(POPUP_CLOSE_CONFIRMED, f"Yes, close {line.name}", {"name": line.name}, style="destructive"),
        execute(POPUP_SHOW, "Keep it open", {"name": line.name}),
    ]
    return card([title(f"Close {line.name}?"), paragraph(text)], text, actions)


def notice(heading: str, text: str, back: str = ADMIN_MENU) -> dict[str, Any]:
    """A refusal or a failure: what happened in words, and the way back."""
    return card([title(heading), paragraph(text)], f"{heading}: {text}", [execute(back, "Back")])
