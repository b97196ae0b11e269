"""A real Microsoft client: Agents Playground talks to `switchboard bot serve` (local mode) on the county
sandbox as one employee (mapped by aadObjectId) — my number, my minutes, my queues and the card's opt-out.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from graph import GraphConfig, open_graph
from reports import named_period
from reports.sync import sync_all
from sandbox.config import SandboxConfig
from store import Store
from tests.bot import playground
from tests.bot.playground import Person, buttons, card, require_playground, start_e2e
from tests.conftest import SandboxFactory

ZONE = ZoneInfo("America/New_York")


def facts(card_json: dict[str, object]) -> dict[str, str]:
    return {
        f["title"]: f["value"]
        for block in card_json["body"]  # type: ignore[attr-defined]
        if block["type"] == "FactSet"
        for f in block["facts"]
    }


async def test_employee_conversation_through_the_playground(
    sandbox_factory: SandboxFactory, tmp_path: Path
) -> None:
    require_playground()
    today = dt.datetime.now(ZONE).date()  # the bot's clock is the real one: history must end yesterday
    sb = await sandbox_factory(
        "county", today=today, config=SandboxConfig(operation_delay_s=0.05, calllog_limit=100_000)
    )
    (queue,) = [q for q in sb.state.teams.callQueues.values() if q["Name"] == "Building Permits"]
    users = list(queue["Users"])
    aad = users[3]
    user = sb.state.users[aad]
    number = next(n.telephoneNumber for n in sb.state.numbers.values() if n.assignmentTargetId == aad)
    last = named_period("last-month", today, "America/New_York")
    seconds = Counter[str]()
    for row in [*sb.state.pstnCalls, *(r for r in sb.state.directRoutingCalls if r.successfulCall)]:
        if row.userId == aad and last.first <= row.startDateTime.astimezone(ZONE).date() <= last.last:
            seconds[aad] += row.duration
    database = f"sqlite:///{tmp_path}/bot.db"
    store = await Store.open(database)
    async with open_graph(GraphConfig(base_url=sb.base_url, calllog_requests_per_minute=100_000)) as graph:
        await sync_all(graph, store, since=last.first - dt.timedelta(days=3), activity=False)

    person = Person(aad, user.displayName, user.userPrincipalName)
    async with start_e2e(sb, person, database, tmp_path) as e2e:
        pg = e2e.playground
        (reply,) = await pg.send("what's my number?")
        shown = facts(card(reply))
        assert shown["Number"] == number
        assert (
            shown["Voicemail"] == "on: unanswered calls go to voicemail after 20 s"
        )  # Get-CsUserCallingSettings
        assert shown["Forwarding"] == "off"

        (reply,) = await pg.send("how many minutes did I use?")
        label = f"Last month ({last.first:%b %Y})"
        assert facts(card(reply))[label] == f"{seconds[aad] / 60:,.0f} min"

        (reply,) = await pg.send("my queues")
        queues_card = card(reply)
        assert facts(queues_card)["Building Permits"] == "opted in"
        (opt_out,) = [b for b in buttons(queues_card) if b["verb"] == "queue_opt_out"]
        (choice,) = [b for b in queues_card["body"] if b["type"] == "Input.ChoiceSet"]
        answer = await pg.press(reply, opt_out, until=choice["choices"][0]["value"])  # for 1 hour
        assert answer["type"] == "application/vnd.microsoft.card.adaptive"  # the card replaces the old one
        assert "Done: you are off Building Permits until" in answer["value"]["fallbackText"]
        assert aad not in sb.state.teams.callQueues[queue["Identity"]]["Users"]
        (pending,) = await store.opt_ins.for_user(aad)
        assert dt.timedelta(minutes=59) < pending.due_at - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=1)

        (opt_in,) = [b for b in buttons(answer["value"]) if b["verb"] == "queue_opt_in"]
        back = await pg.press(reply, opt_in)
        assert "back on Building Permits" in back["value"]["fallbackText"]
        assert sb.state.teams.callQueues[queue["Identity"]]["Users"] == users

        (legacy,) = await pg.submit(reply, {"verb": "help"})  # Action.Submit, as clients before 1.4 send it
        assert "call queues you answer" in card(legacy)["fallbackText"]
    events = [(e.action, e.actor, e.result) for e in await store.audit.list()]
    await store.close()
    actor = f"bot:{user.userPrincipalName}"
    assert events == [("queue.opt_out", actor, "ok"), ("queue.opt_in", actor, "ok")]


def test_missing_playground_skips_here_and_fails_in_ci(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(playground, "PLAYGROUND", tmp_path / "absent")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="make tools"):
        playground.require_playground()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="make tools"):
        playground.require_playground()
