"""Proactive sends through the sandbox's Bot Connector with the bot's own token: a known 1:1 chat is
continued, a person seen only in a team gets a chat opened once, a channel gets a new thread, nobody
else is reached, and injected 429s and 503s are retried into exactly one post each."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot import Reply
from bot.connector import Connector
from bot.proactive import NoConversation, Proactive
from sandbox.botframework import RECORDS, service_url
from sandbox.config import parse_faults
from sandbox.faults import FaultDice
from sandbox.middleware import DICE
from tests.bot.conftest import APP_ID, config_for
from tests.bot.delivery_rig import GROUP, REPORTS_CHANNEL, Rig, activity, in_team, person, snapshot

CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Line expiring"}]}
REPLY = Reply("Line expiring", CARD)


@pytest.fixture
async def proactive(delivery_rig: Rig) -> AsyncIterator[Proactive]:
    async with aiohttp.ClientSession() as session:
        yield Proactive(Connector(config_for(delivery_rig.sandbox), session), delivery_rig.store, APP_ID)


def sent(rig: Rig) -> list[Any]:
    return list(rig.sandbox.app[RECORDS].sent)


async def test_a_known_personal_chat_is_continued(delivery_rig: Rig, proactive: Proactive) -> None:
    rig, who = delivery_rig, person(delivery_rig.sandbox)
    assert (
        await rig.post(activity(rig.sandbox, who, type="installationUpdate", action="add", text=None)) == 201
    )
    rig.sandbox.app[RECORDS].clear()
    posted = await proactive.to_person(who.userPrincipalName.upper(), REPLY)
    (record,) = sent(rig)
    assert record.operation == "send" and record.conversation_id == f"a:personal-{who.id}"
    assert record.reply_to_id is None  # a fresh message, not a reply threaded under an old one
    assert record.app_id == APP_ID
    assert record.body["attachments"][0]["content"] == CARD
    assert posted.conversation_id == f"a:personal-{who.id}" and posted.activity_id == record.activity_id


async def test_a_person_seen_only_in_a_team_gets_a_chat_opened_once(
    delivery_rig: Rig, proactive: Proactive
) -> None:
    rig, who = delivery_rig, person(delivery_rig.sandbox)
    assert await rig.post(in_team(rig.sandbox, who)) == 201  # a channel message: no 1:1 chat yet
    await snapshot(rig, who)
    rig.sandbox.app[RECORDS].clear()
    await proactive.to_person(who.userPrincipalName, REPLY)
    await proactive.to_person(who.userPrincipalName, REPLY)
    create, first, second = sent(rig)
    assert create.operation == "create"
    assert create.body["members"] == [{"id": f"29:{who.id}"}]
    assert create.body["channelData"]["tenant"]["id"] == rig.sandbox.state.tenantId
    assert create.body["isGroup"] is False
    assert first.operation == second.operation == "send"
    assert first.conversation_id == second.conversation_id == create.conversation_id
    chat = await rig.store.conversations.personal(aad_object_id=who.id)
    assert chat is not None and chat.conversation_id == create.conversation_id


async def test_someone_the_bot_never_met_is_named(delivery_rig: Rig, proactive: Proactive) -> None:
    with pytest.raises(NoConversation, match=r"nobody@county\.example has not installed the Switchboard app"):
        await proactive.to_person("nobody@county.example", REPLY)
    with pytest.raises(NoConversation, match="not installed in team"):
        await proactive.to_channel("19:unknown@thread.tacv2", REPORTS_CHANNEL, REPLY)
    assert sent(delivery_rig) == []


async def test_a_channel_gets_a_new_thread_through_throttling_and_outages(
    delivery_rig: Rig, proactive: Proactive
) -> None:
    rig, who = delivery_rig, person(delivery_rig.sandbox)
    added = in_team(
        rig.sandbox, who, type="conversationUpdate", text=None, membersAdded=[{"id": f"28:{APP_ID}"}]
    )
    assert await rig.post(added) == 201
    rig.sandbox.app[RECORDS].clear()
    rig.sandbox.app[DICE] = FaultDice(parse_faults("connector:429@0.3,connector:503@0.3"), seed=9)
    started = dt.datetime.now(dt.UTC).timestamp()
    for _ in range(4):
        await proactive.to_channel(GROUP, REPORTS_CHANNEL, REPLY)
    statuses = [e.status for e in rig.sandbox.requests.entries if e.group == "connector" and e.at >= started]
    assert 429 in statuses and 503 in statuses  # the faults happened …
    threads = sent(rig)
    assert len(threads) == 4  # … and each post arrived exactly once
    for thread in threads:
        assert thread.operation == "create" and thread.body["isGroup"] is True
        assert thread.body["channelData"]["channel"]["id"] == REPORTS_CHANNEL
        assert thread.body["activity"]["attachments"][0]["content"] == CARD
        assert thread.conversation_id.startswith(f"{REPORTS_CHANNEL};messageid=")
        assert thread.path.startswith("/botframework/connector/amer/")  # the team's service URL
    assert service_url(rig.sandbox.root_url).endswith("/amer/")
