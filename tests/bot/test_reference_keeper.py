"""The keeper writes a reference when something a send needs changed (or on install and removal), not
on every turn of a busy chat, and rewrites it at least every ten minutes; a failing store never raises."""

from __future__ import annotations

from typing import Any, cast

from bot.references import UNCHANGED_S, ReferenceKeeper, Seen
from store import BotMember, StoredConversation


class CountingRepo:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[str] = []
        self.fail = fail

    async def save(self, conversation: StoredConversation) -> None:
        if self.fail:
            raise ConnectionError("database went away")
        self.calls.append(f"save {conversation.service_url}")

    async def save_member(self, member: BotMember) -> None:
        self.calls.append("member")

    async def remove(self, conversation_id: str) -> None:
        self.calls.append(f"remove {conversation_id}")


def seen(url: str = "https://smba/amer/", event: str = "activity", activity_id: str = "1") -> Seen:
    conversation = StoredConversation("a:ann", "personal", url, {"activityId": activity_id})
    return Seen(conversation, event)


async def test_unchanged_turns_are_not_rewritten_until_ten_minutes_pass() -> None:
    repo, now = CountingRepo(), [0.0]
    keeper = ReferenceKeeper(cast(Any, repo), clock=lambda: now[0])
    await keeper.on_seen(seen(event="installed"))
    await keeper.on_seen(seen(activity_id="2"))  # the same chat, a new message id: nothing to write
    await keeper.on_seen(seen(url="https://smba/emea/", activity_id="3"))  # the region moved
    now[0] += UNCHANGED_S + 1
    await keeper.on_seen(seen(url="https://smba/emea/", activity_id="4"))  # refreshed after ten minutes
    await keeper.on_seen(seen(url="https://smba/emea/", event="removed"))
    await keeper.on_seen(seen(url="https://smba/emea/", event="installed"))
    assert repo.calls == [
        "save https://smba/amer/",
        "save https://smba/emea/",
        "save https://smba/emea/",
        "remove a:ann",
        "save https://smba/emea/",
    ]


async def test_a_failing_store_is_logged_not_raised_and_retried_next_turn() -> None:
    repo = CountingRepo(fail=True)
    keeper = ReferenceKeeper(cast(Any, repo))
    await keeper.on_seen(seen())
    repo.fail = False
    await keeper.on_seen(seen(activity_id="2"))  # the failed write was not remembered as done
    assert repo.calls == ["save https://smba/amer/"]
