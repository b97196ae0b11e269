"""Admin phrasings join the matcher only when the bot has an admin side; they must not steal employees'
questions, and admins' own questions must reach their verbs."""

from __future__ import annotations

import pytest

from bot.intents import ADMIN_EXAMPLES, EXAMPLES, IntentMatcher

MERGED = IntentMatcher({**EXAMPLES, **ADMIN_EXAMPLES})
EMPLOYEE = IntentMatcher()


@pytest.mark.parametrize(("intent", "phrase"), [(i, p) for i, ps in EXAMPLES.items() for p in ps])
def test_employee_examples_keep_their_intent(intent: str, phrase: str) -> None:
    assert EMPLOYEE.match(phrase).intent == intent  # the baseline …
    assert MERGED.match(phrase).intent == intent  # … unchanged with the admin phrasings added


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("open a pop up line for the fire fee", "popup_form"),
        ("I need to open a temporary hotline", "popup_form"),
        ("activate the hurricane emergency mode", "emergency_modes"),
        ("show me the usage report for october", "report"),
        ("list the pop-up lines", "popup_list"),
        ("storm mode please", "emergency_modes"),
        ("check the voice apps", "voiceapps_check"),
        ("any pending approvals?", "approvals"),
    ],
)
def test_admin_questions_reach_their_verbs(text: str, verb: str) -> None:
    assert MERGED.match(text).intent == verb
