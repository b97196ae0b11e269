"""'Ring my mobile too' and 'stop' through Set-CsUserCallingSettings on the sandbox, and the words for it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from graph.config import GraphConfig
from graph.teams_admin import CallingSettings, TeamsAdmin, Validation, open_teams_admin, teams_admin_config
from provisioning import InvalidInput, call_handling, parse_phone_number, ring_also, stop_ring_also
from provisioning.calling import describe
from sandbox.server import RunningSandbox
from store import Store


@pytest.fixture
async def admin(sandbox: RunningSandbox) -> AsyncIterator[TeamsAdmin]:
    config = teams_admin_config(GraphConfig(base_url=sandbox.base_url), pool_size=1, request_timeout_s=20)
    async with open_teams_admin(config) as opened:
        yield opened


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    opened = await Store.open(database_url)
    yield opened
    await opened.close()


def person(sandbox: RunningSandbox) -> str:
    return next(u.id for u in sandbox.state.users.values() if u.accountType == "user" and u.assignedSkuIds)


async def test_ring_also_then_stop(sandbox: RunningSandbox, admin: TeamsAdmin, store: Store) -> None:
    uid = person(sandbox)
    assert (await call_handling(admin, uid)).also_ring is None
    on = await ring_also(admin, store, user_id=uid, upn="p@x", number="(561) 555-0134", actor="bot:p@x")
    assert on.also_ring == "+15615550134"
    stored = sandbox.state.teams.callingSettings[uid]
    assert (stored["IsForwardingEnabled"], stored["ForwardingType"], stored["ForwardingTarget"]) == (
        True,
        "Simultaneous",
        "+15615550134",
    )
    off = await stop_ring_also(admin, store, user_id=uid, upn="p@x", actor="bot:p@x")
    assert off.also_ring is None and off.forwarding == "off"
    assert sandbox.state.teams.callingSettings[uid]["IsForwardingEnabled"] is False
    events = await store.audit.list()
    assert [(e.action, e.result) for e in events] == [
        ("calling.ring_also", "ok"),
        ("calling.stop_ring_also", "ok"),
    ]
    assert events[0].after is not None and events[0].after["ForwardingTarget"] == "+15615550134"


async def test_stop_leaves_an_immediate_forward_alone(
    sandbox: RunningSandbox, admin: TeamsAdmin, store: Store
) -> None:
    uid = person(sandbox)
    await admin.calling_settings.ring_also(uid, "+15615550100")
    sandbox.state.teams.callingSettings[uid]["ForwardingType"] = "Immediate"
    after = await stop_ring_also(admin, store, user_id=uid, upn="p@x", actor="t")
    assert after.forwarding == "all calls forwarded to +15615550100"
    assert sandbox.state.teams.callingSettings[uid]["IsForwardingEnabled"] is True
    assert await store.audit.list() == []


async def test_sandbox_refuses_a_target_that_is_no_number_or_user(
    sandbox: RunningSandbox, admin: TeamsAdmin
) -> None:
    with pytest.raises(Validation, match="not a phone number or a known user"):
        await admin.calling_settings.ring_also(person(sandbox), "nobody@elsewhere.example")


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("+1 561 555 0134", "+15615550134"),
        ("561.555.0134", "+15615550134"),
        ("1-561-555-0134", "+15615550134"),
        ("0044 20 7946 0958", "+442079460958"),
    ],
)
def test_phone_numbers_people_type(text: str, number: str) -> None:
    assert parse_phone_number(text) == number


@pytest.mark.parametrize("text", ["555-0134", "my cell", "+0 561 555 0134", "5615550134999999"])
def test_not_phone_numbers(text: str) -> None:
    with pytest.raises(InvalidInput, match="is not a phone number"):
        parse_phone_number(text)


def test_describe_voicemail_and_forwarding() -> None:
    settings = CallingSettings.parse(
        {
            "IsForwardingEnabled": True,
            "ForwardingType": "Immediate",
            "ForwardingTargetType": "Voicemail",
            "IsUnansweredEnabled": True,
            "UnansweredTargetType": "Voicemail",
            "UnansweredDelay": "00:00:30",
        }
    )
    words = describe(settings)
    assert words.forwarding == "all calls go straight to voicemail"
    assert words.voicemail == "on: unanswered calls go to voicemail after 30 s"
    assert words.also_ring is None
