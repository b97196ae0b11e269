"""Pure admin card builders and form validation, without I/O."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot import admin_cards as ac
from bot import emergency_cards as ec
from bot.admin_forms import line_form
from bot.admin_model import Change, FindingInfo, LineForm, LineInfo, ReportInfo

TODAY = dt.date(2026, 11, 2)


def actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    return list(card["actions"])


def assert_universal(card: dict[str, Any]) -> None:
    """Adaptive Card 1.5 with only Action.Execute buttons (each with a verb and a Submit fallback)."""
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert card["fallbackText"]
    for action in actions(card):
        assert action["type"] == "Action.Execute"
        assert action["data"]["verb"] == action["verb"]
        assert action["fallback"]["type"] == "Action.Submit"
    ids = [b["id"] for b in card["body"] if b["type"].startswith("Input.")]
    assert len(ids) == len(set(ids))


def test_a_good_form_becomes_a_line() -> None:
    data = {
        "name": " Fire Services Fee ",
        "agents": "group:Fire Fee Line Agents; ana@county.gov",
        "number": "+1 561 555 0100",
        "until": "2026-12-31",
        "hours": "Mon-Fri 08:00-17:00",
        "owner": "ana@county.gov",
    }
    result = line_form(data, TODAY)
    assert result.errors == {}
    assert result.form == LineForm(
        "Fire Services Fee",
        ("group:Fire Fee Line Agents", "ana@county.gov"),
        "+15615550100",
        dt.date(2026, 12, 31),
        "Mon-Fri 08:00-17:00",
        "ana@county.gov",
    )


def test_every_bad_field_is_named_at_once() -> None:
    data = {
        "name": "",
        "agents": "",
        "number": "5550100",
        "until": "31/12/2026",
        "hours": "9 to 5",
        "owner": "ana",
    }
    result = line_form(data, TODAY)
    assert result.form is None
    assert set(result.errors) == {"name", "agents", "number", "until", "hours", "owner"}
    assert "YYYY-MM-DD" in result.errors["until"]


def test_number_choices() -> None:
    assert line_form({"name": "x", "agents": "a@b.gov", "number": "none"}, TODAY).form == LineForm(
        "x", ("a@b.gov",), None
    )
    assert line_form({"name": "x", "agents": "a@b.gov"}, TODAY).form == LineForm("x", ("a@b.gov",), "auto")


def test_today_is_not_a_valid_last_day() -> None:
    result = line_form({"name": "x", "agents": "a@b.gov", "until": TODAY.isoformat()}, TODAY)
    assert "not in the future" in result.errors["until"]


def test_form_card_keeps_values_and_shows_errors_under_their_inputs() -> None:
    card = ac.line_form_card({"name": "Fire Fee", "number": "555"}, {"number": "bad number"})
    assert_universal(card)
    body = card["body"]
    number_at = next(i for i, b in enumerate(body) if b.get("id") == "number")
    assert body[number_at]["value"] == "555"
    assert body[number_at + 1] == {
        "type": "TextBlock",
        "text": "bad number",
        "wrap": True,
        "color": "Attention",
        "size": "Small",
    }
    assert next(b for b in body if b.get("id") == "name")["value"] == "Fire Fee"
    assert actions(card)[0]["verb"] == ac.POPUP_OPEN


def test_line_card_buttons_carry_the_line_name() -> None:
    line = LineInfo("Fire Services Fee", "+15615550100", dt.date(2026, 12, 31), ("a@b.gov",))
    card = ac.line_card(line, "Opened Fire Services Fee")
    assert_universal(card)
    verbs = {a["verb"]: a["data"] for a in actions(card)}
    assert verbs[ac.POPUP_EXTEND]["name"] == "Fire Services Fee"
    assert verbs[ac.POPUP_CLOSE]["name"] == "Fire Services Fee"
    assert "Dec 31, 2026" in card["fallbackText"]


def test_confirmation_lists_every_change_and_counts_the_overflow() -> None:
    changes = [Change(f"Queue {i}", "open", "closed") for i in range(ec.MAX_ROWS + 3)]
    card = ec.confirm_mode_card("hurricane", None, changes, approval_required=False)
    assert_universal(card)
    rows = [b["text"] for b in card["body"][1:]]
    assert rows[0] == "**Queue 0**: open → closed"
    assert rows[-1].startswith("… and 3 more")
    assert card["fallbackText"].count("→") == len(changes)  # the text twin lists everything
    assert actions(card)[0]["data"] == {"verb": ec.ACTIVATE, "mode": "hurricane", "message": ""}


def test_report_and_findings_cards() -> None:
    info = ReportInfo("23 Nov 2026 – 29 Nov 2026", 12345.4, 800, 410, 4.3, -0.125, (("Fire Rescue", 900.0),))
    card = ec.report_card(info, "last-week")
    assert_universal(card)
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts["PSTN minutes"] == "12,345 (-12% on the period before)"
    assert facts["Fire Rescue"] == "900 min"
    findings = ec.findings_card(
        [FindingInfo("dead-end", "Main", "Main key 3 leads nowhere")],
        dt.datetime(2026, 11, 2, 9, tzinfo=dt.UTC),
    )
    assert_universal(findings)
    assert "dead-end: Main key 3 leads nowhere" in findings["fallbackText"]
