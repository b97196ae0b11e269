"""A saved plan rebuilds nested voice-app states exactly (queues' exceptions, schedules' ranges)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from provisioning.states import from_jsonable, to_jsonable
from provisioning.voiceapps.model import (
    Agent,
    CallQueue,
    DateTimeRange,
    QueueException,
    Schedule,
    Target,
    TimeRange,
)


@pytest.mark.parametrize(
    "state",
    [
        CallQueue(
            "Permits",
            agents=(Agent("ana@county.gov"), Agent("bo@county.gov", opt_in=False)),
            overflow=QueueException("forward", Target("call_queue", "Intake", via="intake@county.gov"), 3),
        ),
        Schedule(
            "Holidays", "fixed", ranges=(DateTimeRange(dt.datetime(2026, 12, 25), dt.datetime(2026, 12, 26)),)
        ),
        Schedule("Hours", "weekly", weekly=(("monday", (TimeRange(480, 720), TimeRange(780, 1020))),)),
    ],
)
def test_round_trip_through_json_text(state: object) -> None:
    text = json.dumps(to_jsonable(state))
    assert from_jsonable(type(state), json.loads(text)) == state


def test_unknown_field_is_refused() -> None:
    with pytest.raises(ValueError, match="no field"):
        from_jsonable(Agent, {"upn": "a@x.gov", "colour": "red"})
